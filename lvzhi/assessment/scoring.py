"""Scores from the ledger (DOMAIN.md §4): one SQL aggregate for a whole committee-year, folded through the rules.

The database counts the year's counting rows per (member, kind, role): the same GROUP BY as a bare aggregate over
the ledger, so the work that grows with the rows stays in SQL. The fold then walks those few counts per member
through the indicators. `trace()` attributes the same points to the member's individual rows, so every point can be
traced to its source; a test holds the two to the same totals.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import BooleanField, Count, Q
from django.db.models.expressions import RawSQL

from lvzhi.assessment.rules import BAND_ORDER, SECTIONS, Indicator, Rules
from lvzhi.core.models import Committee
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import term_for
from lvzhi.org.models import SERVING_STATUSES, Membership

# Rows waiting for a decision on a dispute still count as recorded: a dispute must not cost the member points
# until the office corrects the line. Pending self-reports count once confirmed; voided rows never.
COUNTING = (DutyRecord.Status.CONFIRMED, DutyRecord.Status.DISPUTED)
PLENARY, ABSENT = "plenary", "absent"
SECTION_INDEX = {section: n for n, section in enumerate(SECTIONS)}  # base, bonus, penalty
PENALTY_SECTION = SECTION_INDEX["penalty"]


@dataclass
class Person:
    """Who is assessed in a year: a membership of the year's term, with the months served in that year."""

    member_id: int
    membership_id: int
    name: str
    sector_id: int
    standing: bool
    months: int

    @property
    def factor(self) -> float:
        return self.months / 12

    @property
    def ranked(self) -> bool:
        # Members who joined or left mid-year are scored pro rata but not ranked (§4.3).
        return self.months == 12


@dataclass
class MemberScore:
    person: Person
    lines: dict[str, float]
    base: float
    bonus: float
    penalty: float
    score: float
    band: str
    band_label: str
    missing_duties: list[str] = field(default_factory=list)
    capped_by: list[str] = field(default_factory=list)
    rank: int | None = None

    @property
    def member_id(self) -> int:
        return self.person.member_id


def _months(joined: datetime.date, left: datetime.date | None, year: int) -> int:
    start = max(joined, datetime.date(year, 1, 1))
    end = min(left or datetime.date(year, 12, 31), datetime.date(year, 12, 31))
    if end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def people(committee: Committee, year: int, member_ids: Sequence[int] | None = None) -> list[Person]:
    """The memberships of the year's term that served some of the year (all, or those of `member_ids`)."""
    term = term_for(committee, year)
    ended_before = Q(status_effective_on__lt=datetime.date(year, 1, 1)) & ~Q(status__in=SERVING_STATUSES)
    rows = (
        Membership.objects.filter(committee=committee, term=term, joined_on__lte=datetime.date(year, 12, 31))
        .exclude(ended_before)
        .filter(**({"member_id__in": member_ids} if member_ids is not None else {}))
        .values_list(
            "member_id",
            "id",
            "member__name",
            "sector_id",
            "is_standing_member",
            "joined_on",
            "status",
            "status_effective_on",
        )
        .order_by()
    )
    found = []
    for member_id, membership_id, name, sector_id, standing, joined, status, effective in rows:
        left = effective if status not in SERVING_STATUSES else None
        months = _months(joined, left, year)
        if months:
            found.append(Person(member_id, membership_id, name, sector_id, standing, months))
    return found


def counted_rows(committee: Committee, year: int, member_ids: Sequence[int] | None = None):
    rows = DutyRecord.objects.filter(committee=committee, year=year, status__in=COUNTING)
    return rows.filter(member_id__in=member_ids) if member_ids is not None else rows


def counts(committee: Committee, year: int, member_ids: Sequence[int] | None = None) -> dict[int, list[tuple]]:
    """(member_id, kind, role, n) rows per member: the only aggregate over the year's rows."""
    query = (
        counted_rows(committee, year, member_ids)
        .order_by()
        .values_list("member_id", "kind", "role")
        .annotate(n=Count("id"))
    )
    sql, params = query.query.sql_with_params()
    grouped: dict[int, list[tuple]] = defaultdict(list)
    # A raw cursor over the compiled (scoped) query: building 500,000 dicts or tuples through the ORM would
    # cost more than the database's own work.
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(10_000):
            for row in batch:
                grouped[row[0]].append(row)
    return grouped


def term_plenary_absences(committee: Committee, year: int) -> dict[int, int]:
    """Unexcused plenary absences per member over the term up to `year` (the two-absence rule)."""
    term = term_for(committee, year)
    # Literal kind and role, so the partial index ledger_plenary_absences serves the query (SQLite cannot match
    # a partial index's condition against bound parameters).
    plenary_absent = RawSQL(f"kind = '{PLENARY}' AND role = '{ABSENT}'", [], output_field=BooleanField())
    return dict(
        DutyRecord.objects.filter(plenary_absent, committee=committee, term=term, year__lte=year, status__in=COUNTING)
        .order_by()
        .values_list("member_id")
        .annotate(n=Count("id"))
    )


