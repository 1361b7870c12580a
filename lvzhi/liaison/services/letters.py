"""Mailbox letters: submitted by a citizen, sorted, answered or passed to a unit, rated (DOMAIN.md §3.4)."""

import datetime
import os
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.core.notify import notify
from lvzhi.core.workdays import add_working_days
from lvzhi.ledger.services import record_duty, void_duties_for_source
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.liaison.guard import content_hash
from lvzhi.liaison.models import OPEN_STATUSES, Letter, Mailbox
from lvzhi.liaison.transitions import LA, LETTER
from lvzhi.org.models import HandlingUnit, Member, SectorGroup, Station

S = Letter.Status
MAILBOX_DEPT = "委员信箱"
DUPLICATE_WINDOW = datetime.timedelta(minutes=30)


@dataclass(frozen=True)
class LetterInput:
    kind: str
    title: str
    content: str
    phone: str
    writer_name: str = ""
    is_public: bool = False


def mailbox_for(owner: Member | Station | SectorGroup) -> Mailbox:
    """The owner's mailbox, opened on first use (its key is what the poster's QR code points to)."""
    field = {Member: "member", Station: "station", SectorGroup: "group"}[type(owner)]
    mailbox, _created = Mailbox.objects.get_or_create(
        committee_id=owner.committee_id, **{field: owner}, defaults={"kind": field}
    )
    return mailbox


def letter_managers(committee: Committee) -> list[User]:
    """The office that sorts letters (委员联络): told of letters waiting and of deadlines missed."""
    return list(
        User.objects.filter(
            role_assignments__committee=committee, role_assignments__role=Role.MEMBER_AFFAIRS, is_active=True
        ).distinct()
    )


