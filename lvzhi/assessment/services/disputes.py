"""The members' check (核对) of a frozen year and the office's re-check (复核) of disputed lines (§3.7).

A member confirms each ledger line of the year or disputes it with a reason and optional evidence; the ledger row
turns disputed (it still counts). The recording office keeps it (维持: the row is confirmed again) or corrects it
(更正: the row is voided, and a corrected row recorded where the member did do something else); a correction
rewrites the year's frozen scores from its frozen rules, and the member is told the outcome.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.assessment import rules as R
from lvzhi.assessment.models import AssessmentYear, LineCheck, Score
from lvzhi.assessment.scoring import COUNTING, people, trace
from lvzhi.assessment.services.cycle import my_check_url
from lvzhi.assessment.services.scores import store_scores
from lvzhi.assessment.transitions import CA, CHECK, CHECK_MOVES
from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, NotAllowed, Unprocessable
from lvzhi.core.models import User
from lvzhi.core.notify import notify
from lvzhi.core.tenancy import access_for
from lvzhi.core.uploads import EVIDENCE, accept
from lvzhi.core.workflow import NEW
from lvzhi.ledger import services as ledger
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.org.models import Member

L = LineCheck.Status


@dataclass
class Line:
    """One ledger line of the member's year as the check shows it: its points and the member's check."""

    record: DutyRecord
    points: float = 0.0
    indicators: list[tuple[str, str, float]] = field(default_factory=list)  # (code, label, points)
    check: LineCheck | None = None

    @property
    def counts(self) -> bool:
        return self.record.status in COUNTING


@dataclass
class MyYear:
    assessment: AssessmentYear
    member: Member
    score: Score | None
    lines: list[Line]
    rules: R.Rules

    @property
    def band_label(self) -> str:
        return self.rules.band_label(self.score.band) if self.score else ""

    @property
    def unchecked(self) -> int:
        return sum(1 for line in self.lines if line.counts and line.check is None)

    @property
    def open_disputes(self) -> int:
        return sum(1 for line in self.lines if line.check is not None and line.check.status == L.OPEN)


def frozen_rules(assessment: AssessmentYear) -> R.Rules:
    return R.parse(assessment.rules) if assessment.rules else R.DEFAULT


def my_year(assessment: AssessmentYear, member: Member) -> MyYear:
    """Every ledger line of the member's year with its points under the year's frozen rules, and the frozen score."""
    rules = frozen_rules(assessment)
    rows = list(
        DutyRecord.objects.filter(committee=assessment.committee, member=member, year=assessment.year).order_by(
            "event_date", "id"
        )
    )
    person = next(iter(people(assessment.committee, assessment.year, [member.pk])), None)
    traced = {t.record.pk: t for t in trace(rows, person, rules)} if person is not None else {}
    checks = {c.record_id: c for c in LineCheck.objects.filter(assessment=assessment, member=member)}
    labels = {ind.code: ind.label for ind in rules.indicators}
    lines = [
        Line(r, traced[r.pk].points, [(c, labels.get(c, c), p) for c, p in traced[r.pk].lines], checks.get(r.pk))
        if r.pk in traced
        else Line(r, check=checks.get(r.pk))
        for r in rows
    ]
    score = Score.objects.filter(assessment=assessment, member=member).first()
    return MyYear(assessment, member, score, lines, rules)


def member_of(actor: User, assessment: AssessmentYear) -> Member:
    member = Member.objects.filter(committee=assessment.committee, user=actor).first()
    if member is None:
        raise NotAllowed("assessment.not_member", _("只有委员本人可以核对"))
    return member


def _window_open(assessment: AssessmentYear) -> None:
    if assessment.status != AssessmentYear.Status.CHECKING:
        raise Conflict("assessment.not_checking", _("当前不在核对期"))
    if assessment.check_until and timezone.localdate() > assessment.check_until:
        raise Conflict("assessment.check_over", _("核对期已于%(d)s结束") % {"d": assessment.check_until})


def _own_line(assessment: AssessmentYear, record: DutyRecord, actor: User) -> Member:
    member = member_of(actor, assessment)
    if record.member_id != member.pk or record.year != assessment.year or record.committee_id != member.committee_id:
        raise NotAllowed("assessment.not_own", _("只能核对本人的履职记录"))
    return member


def _check_of(assessment: AssessmentYear, record: DutyRecord) -> LineCheck | None:
    return LineCheck.objects.select_for_update().filter(assessment=assessment, record=record).first()


@transaction.atomic
def confirm_line(assessment: AssessmentYear, record: DutyRecord, *, actor: User) -> LineCheck:
    member = _own_line(assessment, record, actor)
    _window_open(assessment)
    existing = _check_of(assessment, record)
    CHECK.check(CA.CONFIRM, existing.status if existing else NEW)
    if record.status not in COUNTING:
        raise Conflict("assessment.not_counting", _("该记录不计分，无需核对"))
    check = LineCheck.objects.create(
        committee=assessment.committee, assessment=assessment, record=record, member=member, status=L.CONFIRMED
    )
    log_event("assessment.check.confirm", check, actor=actor, committee=assessment.committee, data={})
    return check


@transaction.atomic
def confirm_all(assessment: AssessmentYear, *, actor: User) -> int:
    """无异议: every counting line the member has not checked yet is confirmed at once."""
    member = member_of(actor, assessment)
    _window_open(assessment)
    checked = LineCheck.objects.filter(assessment=assessment, member=member).values("record_id")
    rows = DutyRecord.objects.filter(
        committee=assessment.committee, member=member, year=assessment.year, status__in=COUNTING
    ).exclude(pk__in=checked)
    made = LineCheck.objects.bulk_create(
        LineCheck(committee=assessment.committee, assessment=assessment, record=r, member=member, status=L.CONFIRMED)
        for r in rows
    )
    log_event(
        "assessment.check.confirm_all", assessment, actor=actor, committee=assessment.committee, data={"n": len(made)}
    )
    return len(made)


@transaction.atomic
def dispute_line(
    assessment: AssessmentYear, record: DutyRecord, *, actor: User, reason: str, evidence_file: File | None = None
) -> LineCheck:
    """The member disputes a line with a reason (and evidence); the ledger row turns disputed but keeps counting."""
    member = _own_line(assessment, record, actor)
    _window_open(assessment)
    reason = reason.strip()
    if not reason:
        raise Unprocessable("assessment.reason_required", _("请填写异议理由"), fields={"reason": [_("请填写理由")]})
    if evidence_file is not None:
        accept(evidence_file, EVIDENCE, field="evidence_file")
    existing = _check_of(assessment, record)
    CHECK.check(CA.DISPUTE, existing.status if existing else NEW)
    ledger.dispute_duty(record, actor=actor, reason=reason)
    if existing is None:
        check = LineCheck.objects.create(
            committee=assessment.committee,
            assessment=assessment,
            record=record,
            member=member,
            status=L.OPEN,
            reason=reason[:300],
            evidence_file=evidence_file or "",
        )
        log_event("assessment.check.dispute", check, actor=actor, committee=assessment.committee, data={})
    else:
        existing.reason = reason[:300]
        if evidence_file is not None:
            existing.evidence_file = evidence_file
        check = CHECK.transition(
            existing, CA.DISPUTE, actor=actor, fields=["reason", "evidence_file"], locked=True, note=reason[:300]
        )
    return check


def open_disputes(assessment: AssessmentYear) -> QuerySet[LineCheck]:
    return (
        LineCheck.objects.filter(assessment=assessment, status=L.OPEN)
        .select_related("record", "member")
        .order_by("created_at", "id")
    )


def disputes_of(committee_checks: QuerySet[LineCheck]) -> QuerySet[LineCheck]:
    """Disputes (open and decided), for the office's queue: confirmations are not shown there."""
    return committee_checks.exclude(status=L.CONFIRMED).select_related("record", "member", "assessment")