class Folder:
    """The rules compiled to one plan per (kind, role), so folding a member is a lookup per count it has."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.indicators = rules.indicators
        self.labels = {b.code: b.label for b in rules.bands}
        self.plans: dict[tuple[str, str], tuple] = {}
        base = [(idx, ind) for idx, ind in enumerate(self.indicators) if ind.section == "base"]
        fixed = [ind for _idx, ind in base if not (ind.mode == "ratio" or ind.standing_only or ind.prorate)]
        # The base lines whose cap is the same for everyone, summed once; the others are added per member.
        self.open_base = rules.base_total is None or any(ind.cap is None for _idx, ind in base)
        self.fixed_caps = sum(ind.cap or 0.0 for ind in fixed)
        self.varying_base = [(idx, ind) for idx, ind in base if ind not in fixed]
        self.band_floors = [(b.min, b.code) for b in rules.bands]
        self.lowest_band = rules.bands[-1].code
        # What fold() needs of each indicator, in one tuple: code, section (0 base, 1 bonus, 2 penalty), ratio,
        # skip, cap, prorate, standing only.
        self.lines_of = [
            (i.code, SECTION_INDEX[i.section], i.mode == "ratio", i.skip, i.cap, i.prorate, i.standing_only)
            for i in self.indicators
        ]

    def plan(self, kind: str, role: str) -> tuple:
        """What one (kind, role) count does: lines it pays, ratio lines it counts in, duties it meets."""
        key = (kind, role)
        found = self.plans.get(key)
        if found is None:
            pays = tuple(
                (idx, ind.roles[role], ind.mode == "once")
                for idx, ind in enumerate(self.indicators)
                if kind in ind.kinds and role in ind.roles
            )
            held = tuple(idx for idx, ind in enumerate(self.indicators) if ind.mode == "ratio" and kind in ind.kinds)
            duties = tuple(
                idx for idx, d in enumerate(self.rules.minimum_duties) if kind in d.kinds and role in d.roles
            )
            found = self.plans[key] = (pays, held, duties, kind == PLENARY and role == ABSENT)
        return found

    def cap_of(self, ind: Indicator, person: Person) -> float | None:
        if ind.cap is None:
            return None
        return ind.cap * person.factor if ind.prorate else ind.cap

    def fold(self, person: Person, member_counts: Iterable[tuple], term_absences: int = 0) -> MemberScore:
        """One member's score from their (member_id, kind, role, n) counts. Run 50,000 times for a province's
        year, so it reads each count once and each indicator's settings from one precomputed tuple."""
        rules, plans, lines_of = self.rules, self.plans, self.lines_of
        total: dict[int, float] = {}
        n_rows: dict[int, int] = {}
        denominators: dict[int, int] = {}
        met: set[int] = set()
        plenary_absent = 0
        for _member, kind, role, n in member_counts:
            pays, held, duties, absent = plans.get((kind, role)) or self.plan(kind, role)
            for idx, points, once in pays:
                if once:
                    if points > total.get(idx, -1.0):
                        total[idx] = points
                else:
                    total[idx] = total.get(idx, 0.0) + points * n
                    n_rows[idx] = n_rows.get(idx, 0) + n
            for idx in held:
                denominators[idx] = denominators.get(idx, 0) + n
            if duties:
                met.update(duties)
            if absent:
                plenary_absent += n
        lines: dict[str, float] = {}
        sums = [0.0] * len(SECTIONS)
        standing, factor = person.standing, person.factor
        for idx, value in total.items():
            code, section, ratio, skip, cap, prorate, standing_only = lines_of[idx]
            if standing_only and not standing:
                continue
            if ratio:
                held_rows = denominators.get(idx)
                value = value / held_rows if held_rows else 0.0
            elif skip:
                rows = n_rows[idx]
                value -= (value / rows) * min(rows, skip)
            if cap is not None:
                if prorate:
                    cap *= factor
                value = max(value, -cap) if section == PENALTY_SECTION else min(value, cap)
            lines[code] = round(value, 2)
            sums[section] += value
        base, bonus, penalty = sums
        base = self._base(base, person, denominators)
        if rules.bonus_cap is not None:
            bonus = min(bonus, rules.bonus_cap)
        score = base + bonus + penalty
        if rules.floor is not None:
            score = max(score, rules.floor)
        score = round(score, 2)
        duties = rules.minimum_duties
        missing = [d.code for idx, d in enumerate(duties) if idx not in met] if len(met) < len(duties) else []
        band, capped_by = self.band_of(score, plenary_absent, missing, term_absences)
        return MemberScore(
            person,
            lines,
            round(base, 2),
            round(bonus, 2),
            round(penalty, 2),
            score,
            band,
            self.labels.get(band, band),
            missing,
            capped_by,
        )

    def _base(self, raw: float, person: Person, denominators: dict[int, int]) -> float:
        """The base, rescaled to the base total over the lines that apply to this member (§4.2 常委 rule).

        A standing member's 常委会议 line adds 30 to a 100 base, so 130 scales back to 100; a ratio line with
        nothing held in the member's time (the plenary before they joined) drops out of both sides.
        """
        total = self.rules.base_total
        if total is None:
            return raw
        if self.open_base:
            return min(raw, total)
        applicable = self.fixed_caps
        for idx, ind in self.varying_base:
            if (ind.standing_only and not person.standing) or (ind.mode == "ratio" and not denominators.get(idx)):
                continue
            applicable += ind.cap * person.factor if ind.prorate else ind.cap
        return raw * total / applicable if applicable else 0.0

    def band_of(self, score: float, plenary_absent: int, missing: list[str], term_absences: int):
        rules = self.rules
        band = self.lowest_band
        for minimum, code in self.band_floors:
            if score >= minimum:
                band = code
                break
        capped_by: list[str] = []
        limits = []
        if plenary_absent:
            limits.append((rules.unexcused_plenary_caps_at, "unexcused_plenary"))
        if missing:
            limits.append((rules.missing_duty_caps_at, "missing_duty"))
        if rules.term_plenary_absences and term_absences >= rules.term_plenary_absences:
            limits.append(("incompetent", "term_plenary_absences"))
        for limit, reason in limits:
            if limit and BAND_ORDER[band] < BAND_ORDER[limit]:
                band = limit
                capped_by.append(reason)
        return band, capped_by


