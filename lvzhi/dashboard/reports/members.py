"""委员履职情况统计表 (§6 item 1) and 未履职/履职偏少委员名单 (item 2).

One GROUP BY over the ledger's counting rows per (member, kind, role) feeds every column, as the score does, so
the table costs the same for 30 members or 3,000. Columns follow the production system the customer uses: meetings
and activities attended per kind, leave and absence, proposals as first proposer and co-signer, 社情民意 sent and
adopted, then each other kind of duty; a column shows only when someone in the selection has it.
"""

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.assessment.scoring import COUNTING
from lvzhi.assessment.services.schemes import load_year, rules_in_force
from lvzhi.assessment.services.scores import committee_scores
from lvzhi.core.models import Committee
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import ActivityKind, DutyKind, DutyRole
from lvzhi.org.models import Gender, GroupSeat, Membership, SpecialCommitteeSeat, Term

NOT_THERE = {DutyRole.EXCUSED, DutyRole.ABSENT}
ADOPTED = {DutyRole.ADOPTED_OWN, DutyRole.ADOPTED_CITY, DutyRole.ADOPTED_PROVINCE, DutyRole.ADOPTED_NATIONAL}


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    counts: Callable[[str, str], bool]  # (kind, role) → whether a row of that kind and role counts here


def _columns() -> list[Column]:
    columns = [
        Column(kind.value, kind.label, lambda k, r, kind=kind.value: k == kind and r not in NOT_THERE)
        for kind in ActivityKind
    ]
    columns += [
        Column("excused", _("请假"), lambda k, r: r == DutyRole.EXCUSED),
        Column("absent", _("缺席"), lambda k, r: r == DutyRole.ABSENT),
        Column(
            "proposal_first", _("提案（第一提案人）"), lambda k, r: k == DutyKind.PROPOSAL and r != DutyRole.COSIGNER
        ),
        Column("proposal_cosigned", _("提案（联名）"), lambda k, r: k == DutyKind.PROPOSAL and r == DutyRole.COSIGNER),
        Column(
            "opinion_sent",
            _("社情民意（报送）"),
            lambda k, r: k == DutyKind.OPINION and r not in ADOPTED and not r.startswith("instructed"),
        ),
        Column("opinion_adopted", _("社情民意（采用）"), lambda k, r: k == DutyKind.OPINION and r in ADOPTED),
    ]
    done = {c.value for c in ActivityKind} | {DutyKind.PROPOSAL, DutyKind.OPINION}
    columns += [
        Column(value, label, lambda k, r, kind=value: k == kind)
        for value, label in DutyKind.choices
        if value not in done
    ]
    return columns


COLUMNS = _columns()


def took_part(kind: str, role: str) -> bool:
    """A row that is duty done: not a leave or an absence, not a penalty."""
    return role not in NOT_THERE and kind != DutyKind.PENALTY


@dataclass
class MemberLine:
    member_id: int
    name: str
    gender: str
    sector: str
    special_committees: str
    groups: str
    employer: str
    job_title: str
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0


@dataclass
class MemberTable:
    term: Term
    year: int | None  # None: the whole term
    columns: list[Column]
    lines: list[MemberLine]


@dataclass(frozen=True)
class MemberFilter:
    sector: int | None = None
    special_committee: int | None = None
    group: int | None = None

    def q(self) -> Q:
        q = Q()
        if self.sector:
            q &= Q(sector_id=self.sector)
        if self.special_committee:
            q &= Q(
                pk__in=Membership.objects.filter(
                    special_committee_seats__special_committee_id=self.special_committee
                ).values("pk")
            )
        if self.group:
            q &= Q(pk__in=Membership.objects.filter(group_seats__group_id=self.group).values("pk"))
        return q


