"""The duty ledger (履职信息库): the only code that writes, confirms or voids a DutyRecord.

"谁组织谁记录": a feature calls `record_duty` (or `record_duties` for a whole roster) when the thing
happens, and `void_duties_for_source` when it is undone. Every change writes an AuditEvent, so the
ledger is never edited silently.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files import File
from django.db import models, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import AuditEvent, Committee, User
from lvzhi.core.notify import notify
from lvzhi.core.tenancy import Access, access_for
from lvzhi.core.uploads import EVIDENCE, accept
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import SELF_REPORTABLE_KINDS, DutyKind, DutyRole
from lvzhi.ledger.transitions import DA, DUTY, S
from lvzhi.org.models import Member, Membership, Term
from lvzhi.org.queries.members import staff_narrowing

SELF_REPORT_DEPT = "委员自报"
STAFF_DEPT = "机关录入"


@dataclass(frozen=True)
class DutyEntry:
    """One row to write: who did what, in which part, when, and which object it came from."""

    member: Member
    kind: str
    role: str
    event_date: datetime.date
    title: str
    source: models.Model | None = None
    evidence: str = ""
    note: str = ""


def source_key(source: models.Model | None) -> tuple[str, int | None]:
    if source is None:
        return "", None
    return source._meta.label_lower, source.pk


def term_for(committee: Committee, year: int) -> Term:
    """The term (届) a year belongs to; the current term when no term covers it."""
    term = (
        Term.objects.filter(committee=committee, start_year__lte=year, end_year__gte=year).order_by("-number").first()
    )
    if term is None:
        term = Term.objects.filter(committee=committee).order_by("-is_current", "-number").first()
    if term is None:
        raise DomainError("term.none", _("尚未设置本届"))
    return term


def _audit_rows(records: Sequence[DutyRecord], action: str, actor: User | None, data: dict) -> None:
    """One AuditEvent per ledger row, written in one statement (closing a plenary writes hundreds)."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            committee_id=r.committee_id,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            object_type=DutyRecord._meta.label_lower,
            object_id=str(r.pk),
            object_repr=str(r)[:200],
            data={"member": r.member_id, "kind": r.kind, "role": r.role, "status": r.status, **data},
        )
        for r in records
    )


@transaction.atomic
def record_duties(
    *,
    committee: Committee,
    entries: Sequence[DutyEntry],
    recorded_by: User | None,
    recorded_by_dept: str = "",
    term: Term | None = None,
    status: str = S.CONFIRMED,
    self_reported: bool = False,
    evidence_file: File | None = None,
) -> list[DutyRecord]:
    """Write ledger rows, one per entry. A live row for the same source, member, kind and role is
    returned as it is rather than written twice, so recording the same event again is harmless."""
    for entry in entries:
        if entry.kind not in DutyKind.values or entry.role not in DutyRole.values:
            raise DomainError("duty.bad_kind", _("未知的履职类别或角色"))
    existing: dict[tuple, DutyRecord] = {}
    sourced = {source_key(e.source) for e in entries if e.source is not None}
    for source_type, source_id in sourced:
        for row in DutyRecord.objects.filter(
            committee=committee, source_type=source_type, source_id=source_id, member__in=[e.member for e in entries]
        ).exclude(status=S.VOIDED):
            existing[(row.member_id, row.source_type, row.source_id, row.kind, row.role)] = row
    terms: dict[int, Term] = {}
    result: list[DutyRecord] = []
    new: list[DutyRecord] = []
    for entry in entries:
        source_type, source_id = source_key(entry.source)
        found = existing.get((entry.member.pk, source_type, source_id, entry.kind, entry.role))
        if found is not None:
            result.append(found)
            continue
        year = entry.event_date.year
        if year not in terms:
            terms[year] = term or term_for(committee, year)
        record = DutyRecord(
            committee=committee,
            member=entry.member,
            term=terms[year],
            year=year,
            kind=entry.kind,
            role=entry.role,
            title=entry.title[:200],
            event_date=entry.event_date,
            source_type=source_type,
            source_id=source_id,
            recorded_by_dept=recorded_by_dept,
            recorded_by=recorded_by if recorded_by is not None and recorded_by.is_authenticated else None,
            status=status,
            evidence=entry.evidence,
            note=entry.note,
            self_reported=self_reported,
        )
        if evidence_file is not None:
            record.evidence_file = evidence_file
        new.append(record)
        result.append(record)
    DutyRecord.objects.bulk_create(new)
    _audit_rows(new, "duty.recorded", recorded_by, {"dept": recorded_by_dept})
    return result