def _ensure_reviewer(check: LineCheck, actor: User) -> None:
    if not access_for(actor, check.committee).can(CHECK_MOVES[CA.KEEP].capability):
        raise NotAllowed("permission.denied", _("没有复核异议的权限"))
    if check.assessment.status != AssessmentYear.Status.CHECKING:
        raise Conflict("assessment.not_checking", _("核对已结束，不能再复核"))


def _score_of(check: LineCheck) -> Decimal | None:
    return (
        Score.objects.filter(assessment=check.assessment, member=check.member).values_list("score", flat=True).first()
    )


def _tell(check: LineCheck, title: str, body: str) -> None:
    notify(
        committee=check.committee,
        recipients=[check.member],
        kind="assessment.dispute",
        title=title,
        body=body,
        url=my_check_url(check.assessment),
        source=check,
        email=False,
    )


def _lock(check: LineCheck) -> LineCheck:
    return (
        LineCheck.objects.select_for_update(of=("self",))
        .select_related("assessment", "record", "member")
        .get(pk=check.pk)
    )


@transaction.atomic
def keep(check: LineCheck, *, actor: User, note: str) -> LineCheck:
    """维持: the line stands as recorded; the ledger row is confirmed again and the score does not change."""
    check = _lock(check)
    _ensure_reviewer(check, actor)
    CHECK.check(CA.KEEP, check.status)
    if not note.strip():
        raise Unprocessable("assessment.note_required", _("请填写复核意见"), fields={"note": [_("请填写复核意见")]})
    ledger.confirm_duty(check.record, actor=actor, note=note.strip())
    check.decision_note, check.decided_by, check.decided_at = note.strip()[:300], actor, timezone.now()
    check.score_before = check.score_after = _score_of(check)
    check = CHECK.transition(
        check,
        CA.KEEP,
        actor=actor,
        note=check.decision_note,
        fields=["decision_note", "decided_by", "decided_at", "score_before", "score_after"],
        locked=True,
    )
    _tell(check, _("核对异议复核结果：维持原记录（%(t)s）") % {"t": check.record.title}, check.decision_note)
    return check


