"""Key (重点) and excellent (优秀) proposals, and the 办复满意 ledger row (DOMAIN.md §3.2, §4).

A mark is its own row (Honour) and the source of the ledger rows it writes, so unmarking voids exactly those rows
and nothing else that the proposal earned."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import User
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import DutyEntry, record_duties, source_key, void_duties_for_source, void_duty
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.proposals.models import Honour, Proposal, Reply
from lvzhi.proposals.services.common import OFFICE, PROPOSAL, add_event, credited, proposers, tell
from lvzhi.proposals.transitions import ACCEPTED_OR_LATER

P = Proposal.Status
# 优秀提案 per year as a share of 立案 (DOMAIN.md §3.2: ≈5 % 道里, 8–10 % 垦利); the office marks within it.
EXCELLENT_QUOTA_PERCENT = getattr(settings, "LVZHI_EXCELLENT_PROPOSAL_QUOTA_PERCENT", 10)
HONOUR_KINDS = {Honour.Kind.KEY: DutyKind.KEY_PROPOSAL, Honour.Kind.EXCELLENT: DutyKind.EXCELLENT_PROPOSAL}


def _text(value: str, field: str, message: str, limit: int = 300) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise DomainError("validation.invalid", message, fields={field: [message]})
    return value


def mark(proposal: Proposal, *, kind: str, reason: str, actor: User, supervisors: str = "") -> Honour:
    """The office marks an accepted proposal as key or excellent: a timeline row, ledger rows for the people it
    credits (first proposer or named drafters, and confirmed co-signers), and the proposers are told."""
    if kind not in Honour.Kind.values:
        raise DomainError("validation.invalid", _("请选择重点提案或优秀提案"), fields={"kind": [_("请选择类型")]})
    reason = _text(reason, "reason", _("请写明理由（不超过 300 字）"))
    supervisors = (supervisors or "").strip()
    if len(supervisors) > 100:
        raise DomainError(
            "validation.invalid", _("督办领导不超过 100 字"), fields={"supervisors": [_("不超过 100 字")]}
        )
    label = Honour.Kind(kind).label
    with transaction.atomic():
        proposal = PROPOSAL.lock(proposal)
        if proposal.status not in ACCEPTED_OR_LATER:
            raise Conflict("proposal.not_accepted", _("只有已立案的提案可以标记为%(k)s") % {"k": label})
        if Honour.objects.filter(proposal=proposal, kind=kind, unmarked_at=None).exists():
            raise Conflict("proposal.already_marked", _("该提案已是%(k)s") % {"k": label})
        if kind == Honour.Kind.EXCELLENT:
            _within_quota(proposal)
        honour = Honour.objects.create(
            committee_id=proposal.committee_id,
            proposal=proposal,
            kind=kind,
            reason=reason,
            supervisors=supervisors if kind == Honour.Kind.KEY else "",
            marked_by=actor,
        )
        note = f"{label}：{reason}" + (_("（督办领导：%(s)s）") % {"s": supervisors} if honour.supervisors else "")
        add_event(proposal, action=f"mark_{kind}", actor=actor, from_status=proposal.status, note=note)
        day = timezone.localdate()
        entries = [
            DutyEntry(m, HONOUR_KINDS[kind], role, day, proposal.title, honour) for m, role in credited(proposal)
        ]
        record_duties(committee=proposal.committee, entries=entries, recorded_by=actor, recorded_by_dept=str(OFFICE))
    tell(
        proposal,
        proposers(proposal),
        kind=f"proposal.{kind}",
        title=_("您的提案被确定为%(k)s：%(t)s") % {"k": label, "t": proposal.title},
        body=reason,
    )
    return honour


def excellent_quota(committee_id: int, year: int) -> int:
    """How many excellent proposals a year may have: a share of the year's 立案 proposals, at least one."""
    accepted = Proposal.objects.filter(committee_id=committee_id, year=year, status__in=ACCEPTED_OR_LATER).count()
    return max(1, accepted * EXCELLENT_QUOTA_PERCENT // 100)


def _within_quota(proposal: Proposal) -> None:
    quota = excellent_quota(proposal.committee_id, proposal.year)
    taken = Honour.objects.filter(
        committee_id=proposal.committee_id,
        proposal__year=proposal.year,
        kind=Honour.Kind.EXCELLENT,
        unmarked_at=None,
    ).count()
    if taken >= quota:
        raise Conflict(
            "proposal.excellent_quota",
            _("%(y)s年优秀提案名额为 %(n)s 件（立案数的 %(p)s%%），已用完")
            % {"y": proposal.year, "n": quota, "p": EXCELLENT_QUOTA_PERCENT},
        )


def unmark(honour: Honour, *, reason: str, actor: User) -> Honour:
    """The mark is withdrawn with the reason; the ledger rows it wrote are voided."""
    reason = _text(reason, "reason", _("请写明取消的理由（不超过 300 字）"))
    with transaction.atomic():
        proposal = PROPOSAL.lock(honour.proposal)
        honour = Honour.objects.select_for_update().get(pk=honour.pk)
        if honour.unmarked_at is not None:
            raise Conflict("proposal.not_marked", _("该标记已取消"))
        honour.unmarked_at = timezone.now()
        honour.unmarked_by = actor
        honour.unmark_reason = reason
        honour.save(update_fields=["unmarked_at", "unmarked_by", "unmark_reason"])
        label = honour.get_kind_display()
        void_duties_for_source(honour, actor=actor, reason=_("取消%(k)s：%(r)s") % {"k": label, "r": reason})
        add_event(
            proposal,
            action=f"unmark_{honour.kind}",
            actor=actor,
            from_status=proposal.status,
            note=_("取消%(k)s：%(r)s") % {"k": label, "r": reason},
        )
    tell(
        proposal,
        proposers(proposal),
        kind=f"proposal.un{honour.kind}",
        title=_("提案不再列为%(k)s：%(t)s") % {"k": label, "t": proposal.title},
        body=reason,
    )
    return honour


def _answered_a(proposal: Proposal) -> bool:
    """Every answering unit's latest published reply is class A."""
    latest: dict[int, str] = {}
    for assignment_id, grade in (
        Reply.objects.filter(proposal=proposal, status=Reply.Status.PUBLISHED)
        .order_by("published_at", "id")
        .values_list("assignment_id", "grade")
    ):
        latest[assignment_id] = grade
    return bool(latest) and all(g == Reply.Grade.A for g in latest.values())


def sync_satisfied(proposal: Proposal, *, actor: User) -> None:
    """办复满意: a class-A reply rated 满意 writes the proposer's `proposal_satisfied` row; anything else (a changed
    rating, re-handling) voids it. Called whenever the evaluation changes, inside its transaction."""
    earned = (
        proposal.status == P.CLOSED
        and proposal.satisfaction == Proposal.Satisfaction.SATISFIED
        and _answered_a(proposal)
    )
    source_type, source_id = source_key(proposal)
    live = DutyRecord.objects.filter(
        source_type=source_type, source_id=source_id, kind=DutyKind.PROPOSAL_SATISFIED
    ).exclude(status=DutyRecord.Status.VOIDED)
    if earned:
        people = [(m, r) for m, r in credited(proposal) if r != DutyRole.COSIGNER]
        entries = [
            DutyEntry(m, DutyKind.PROPOSAL_SATISFIED, r, timezone.localdate(), proposal.title, proposal)
            for m, r in people
        ]
        record_duties(committee=proposal.committee, entries=entries, recorded_by=actor, recorded_by_dept=str(OFFICE))
        return
    for row in live:
        void_duty(row, actor=actor, reason=_("办理评价已变更"))