def unit_users(unit: HandlingUnit) -> list[User]:
    ids = RoleAssignment.objects.filter(handling_unit=unit, role=Role.HANDLING_UNIT).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _validate(data: LetterInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.kind not in Letter.Kind.values:
        errors["kind"] = [_("取值不在允许范围内")]
    if not data.title.strip():
        errors["title"] = [_("请填写标题")]
    elif len(data.title) > 100:
        errors["title"] = [_("标题不超过 100 字")]
    if len(data.content.strip()) < 5:
        errors["content"] = [_("请写明您反映的事情（至少 5 个字）")]
    elif len(data.content) > 5000:
        errors["content"] = [_("内容不超过 5000 字")]
    phone = data.phone.strip()
    if not (phone.isdigit() and len(phone) == 11 and phone.startswith("1")) and not _landline(phone):
        errors["phone"] = [_("请填写 11 位手机号码或带区号的固定电话")]
    if errors:
        raise DomainError("letter.invalid", _("请检查填写的内容"), fields=errors)


def _landline(phone: str) -> bool:
    digits = phone.replace("-", "")
    return phone.startswith("0") and digits.isdigit() and 10 <= len(digits) <= 12


@transaction.atomic
def submit_letter(
    mailbox: Mailbox,
    data: LetterInput,
    *,
    attachment: UploadedFile | None = None,
    attachment_ext: str = "",
    sender: str = "",
) -> tuple[Letter, bool]:
    """Store a citizen's letter; (letter, created). The same letter sent again from the same address within half
    an hour (a double tap, a retry after a dropped connection) returns the first one, so nothing is stored twice
    and nothing is lost."""
    if not mailbox.is_open:
        raise DomainError("mailbox.closed", _("该信箱暂停接收来信"), status=409)
    _validate(data)
    digest = content_hash(data.title.strip(), data.content.strip(), data.phone.strip())
    if sender:
        earlier = Letter.objects.filter(
            mailbox=mailbox,
            sender_hash=sender,
            content_hash=digest,
            submitted_at__gte=timezone.now() - DUPLICATE_WINDOW,
        ).first()
        if earlier is not None:
            return earlier, False
    committee = mailbox.committee
    today = timezone.localdate()
    letter = Letter(
        committee=committee,
        mailbox=mailbox,
        status=S.SUBMITTED,
        kind=data.kind,
        title=data.title.strip(),
        content=data.content.strip(),
        writer_name=data.writer_name.strip()[:30],
        phone=data.phone.strip(),
        is_public=data.is_public,
        sender_hash=sender,
        content_hash=digest,
        first_response_due=add_working_days(committee, today, settings.LETTER_FIRST_RESPONSE_DAYS),
        final_due=add_working_days(committee, today, settings.LETTER_FINAL_DAYS),
    )
    if attachment is not None:
        letter.attachment_name = os.path.basename(attachment.name or "")[:120]
        # Stored under a name of our own with the extension its content showed, never the one it came with.
        attachment.name = f"letter.{attachment_ext or 'bin'}"
        letter.attachment = attachment
    letter.save()
    LETTER.check(LA.SUBMIT, "")
    LETTER.event(letter, action=LA.SUBMIT, actor=None, from_status="", to_status=S.SUBMITTED, note="", data={})
    if mailbox.kind == Mailbox.Kind.MEMBER:
        letter.assignee = mailbox.member
        letter = LETTER.transition(
            letter, LA.ASSIGN, actor=None, note=_("委员信箱来信，直接送委员阅处"), fields=["assignee"], locked=True
        )
        _tell_assignee(letter)
    else:
        notify(
            committee=committee,
            recipients=letter_managers(committee),
            kind="letter.submitted",
            title=_("新的群众来信待分拣：%(t)s") % {"t": letter.title},
            source=letter,
        )
    return letter, True


def _tell_assignee(letter: Letter) -> None:
    member = letter.assignee
    notify(
        committee=letter.committee,
        recipients=[member],
        kind="letter.assigned",
        title=_("您有一封群众来信待答复：%(t)s") % {"t": letter.title},
        body=_("请于 %(d)s 前首次回应。") % {"d": letter.first_response_due.isoformat()},
        source=letter,
    )


def _responded(letter: Letter, fields: list[str]) -> None:
    if letter.first_responded_at is None:
        letter.first_responded_at = timezone.now()
        fields.append("first_responded_at")


def _locked(letter: Letter) -> Letter:
    return LETTER.lock(letter)


@transaction.atomic
def assign_letter(letter: Letter, *, member: Member, actor: User, note: str = "") -> Letter:
    """The office sorts a letter to a member (usually the station's member on duty, or the sector's)."""
    letter = _locked(letter)
    if member.committee_id != letter.committee_id:
        raise DomainError("letter.bad_member", _("委员不存在"))
    letter.assignee = member
    letter = LETTER.transition(letter, LA.ASSIGN, actor=actor, note=note, fields=["assignee"], locked=True)
    _tell_assignee(letter)
    return letter


def _may_answer(letter: Letter, member: Member | None) -> None:
    """A member answers only letters sorted to them; the office (member=None) answers any."""
    if member is not None and letter.assignee_id != member.pk:
        raise NotAllowed("letter.not_assignee", _("这封来信未分送给您"))


@transaction.atomic
def acknowledge_letter(letter: Letter, *, note: str, actor: User, member: Member | None) -> Letter:
    letter = _locked(letter)
    _may_answer(letter, member)
    if not note.strip():
        raise DomainError("letter.note_required", _("请填写回应内容"), fields={"note": [_("此项为必填")]})
    fields: list[str] = []
    _responded(letter, fields)
    return LETTER.transition(letter, LA.ACKNOWLEDGE, actor=actor, note=note, fields=fields, locked=True)


@transaction.atomic
def forward_letter(letter: Letter, *, unit: HandlingUnit, note: str, actor: User) -> Letter:
    letter = _locked(letter)
    if unit.committee_id != letter.committee_id or not unit.is_active:
        raise DomainError("letter.bad_unit", _("办理单位不存在或已停用"))
    letter.handling_unit = unit
    fields = ["handling_unit"]
    _responded(letter, fields)
    letter = LETTER.transition(
        letter, LA.FORWARD, actor=actor, note=note, fields=fields, locked=True, data={"unit": unit.name}
    )
    notify(
        committee=letter.committee,
        recipients=unit_users(unit),
        kind="letter.forwarded",
        title=_("转办群众来信：%(t)s") % {"t": letter.title},
        body=_("请于 %(d)s 前办结并回复。") % {"d": letter.final_due.isoformat()},
        source=letter,
    )
    return letter


@transaction.atomic
def unit_reply(letter: Letter, *, reply: str, actor: User, unit_ids: Iterable[int]) -> Letter:
    """The handling unit's result; the member or the office then answers the writer."""
    letter = _locked(letter)
    if letter.handling_unit_id not in set(unit_ids):
        raise NotAllowed("letter.not_your_unit", _("这封来信未转办给本单位"))
    if not reply.strip():
        raise DomainError("letter.reply_required", _("请填写办理结果"), fields={"reply": [_("此项为必填")]})
    letter.unit_reply = reply.strip()
    letter.unit_replied_at = timezone.now()
    letter = LETTER.transition(
        letter, LA.UNIT_REPLY, actor=actor, fields=["unit_reply", "unit_replied_at"], locked=True
    )
    recipients: list = [*letter_managers(letter.committee)]
    if letter.assignee is not None:
        recipients.append(letter.assignee)
    notify(
        committee=letter.committee,
        recipients=recipients,
        kind="letter.handled",
        title=_("来信已由单位办理，请答复来信人：%(t)s") % {"t": letter.title},
        source=letter,
    )
    return letter


@transaction.atomic
def answer_letter(letter: Letter, *, answer: str, actor: User, member: Member | None) -> Letter:
    """The answer the writer reads through their link; a member's answer counts in their ledger."""
    letter = _locked(letter)
    _may_answer(letter, member)
    if not answer.strip():
        raise DomainError("letter.answer_required", _("请填写答复内容"), fields={"answer": [_("此项为必填")]})
    letter.answer = answer.strip()
    letter.answered_by = actor
    letter.answered_by_member = member
    letter.answered_at = timezone.now()
    fields = ["answer", "answered_by", "answered_by_member", "answered_at"]
    _responded(letter, fields)
    letter = LETTER.transition(letter, LA.ANSWER, actor=actor, fields=fields, locked=True)
    if member is not None:
        record_duty(
            committee=letter.committee,
            member=member,
            kind=DutyKind.MAILBOX,
            role=DutyRole.PARTICIPANT,
            event_date=timezone.localdate(),
            title=_("答复群众来信：%(t)s") % {"t": letter.title},
            source=letter,
            recorded_by=actor,
            recorded_by_dept=MAILBOX_DEPT,
        )
    return letter


@transaction.atomic
def rate_letter(letter: Letter, *, rating: int, comment: str = "") -> Letter:
    """The writer's rating, through the private link (no account)."""
    letter = _locked(letter)
    if rating not in Letter.Rating.values:
        raise DomainError("letter.bad_rating", _("请选择评价"), fields={"rating": [_("取值不在允许范围内")]})
    letter.rating = rating
    letter.rating_comment = comment.strip()[:300]
    letter.rated_at = timezone.now()
    letter = LETTER.transition(
        letter,
        LA.RATE,
        actor=None,
        fields=["rating", "rating_comment", "rated_at"],
        locked=True,
        data={"rating": rating},
    )
    if rating == Letter.Rating.UNSATISFIED:
        notify(
            committee=letter.committee,
            recipients=letter_managers(letter.committee),
            kind="letter.unsatisfied",
            title=_("来信人对答复不满意：%(t)s") % {"t": letter.title},
            body=letter.rating_comment,
            source=letter,
        )
    return letter


@transaction.atomic
def close_letter(letter: Letter, *, note: str, actor: User) -> Letter:
    """Junk or out of scope: closed with a note the writer reads."""
    letter = _locked(letter)
    if not note.strip():
        raise DomainError("letter.note_required", _("请说明不予受理的原因"), fields={"note": [_("此项为必填")]})
    letter.close_note = note.strip()[:300]
    fields = ["close_note"]
    _responded(letter, fields)
    letter = LETTER.transition(letter, LA.CLOSE, actor=actor, note=note, fields=fields, locked=True)
    void_duties_for_source(letter, actor=actor, reason=_("来信不予受理"))
    return letter


@transaction.atomic
def archive_letter(letter: Letter, *, actor: User) -> Letter:
    return LETTER.transition(letter, LA.ARCHIVE, actor=actor)


@transaction.atomic
def publish_letter(letter: Letter, *, actor: User) -> Letter:
    letter = _locked(letter)
    if not letter.is_public:
        raise DomainError("letter.not_public", _("来信人未同意公开"), status=409)
    letter.published_at = timezone.now()
    return LETTER.transition(letter, LA.PUBLISH, actor=actor, fields=["published_at"], locked=True)


@transaction.atomic
def mark_lead(
    letter: Letter,
    *,
    kind: str,
    note: str,
    actor: User,
    member: Member | None,
    source_type: str = "",
    source_id: int | None = None,
) -> Letter:
    """Mark the letter as a lead for a 社情民意 report or a proposal; the report or proposal, once written, is
    stored as (source_type, source_id) so each side can find the other."""
    letter = _locked(letter)
    if member is not None and letter.assignee_id != member.pk:
        raise NotAllowed("letter.not_assignee", _("这封来信未分送给您"))
    if kind not in Letter.LeadKind.values:
        raise DomainError("letter.bad_lead", _("请选择线索类型"), fields={"kind": [_("取值不在允许范围内")]})
    letter.lead_kind = kind
    letter.lead_note = note.strip()[:300]
    letter.lead_source_type = source_type[:60]
    letter.lead_source_id = source_id
    fields = ["lead_kind", "lead_note", "lead_source_type", "lead_source_id"]
    return LETTER.transition(
        letter, LA.MARK_LEAD, actor=actor, note=note, fields=fields, locked=True, data={"lead": kind}
    )


@dataclass
class ReminderCounts:
    reminded: int = 0
    escalated: int = 0


def _responsible(letter: Letter) -> list:
    if letter.status == S.FORWARDED and letter.handling_unit is not None:
        return unit_users(letter.handling_unit)
    if letter.assignee is not None:
        return [letter.assignee]
    return letter_managers(letter.committee)


def send_letter_reminders(committee: Committee, today: datetime.date | None = None) -> ReminderCounts:
    """Remind whoever holds a letter the working day before a deadline; tell the office once a deadline passed."""
    today = today or timezone.localdate()
    tomorrow = add_working_days(committee, today, 1)
    counts = ReminderCounts()
    letters = Letter.objects.filter(committee=committee, status__in=OPEN_STATUSES).select_related(
        "assignee__user", "handling_unit"
    )
    for letter in letters:
        first_pending = letter.first_responded_at is None
        due = letter.first_response_due if first_pending else letter.final_due
        with transaction.atomic():
            if due < today and (letter.escalated_at is None or timezone.localdate(letter.escalated_at) <= due):
                letter.escalated_at = timezone.now()
                LETTER.transition(letter, LA.ESCALATE, actor=None, fields=["escalated_at"], data={"due": str(due)})
                notify(
                    committee=committee,
                    recipients=letter_managers(committee),
                    kind="letter.overdue",
                    title=_("来信逾期未%(w)s：%(t)s")
                    % {"w": _("回应") if first_pending else _("办结"), "t": letter.title},
                    body=_("期限 %(d)s") % {"d": due.isoformat()},
                    source=letter,
                )
                counts.escalated += 1
            elif today <= due <= tomorrow and (
                letter.reminded_at is None or timezone.localdate(letter.reminded_at) < today
            ):
                letter.reminded_at = timezone.now()
                LETTER.transition(letter, LA.REMIND, actor=None, fields=["reminded_at"], data={"due": str(due)})
                notify(
                    committee=committee,
                    recipients=_responsible(letter),
                    kind="letter.due",
                    title=_("来信即将到期：%(t)s") % {"t": letter.title},
                    body=_("请于 %(d)s 前%(w)s。")
                    % {"d": due.isoformat(), "w": _("首次回应") if first_pending else _("办结答复")},
                    source=letter,
                )
                counts.reminded += 1
    return counts