def ledger_counts(committee: Committee, term: Term, year: int | None) -> dict[int, list[tuple[str, str, int]]]:
    rows = DutyRecord.objects.filter(committee=committee, term=term, status__in=COUNTING)
    if year is not None:
        rows = rows.filter(year=year)
    grouped: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for member_id, kind, role, n in rows.values_list("member_id", "kind", "role").annotate(n=Count("id")).order_by():
        grouped[member_id].append((kind, role, n))
    return grouped


def member_table(
    committee: Committee, term: Term, year: int | None, *, only: Collection[int] | None = None, flt=MemberFilter()
) -> MemberTable:
    memberships = Membership.objects.filter(term=term).filter(flt.q())
    if only is not None:
        memberships = memberships.filter(member_id__in=only)
    # Plain values rather than model instances: the table is read for thousands of members at once.
    found = list(
        memberships.order_by("sector__order", "sector__name", "member__name_pinyin", "member_id").values_list(
            "pk", "member_id", "member__name", "member__gender", "sector__name", "member__employer", "member__job_title"
        )
    )
    bodies: dict[int, list[str]] = defaultdict(list)
    for membership_id, name in (
        SpecialCommitteeSeat.objects.filter(membership__in=memberships)
        .values_list("membership_id", "special_committee__name")
        .order_by("special_committee__order", "special_committee_id")
    ):
        bodies[membership_id].append(name)
    groups: dict[int, list[str]] = defaultdict(list)
    for membership_id, name in (
        GroupSeat.objects.filter(membership__in=memberships)
        .values_list("membership_id", "group__name")
        .order_by("group__order", "group_id")
    ):
        groups[membership_id].append(name)
    genders = dict(Gender.choices)
    counts = ledger_counts(committee, term, year)
    columns_of: dict[tuple[str, str], list[str]] = {}  # the few distinct (kind, role) pairs, matched once each
    lines = []
    for membership_id, member_id, name, gender, sector, employer, job_title in found:
        line = MemberLine(
            member_id,
            name,
            str(genders.get(gender, gender)),
            sector,
            "、".join(bodies[membership_id]),
            "、".join(groups[membership_id]),
            employer,
            job_title,
        )
        for kind, role, n in counts.get(member_id, ()):
            if (kind, role) not in columns_of:
                columns_of[kind, role] = [c.code for c in COLUMNS if c.counts(kind, role)]
            for code in columns_of[kind, role]:
                line.counts[code] = line.counts.get(code, 0) + n
            if took_part(kind, role):
                line.total += n
        lines.append(line)
    used = {code for line in lines for code in line.counts}
    return MemberTable(term, year, [c for c in COLUMNS if c.code in used], lines)


# 未履职/履职偏少委员名单


@dataclass
class Shortfall:
    member_id: int
    name: str
    sector: str
    total: int
    score: float
    band_label: str
    missing: list[str]
    reasons: list[str]


def shortfalls(committee: Committee, term: Term, year: int, *, only: Collection[int] | None = None) -> list[Shortfall]:
    """Members with nothing recorded in the year, missing a minimum duty ("三个一"), or scored 不称职.

    The least active first; the list is run monthly on the year so far."""
    assessment = load_year(committee, year)
    rules, _scheme = rules_in_force(committee, year, assessment)
    duty_labels = {d.code: d.label for d in rules.minimum_duties}
    scores = {s.member_id: s for s in committee_scores(committee, year, assessment, rules)}
    table = member_table(committee, term, year, only=only)
    found = []
    for line in table.lines:
        score = scores.get(line.member_id)
        if score is None:
            continue  # not assessed this year (left before it began)
        reasons = []
        if line.total == 0:
            reasons.append(str(_("全年未履职")))
        if score.missing_duties:
            reasons.append(str(_("未完成最低履职要求")))
        if score.band == "incompetent":
            reasons.append(str(_("考核分低于基本称职")))
        if reasons:
            missing = [duty_labels.get(code, code) for code in score.missing_duties]
            found.append(
                Shortfall(
                    line.member_id, line.name, line.sector, line.total, score.score, score.band_label, missing, reasons
                )
            )
    return sorted(found, key=lambda s: (s.total, s.score, s.name))
