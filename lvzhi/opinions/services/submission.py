"""Sending reports in (一事一报): members and officers for themselves, the office for a body that sent one."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import Committee, User
from lvzhi.ledger.services import record_duty, void_duties_for_source
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.opinions.models import Attachment, Category, InformationOfficer, Opinion, OpinionEvent, Revision
from lvzhi.opinions.services.common import INFO_DEPT, MAX_CHARS, MIN_CHARS, OPINION, add_event
from lvzhi.opinions.transitions import OA
from lvzhi.opinions.uploads import checked_attachments
from lvzhi.org.models import Member
from lvzhi.org.services.members import current_membership

OS = Opinion.Status
S = Opinion.Source


@dataclass(frozen=True)
class Draft:
    title: str
    content: str
    category: str = Category.OTHER


def checked(draft: Draft) -> Draft:
    """The draft with whitespace trimmed, or a 400 naming each field that is wrong."""
    title, content = draft.title.strip(), draft.content.strip()
    fields: dict[str, list[str]] = {}
    if not title:
        fields["title"] = [_("请填写标题")]
    elif len(title) > 120:
        fields["title"] = [_("标题不能超过 120 字")]
    if len(content) < MIN_CHARS:
        fields["content"] = [_("正文至少 %(n)s 字：请写明情况、分析和建议") % {"n": MIN_CHARS}]
    elif len(content) > MAX_CHARS:
        fields["content"] = [
            _("正文 %(len)s 字，超过上限 %(max)s 字：一事一报，请精简或分成几篇")
            % {"len": len(content), "max": MAX_CHARS}
        ]
    if draft.category not in Category.values:
        fields["category"] = [_("类别不正确")]
    if fields:
        raise DomainError("validation.invalid", next(iter(fields.values()))[0], fields=fields)
    return Draft(title, content, draft.category)


def officer_of(user: User, committee: Committee) -> InformationOfficer | None:
    return InformationOfficer.objects.filter(committee=committee, user=user, is_active=True).first()


def _attach(opinion: Opinion, files: Sequence[UploadedFile]) -> None:
    already = opinion.attachments.count() if opinion.pk else 0
    for file, kind, stored in checked_attachments(files, already=already):
        attachment = Attachment(
            committee_id=opinion.committee_id, opinion=opinion, name=file.name[:120], size=file.size, kind=kind
        )
        attachment.file.save(stored, file, save=False)
        attachment.save()


def _create(
    *,
    committee: Committee,
    draft: Draft,
    source: str,
    author_name: str,
    actor: User | None,
    files: Sequence[UploadedFile] = (),
    at: datetime.datetime | None = None,
    **fields: object,
) -> Opinion:
    draft = checked(draft)
    checked_attachments(files)  # refuse a bad file before anything is written
    now = at or timezone.now()
    opinion = Opinion(
        committee=committee,
        title=draft.title,
        content=draft.content,
        category=draft.category,
        source=source,
        author_name=author_name[:100],
        submitted_at=now,
        year=timezone.localdate(now).year,
        **fields,
    )
    OPINION.check(OA.SUBMIT, "")
    opinion.save()
    Revision.objects.create(
        committee=committee,
        opinion=opinion,
        number=1,
        title=draft.title,
        content=draft.content,
        by=actor,
        by_author=True,
    )
    _attach(opinion, files)
    event = add_event(opinion, action=OA.SUBMIT, actor=actor, to_status=OS.SUBMITTED)
    if at is not None:
        OpinionEvent.objects.filter(pk=event.pk).update(at=at)
    if opinion.author_member_id:
        record_duty(
            committee=committee,
            member=opinion.author_member,
            kind=DutyKind.OPINION,
            role=DutyRole.SUBMITTER,
            event_date=timezone.localdate(now),
            title=_("报送社情民意：%(t)s") % {"t": opinion.title},
            source=opinion,
            recorded_by=actor,
            recorded_by_dept=INFO_DEPT,
        )
    return opinion


@transaction.atomic
def submit_opinion(
    *,
    committee: Committee,
    user: User,
    draft: Draft,
    files: Sequence[UploadedFile] = (),
    unit_name: str = "",
    at: datetime.datetime | None = None,
) -> Opinion:
    """A member or an information officer sends a report of their own; it counts for the member at once.
    `at` only for reports recorded afterwards (the demo's year), never from a screen or the API."""
    member = Member.objects.filter(committee=committee, user=user).first()
    officer = officer_of(user, committee)
    if member is None and officer is None:
        officer = InformationOfficer.objects.create(committee=committee, name=str(user)[:30], user=user)
    station = None
    if member is not None:
        membership = current_membership(member)
        station = membership.station if membership is not None else None
    if station is None and officer is not None:
        station = officer.station
    return _create(
        committee=committee,
        draft=draft,
        source=S.MEMBER if member is not None else S.OFFICER,
        author_name=member.name if member is not None else officer.name,
        actor=user,
        files=files,
        at=at,
        author_user=user,
        author_member=member,
        officer=officer,
        station=station,
        unit_name=unit_name.strip()[:100],
    )


UNIT_SOURCES = frozenset({S.SPECIAL_COMMITTEE, S.PARTY, S.LOWER_COMMITTEE, S.PUBLIC, S.OFFICE})
RECORDABLE_SOURCES = UNIT_SOURCES | {S.MEMBER}


@transaction.atomic
def record_received(
    *,
    committee: Committee,
    draft: Draft,
    source: str,
    unit_name: str,
    actor: User,
    member: Member | None = None,
    files: Sequence[UploadedFile] = (),
    received_at: datetime.datetime | None = None,
) -> Opinion:
    """The office registers a report sent in: by a body (专委会, 党派, 下级政协 …), naming a member author if there
    is one, or handed in on paper by a member; `received_at` when it came in earlier (补录)."""
    unit_name = unit_name.strip()
    if source not in RECORDABLE_SOURCES:
        raise DomainError("validation.invalid", _("来源不正确"), fields={"source": [_("来源不正确")]})
    if source == S.MEMBER and member is None:
        raise DomainError("validation.invalid", _("请选择委员"), fields={"member": [_("请选择委员")]})
    if source != S.MEMBER and not unit_name:
        raise DomainError("validation.invalid", _("请填写报送单位"), fields={"unit_name": [_("请填写报送单位")]})
    station = None
    if member is not None:
        membership = current_membership(member)
        station = membership.station if membership is not None else None
    return _create(
        committee=committee,
        draft=draft,
        source=source,
        author_name=member.name if member is not None else unit_name,
        actor=actor,
        files=files,
        at=received_at,
        author_member=member,
        author_user=member.user if member is not None else None,
        unit_name=unit_name[:100],
        station=station,
    )


def ensure_author(opinion: Opinion, user: User) -> None:
    if opinion.author_user_id != user.pk:
        raise NotAllowed("opinion.not_author", _("只有报送人可以这样做"))


@transaction.atomic
def resubmit_opinion(opinion: Opinion, *, user: User, draft: Draft, files: Sequence[UploadedFile] = ()) -> Opinion:
    """The author rewrites a returned report; the new text is another author revision."""
    ensure_author(opinion, user)
    draft = checked(draft)
    opinion = OPINION.lock(opinion)
    OPINION.check(OA.RESUBMIT, opinion.status)
    checked_attachments(files, already=opinion.attachments.count())
    number = opinion.revisions.count() + 1
    Revision.objects.create(
        committee_id=opinion.committee_id,
        opinion=opinion,
        number=number,
        title=draft.title,
        content=draft.content,
        by=user,
        by_author=True,
        note=_("退回后修改"),
    )
    opinion.title, opinion.content, opinion.category, opinion.reason = draft.title, draft.content, draft.category, ""
    _attach(opinion, files)
    return OPINION.transition(
        opinion, OA.RESUBMIT, actor=user, locked=True, fields=["title", "content", "category", "reason"]
    )


@transaction.atomic
def withdraw_opinion(opinion: Opinion, *, user: User) -> Opinion:
    """The author takes back a report nobody has edited yet; it no longer counts."""
    ensure_author(opinion, user)
    opinion = OPINION.transition(opinion, OA.WITHDRAW, actor=user)
    void_duties_for_source(opinion, actor=user, reason=_("报送人撤回"))
    return opinion


@transaction.atomic
def add_attachments(opinion: Opinion, *, user: User, files: Sequence[UploadedFile]) -> Opinion:
    ensure_author(opinion, user)
    opinion = OPINION.lock(opinion)
    OPINION.check(OA.WITHDRAW, opinion.status, code="opinion.not_editable")
    _attach(opinion, files)
    add_event(opinion, action="attach", actor=user, data={"files": [f.name for f in files]})
    return opinion