def score_committee(committee: Committee, year: int, rules: Rules) -> list[MemberScore]:
    """Every assessed member's score, band and rank for the year, from one aggregate over the ledger."""
    found = people(committee, year)
    grouped = counts(committee, year)
    absences = term_plenary_absences(committee, year) if rules.term_plenary_absences else {}
    folder = Folder(rules)
    scores = [folder.fold(p, grouped.get(p.member_id, ()), absences.get(p.member_id, 0)) for p in found]
    apply_quota(scores, rules)
    rank(scores)
    return scores


def score_member(committee: Committee, year: int, member_id: int, rules: Rules) -> MemberScore | None:
    person = next(iter(people(committee, year, [member_id])), None)
    if person is None:
        return None
    grouped = counts(committee, year, [member_id])
    absences = term_plenary_absences(committee, year).get(member_id, 0) if rules.term_plenary_absences else 0
    return Folder(rules).fold(person, grouped.get(member_id, ()), absences)


def apply_quota(scores: list[MemberScore], rules: Rules) -> None:
    """At most the quota's share of ranked members keeps 优秀; the rest drop to the next band."""
    if not rules.excellent_quota:
        return
    ranked = sorted((s for s in scores if s.person.ranked), key=lambda s: -s.score)
    allowed = int(len(ranked) * rules.excellent_quota)
    next_band = next((b.code for b in rules.bands if b.code != "excellent"), "competent")
    for position, s in enumerate(ranked):
        if s.band == "excellent" and position >= allowed:
            s.band, s.band_label = next_band, rules.band_label(next_band)
            s.capped_by.append("excellent_quota")


def rank(scores: Sequence[MemberScore]) -> None:
    """Standard competition ranking (1, 2, 2, 4) among ranked members; the others get none."""
    ordered = sorted((s for s in scores if s.person.ranked), key=lambda s: -s.score)
    previous, place = None, 0
    for position, s in enumerate(ordered, start=1):
        if s.score != previous:
            place, previous = position, s.score
        s.rank = place
    for s in scores:
        if not s.person.ranked:
            s.rank = None


@dataclass
class TracedRow:
    record: DutyRecord
    points: float = 0.0
    lines: list[tuple[str, float]] = field(default_factory=list)


def trace(rows: Sequence[DutyRecord], person: Person, rules: Rules) -> list[TracedRow]:
    """Each counting row with the points it earned and on which lines, in date order, caps applied as they bite.

    Attribution follows the fold: skipped rows earn nothing (another line paid them), a `once` line pays its best
    row, a ratio line shares its points among the attended rows, and a cap stops paying at the row that reaches it.
    """
    folder = Folder(rules)
    traced = [TracedRow(r) for r in sorted(rows, key=lambda r: (r.event_date, r.id)) if r.status in COUNTING]
    for ind in rules.indicators:
        if ind.standing_only and not person.standing:
            continue
        matching = [t for t in traced if t.record.kind in ind.kinds and t.record.role in ind.roles]
        if not matching:
            continue
        cap = folder.cap_of(ind, person)
        if ind.mode == "once":
            top = max(matching, key=lambda t: ind.roles[t.record.role])
            earned = [(top, ind.roles[top.record.role])]
        elif ind.mode == "ratio":
            held = sum(1 for t in traced if t.record.kind in ind.kinds)
            share = max(ind.roles.values()) / held
            earned = [(t, share) for t in matching]
        else:
            earned = [(t, ind.roles[t.record.role]) for t in matching[ind.skip :]]
        paid = 0.0
        for t, points in earned:
            if cap is not None:
                room = (-cap - paid) if ind.section == "penalty" else (cap - paid)
                points = max(points, room) if ind.section == "penalty" else min(points, room)
            if points:
                t.points = round(t.points + points, 2)
                t.lines.append((ind.code, round(points, 2)))
                paid += points
    return traced