def record_duty(
    *,
    committee: Committee,
    member: Member,
    kind: str,
    role: str,
    event_date: datetime.date,
    title: str,
    source: models.Model | None = None,
    recorded_by: User | None,
    recorded_by_dept: str = "",
    term: Term | None = None,
    status: str = S.CONFIRMED,
    evidence: str = "",
    evidence_file: File | None = None,
    note: str = "",
    self_reported: bool = False,
) -> DutyRecord:
    """Write one ledger row (see record_duties, which this is the one-row form of)."""
    entry = DutyEntry(member, kind, role, event_date, title, source, evidence, note)
    return record_duties(
        committee=committee,
        entries=[entry],
        recorded_by=recorded_by,
        recorded_by_dept=recorded_by_dept,
        term=term,
        status=status,
        self_reported=self_reported,
        evidence_file=evidence_file,
    )[0]


@transaction.atomic
def void_duty(record: DutyRecord, *, actor: User | None, reason: str) -> DutyRecord:
    record = DUTY.lock(record)
    DUTY.check(DA.VOID, record.status, code="duty.not_voidable")
    if not reason.strip():
        raise DomainError("duty.reason_required", _("作废须说明原因"), fields={"reason": [_("请填写原因")]})
    record.voided_by = actor if actor is not None and actor.is_authenticated else None
    record.voided_at = timezone.now()
    record.void_reason = reason[:200]
    return DUTY.transition(
        record,
        DA.VOID,
        actor=actor,
        data={"reason": reason},
        fields=["voided_by", "voided_at", "void_reason"],
        locked=True,
        code="duty.not_voidable",
    )


@transaction.atomic
def void_duties_for_source(
    source: models.Model, *, actor: User | None, reason: str, members: Sequence[Member | int] | None = None
) -> int:
    """Undoing the source voids its live rows (for the given members only, when named)."""
    source_type, source_id = source_key(source)
    rows = DutyRecord.objects.select_for_update().filter(source_type=source_type, source_id=source_id)
    rows = rows.exclude(status=S.VOIDED)
    if members is not None:
        rows = rows.filter(member__in=members)
    records = list(rows)
    if not records:
        return 0
    now = timezone.now()
    for record in records:
        record.status = S.VOIDED
        record.voided_by = actor if actor is not None and actor.is_authenticated else None
        record.voided_at = now
        record.void_reason = reason[:200]
    DutyRecord.objects.bulk_update(records, ["status", "voided_by", "voided_at", "void_reason"])
    _audit_rows(records, "duty.voided", actor, {"reason": reason})
    return len(records)


@transaction.atomic
def self_report_duty(
    *,
    member: Member,
    kind: str,
    title: str,
    event_date: datetime.date,
    evidence: str,
    evidence_file: File | None = None,
    note: str = "",
    actor: User,
) -> DutyRecord:
    """A member reports what the office cannot see (公益, 联系群众, 媒体文章 ...); it counts once staff confirm."""
    if member.user_id != actor.pk:
        raise NotAllowed("duty.not_own", _("只能为本人申报履职记录"))
    if kind not in SELF_REPORTABLE_KINDS:
        raise DomainError(
            "duty.not_self_reportable", _("该类履职由组织部门记录，不能自行申报"), fields={"kind": [_("不可自报")]}
        )
    if not title.strip():
        raise DomainError("duty.title_required", _("请填写事项"), fields={"title": [_("此项为必填")]})
    if not evidence.strip() and evidence_file is None:
        raise DomainError(
            "duty.evidence_required", _("请填写佐证说明或上传佐证材料"), fields={"evidence": [_("请提供佐证")]}
        )
    if evidence_file is not None:
        accept(evidence_file, EVIDENCE, field="evidence_file")
    if event_date > timezone.localdate():
        raise DomainError("duty.future_date", _("日期不能晚于今天"), fields={"event_date": [_("日期不能晚于今天")]})
    role = DutyRole.RECIPIENT if kind == DutyKind.AWARD else DutyRole.PARTICIPANT
    return record_duty(
        committee=member.committee,
        member=member,
        kind=kind,
        role=role,
        event_date=event_date,
        title=title,
        recorded_by=actor,
        recorded_by_dept=SELF_REPORT_DEPT,
        status=S.PENDING,
        evidence=evidence,
        evidence_file=evidence_file,
        note=note,
        self_reported=True,
    )


