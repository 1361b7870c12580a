"""Plenary speeches (大会发言): a member submits one for a plenary session; the office selects it for oral delivery
or written circulation (each a ledger row, kind `speech`, role `speaker` or `written`), or does not use it."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import Workflow
from lvzhi.ledger.services import DutyEntry, record_duties, void_duties_for_source
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.org.models import Member, Session
from lvzhi.proposals.models import CONTENT_MAX, TITLE_MAX, Speech, SpeechEvent
from lvzhi.proposals.services.common import OFFICE
from lvzhi.proposals.transitions import SA, SPEECH_MOVES

S = Speech.Status
ROLES = {S.ORAL: DutyRole.SPEAKER, S.WRITTEN: DutyRole.WRITTEN}


def _event(speech: Speech, **kwargs: Any) -> SpeechEvent:
    return SpeechEvent.objects.create(
        committee_id=speech.committee_id,
        speech=speech,
        at=timezone.now(),
        **{**kwargs, "data": kwargs.get("data") or {}},
    )


SPEECH = Workflow(SPEECH_MOVES, Speech.Status, "speech.bad_status", event=_event)


def _invalid(field: str, message: str) -> DomainError:
    return DomainError("validation.invalid", message, fields={field: [message]})


def submit_speech(*, member: Member, session: Session | None, title: str, content: str, actor: User) -> Speech:
    title, content = (title or "").strip(), (content or "").replace("\r\n", "\n").strip()
    fields: dict[str, list[str]] = {}
    if session is None or session.committee_id != member.committee_id:
        fields["session_id"] = [_("请选择大会")]
    if not title or len(title) > TITLE_MAX:
        fields["title"] = [_("请填写题目（不超过 %(n)s 字）") % {"n": TITLE_MAX}]
    if not content or len(content) > CONTENT_MAX:
        fields["content"] = [_("请填写发言稿（不超过 %(n)s 字）") % {"n": CONTENT_MAX}]
    if fields:
        raise DomainError("validation.invalid", next(iter(fields.values()))[0], fields=fields)
    if session.closes_on and session.closes_on < timezone.localdate():
        raise _invalid("session_id", _("该次大会已闭幕，不能再提交大会发言"))
    with transaction.atomic():
        speech = Speech.objects.create(
            committee_id=member.committee_id, session=session, member=member, title=title, content=content
        )
        SPEECH.event(speech, action=SA.SUBMIT, actor=actor, from_status="", to_status=S.SUBMITTED, note="", data={})
    return speech


def withdraw_speech(speech: Speech, *, actor: User) -> Speech:
    if speech.member.user_id != actor.pk:
        raise NotAllowed("speech.not_author", _("只有发言人本人可以撤回"))
    return SPEECH.transition(speech, SA.WITHDRAW, actor=actor)


def decide_speech(speech: Speech, *, decision: str, note: str, actor: User) -> Speech:
    """Select for oral delivery or written circulation, or do not use; a changed decision voids the old ledger row."""
    if decision not in (SA.ORAL, SA.WRITTEN, SA.DECLINE):
        raise _invalid("decision", _("请选择口头发言、书面发言或不采用"))
    note = (note or "").strip()
    if len(note) > 300:
        raise _invalid("note", _("说明不超过 300 字"))
    with transaction.atomic():
        speech = SPEECH.lock(speech)
        speech.decision_note = note
        speech.decided_at = timezone.now()
        speech = SPEECH.transition(
            speech, decision, actor=actor, note=note, fields=("decision_note", "decided_at"), locked=True
        )
        void_duties_for_source(speech, actor=actor, reason=_("大会发言遴选结果已变更"))
        if speech.status in ROLES:
            day = speech.session.opens_on or timezone.localdate()
            entry = DutyEntry(speech.member, DutyKind.SPEECH, ROLES[speech.status], day, speech.title, speech)
            record_duties(committee=speech.committee, entries=[entry], recorded_by=actor, recorded_by_dept=str(OFFICE))
    notify(
        committee=speech.committee,
        recipients=[speech.member],
        kind="speech.decided",
        title=_("大会发言遴选结果：%(t)s") % {"t": speech.title},
        body=f"{speech.get_status_display()}。{note}".rstrip("。"),
        source=speech,
    )
    return speech