@dataclass(frozen=True)
class Replacement:
    """The corrected line to record instead of the disputed one (another role, or another kind)."""

    kind: str
    role: str
    title: str = ""


@transaction.atomic
def correct(check: LineCheck, *, actor: User, note: str, replacement: Replacement | None = None) -> LineCheck:
    """更正: void the disputed row with the reason, record the corrected row if there is one, and rewrite the
    year's frozen scores from its frozen rules; the member is told their score before and after."""
    check = _lock(check)
    _ensure_reviewer(check, actor)
    CHECK.check(CA.CORRECT, check.status)
    note = note.strip()
    if not note:
        raise Unprocessable("assessment.note_required", _("请填写更正理由"), fields={"note": [_("请填写更正理由")]})
    if replacement is not None and (replacement.kind not in DutyKind.values or replacement.role not in DutyRole.values):
        raise Unprocessable("assessment.replacement", _("更正后的类别或角色不正确"), fields={"role": [_("请选择")]})
    record = check.record
    check.score_before = _score_of(check)
    ledger.void_by_staff(record, actor=actor, reason=_("核对更正：%(n)s") % {"n": note})
    if replacement is not None:
        ledger.record_by_staff(
            member=check.member,
            kind=replacement.kind,
            role=replacement.role,
            event_date=record.event_date,
            title=(replacement.title.strip() or record.title)[:200],
            note=_("核对更正，原记录 #%(id)s") % {"id": record.pk},
            actor=actor,
        )
    store_scores(check.assessment)
    check.score_after = _score_of(check)
    check.decision_note, check.decided_by, check.decided_at = note[:300], actor, timezone.now()
    check = CHECK.transition(
        check,
        CA.CORRECT,
        actor=actor,
        note=note[:300],
        data={"replacement": [replacement.kind, replacement.role] if replacement else None},
        fields=["decision_note", "decided_by", "decided_at", "score_before", "score_after"],
        locked=True,
    )
    _tell(
        check,
        _("核对异议已更正，得分由%(a)s调整为%(b)s") % {"a": check.score_before, "b": check.score_after},
        note,
    )
    return check