@transaction.atomic
def add_duty_evidence(record: DutyRecord, *, evidence_file: File, actor: User) -> DutyRecord:
    """The member adds a file to their own self-report; a disputed one goes back to staff as pending."""
    record = DutyRecord.objects.select_for_update(of=("self",)).select_related("member").get(pk=record.pk)
    if not record.self_reported or record.member.user_id != actor.pk:
        raise NotAllowed("duty.not_own", _("只能为本人申报的记录补充材料"))
    accept(evidence_file, EVIDENCE)
    record.evidence_file = evidence_file
    return DUTY.transition(
        record, DA.ADD_EVIDENCE, actor=actor, fields=["evidence_file"], locked=True, code="duty.not_editable"
    )


def _tell_member(record: DutyRecord, title: str, body: str) -> None:
    notify(
        committee=record.committee,
        recipients=[record.member],
        kind="duty.reviewed",
        title=title,
        body=body,
        source=record,
        email=False,
    )


def in_review_scope(records: QuerySet[DutyRecord], access: Access) -> QuerySet[DutyRecord]:
    """The rows whose member the reviewer is responsible for: a group convenor scoped to a sector group
    (or staff scoped to a special committee) reviews only its members; other reviewers everyone's."""
    narrowing = staff_narrowing(access)
    if narrowing is None:
        return records
    return records.filter(member__in=Membership.objects.filter(narrowing).values("member_id"))


def may_review(access: Access, member: Member | int) -> bool:
    """Whether the reviewer is responsible for this member's self-reports (see in_review_scope)."""
    narrowing = staff_narrowing(access)
    return narrowing is None or Membership.objects.filter(narrowing, member=member).exists()


def _ensure_reviewer_of(record: DutyRecord, actor: User) -> None:
    if not may_review(access_for(actor, record.committee), record.member_id):
        raise NotAllowed("duty.not_in_scope", _("该委员不在您负责的界别活动组或专委会内，不能审核其履职记录"))


def _ensure_keeper_of(member: Member, actor: User) -> None:
    """Staff keep the ledger of the members they are responsible for: CONFIRM_DUTY, and a convenor or
    special-committee staff member only for the members of their group or committee."""
    access = access_for(actor, member.committee)
    if not access.can(C.CONFIRM_DUTY):
        raise NotAllowed("forbidden", _("您没有维护履职记录的权限"))
    if not may_review(access, member):
        raise NotAllowed("duty.not_in_scope", _("该委员不在您负责的界别活动组或专委会内，不能维护其履职记录"))


@transaction.atomic
def record_by_staff(
    *,
    member: Member,
    kind: str,
    role: str,
    event_date: datetime.date,
    title: str,
    evidence: str = "",
    evidence_file: File | None = None,
    note: str = "",
    actor: User,
) -> DutyRecord:
    """Staff add a line the office knows of but no feature recorded (an activity held on paper, an award);
    it counts at once, is audited, and the member is told."""
    _ensure_keeper_of(member, actor)
    if kind not in DutyKind.values:
        raise DomainError("duty.bad_kind", _("未知的履职类别"), fields={"kind": [_("请选择类别")]})
    if role not in DutyRole.values:
        raise DomainError("duty.bad_role", _("未知的履职角色"), fields={"role": [_("请选择角色")]})
    if not title.strip():
        raise DomainError("duty.title_required", _("请填写事项"), fields={"title": [_("此项为必填")]})
    if event_date > timezone.localdate():
        raise DomainError("duty.future_date", _("日期不能晚于今天"), fields={"event_date": [_("日期不能晚于今天")]})
    record = record_duty(
        committee=member.committee,
        member=member,
        kind=kind,
        role=role,
        event_date=event_date,
        title=title.strip(),
        recorded_by=actor,
        recorded_by_dept=STAFF_DEPT,
        evidence=evidence.strip(),
        evidence_file=evidence_file,
        note=note.strip(),
    )
    record.confirmed_by = actor
    record.confirmed_at = timezone.now()
    record.save(update_fields=["confirmed_by", "confirmed_at"])
    _tell_member(record, _("工作人员为您记录了一条履职：%(t)s") % {"t": record.title}, record.evidence)
    return record


@transaction.atomic
def void_by_staff(record: DutyRecord, *, actor: User, reason: str) -> DutyRecord:
    """Staff void a wrong line with a reason; it stays in the member's ledger, struck through, with the reason."""
    record = DutyRecord.objects.select_related("member").get(pk=record.pk)
    _ensure_keeper_of(record.member, actor)
    record = void_duty(record, actor=actor, reason=reason.strip())
    record.member = Member.objects.get(pk=record.member_id)
    _tell_member(record, _("履职记录已作废：%(t)s") % {"t": record.title}, reason)
    return record


@transaction.atomic
def confirm_duty(record: DutyRecord, *, actor: User, note: str = "") -> DutyRecord:
    record = DutyRecord.objects.select_for_update(of=("self",)).select_related("member").get(pk=record.pk)
    _ensure_reviewer_of(record, actor)
    DUTY.check(DA.CONFIRM, record.status, code="duty.not_confirmable")
    record.confirmed_by = actor
    record.confirmed_at = timezone.now()
    record.review_note = note[:200]
    DUTY.transition(
        record,
        DA.CONFIRM,
        actor=actor,
        note=note,
        fields=["confirmed_by", "confirmed_at", "review_note"],
        locked=True,
        code="duty.not_confirmable",
    )
    _tell_member(record, _("履职记录已确认：%(t)s") % {"t": record.title}, note)
    return record


@transaction.atomic
def reject_duty(record: DutyRecord, *, actor: User, reason: str) -> DutyRecord:
    """Staff do not accept a self-report as it stands; it stays visible as disputed with the reason."""
    record = DutyRecord.objects.select_for_update(of=("self",)).select_related("member").get(pk=record.pk)
    _ensure_reviewer_of(record, actor)
    DUTY.check(DA.REJECT, record.status, code="duty.not_rejectable")
    if not reason.strip():
        raise DomainError("duty.reason_required", _("请填写不予确认的原因"), fields={"reason": [_("请填写原因")]})
    record.review_note = reason[:200]
    DUTY.transition(
        record,
        DA.REJECT,
        actor=actor,
        data={"reason": reason},
        fields=["review_note"],
        locked=True,
        code="duty.not_rejectable",
    )
    _tell_member(record, _("履职记录未予确认：%(t)s") % {"t": record.title}, reason)
    return record


@transaction.atomic
def dispute_duty(record: DutyRecord, *, actor: User, reason: str) -> DutyRecord:
    """The member questions one of their own confirmed lines; it keeps counting until the office decides."""
    record = DutyRecord.objects.select_for_update(of=("self",)).select_related("member").get(pk=record.pk)
    if record.member.user_id != actor.pk:
        raise NotAllowed("duty.not_own", _("只能对本人的履职记录提出异议"))
    DUTY.check(DA.DISPUTE, record.status, code="duty.not_disputable")
    if not reason.strip():
        raise DomainError("duty.reason_required", _("请填写异议理由"), fields={"reason": [_("请填写理由")]})
    record.review_note = reason.strip()[:200]
    return DUTY.transition(
        record,
        DA.DISPUTE,
        actor=actor,
        data={"reason": reason.strip()},
        fields=["review_note"],
        locked=True,
        code="duty.not_disputable",
    )


def duty_records_of(member: Member, *, year: int | None = None) -> QuerySet[DutyRecord]:
    """A member's ledger as a timeline, newest first; voided rows stay visible with their reason."""
    records = DutyRecord.objects.filter(member=member)
    if year is not None:
        records = records.filter(year=year)
    return records.select_related("recorded_by", "confirmed_by").order_by("-event_date", "-id")


def pending_self_reports(committee: Committee) -> QuerySet[DutyRecord]:
    """Self-reports waiting for staff, oldest first."""
    # The status as a literal, so the partial index ledger_pending_queue serves the list (SQLite cannot match a
    # partial index's condition against a bound parameter).
    table = DutyRecord._meta.db_table
    pending = RawSQL(f"\"{table}\".status = '{S.PENDING}'", [], output_field=BooleanField())
    return (
        DutyRecord.objects.filter(pending, committee=committee, self_reported=True)
        .select_related("member")
        .order_by("created_at", "id")
    )
