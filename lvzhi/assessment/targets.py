"""Study and training targets (DOMAIN.md §5, 合山's 学习 ≥4 times a year with ≥90 % participation), from the ledger.

Study: every ledger row of a study, lecture or training kind is one invitation (present, late, left early,
excused and absent alike); attending is a row with an attending role. Online study assignments (学习园地) write
one row when completed: a regular one counts as one more session invited and attended, a 补学 one turns a missed
session into an attended one (at most as many as were missed). The arithmetic is the notices app's `StudyRate`,
so the office's 学习园地 screen and these targets agree on a member's figures.

Training: each member at least one training (学习培训) attended in the term, and every new member trained.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Max, Value, When

from lvzhi.assessment.scoring import COUNTING, people
from lvzhi.core.models import Committee
from lvzhi.core.tenancy import Access
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.notices.models import StudyAssignment
from lvzhi.notices.queries import (
    ASSIGNMENT_SOURCE,
    ATTENDED_ROLES,
    RATE_TARGET,
    SESSION_KINDS,
    SESSIONS_TARGET,
    StudyRate,
)
from lvzhi.org.models import SERVING_STATUSES, GroupSeat, Member, Membership, Sector, Term
from lvzhi.org.queries.members import staff_narrowing

__all__ = ["RATE_TARGET", "SESSIONS_TARGET"]


@dataclass
class MemberStudy(StudyRate):
    member_id: int = 0
    sector: str = ""
    groups: list[str] = field(default_factory=list)
    station: str = ""

    @property
    def short(self) -> bool:
        return not (self.meets_sessions and self.meets_rate)


@dataclass
class UnitStudy(StudyRate):
    """A sector group's or a station's members together: sessions held for them, and their summed participation."""

    key: int = 0
    members: int = 0
    short: int = 0  # members below either target
    session_keys: set = field(default_factory=set, repr=False)

    @property
    def sessions(self) -> int:
        return len(self.session_keys)

    @property
    def meets_sessions(self) -> bool:
        return self.sessions >= SESSIONS_TARGET


@dataclass
class StudyReport:
    year: int
    members: list[MemberStudy]
    groups: list[UnitStudy]
    stations: list[UnitStudy]

    @property
    def meeting_both(self) -> int:
        return sum(1 for m in self.members if not m.short)

    @property
    def short(self) -> list[MemberStudy]:
        return [m for m in self.members if m.short]

    @property
    def rate(self) -> float | None:
        invited = sum(m.total_invited for m in self.members)
        return sum(m.total_attended for m in self.members) / invited if invited else None


def visible_ids(access: Access | None) -> set[int] | None:
    """The members a narrowed staff user (a special committee's or a group's) may see; None: everyone."""
    narrowing = None if access is None else staff_narrowing(access)
    if narrowing is None:
        return None
    return set(
        Member.objects.filter(pk__in=Membership.objects.filter(narrowing).values("member_id")).values_list(
            "pk", flat=True
        )
    )


@dataclass(frozen=True)
class Filter:
    sector: int | None = None
    group: int | None = None
    station: int | None = None


def _part():
    """What a ledger row is to the study arithmetic: a 补学, an online assignment, attended or missed."""
    makeups = StudyAssignment.objects.filter(makeup=True).values("pk")
    return Case(
        When(source_type=ASSIGNMENT_SOURCE, source_id__in=makeups, then=Value("makeup")),
        When(source_type=ASSIGNMENT_SOURCE, then=Value("assignment")),
        When(role__in=ATTENDED_ROLES, then=Value("attended")),
        default=Value("missed"),
        output_field=CharField(),
    )


def study_report(committee: Committee, year: int, *, only: Collection[int] | None = None, flt: Filter = Filter()):
    """Every assessed member's study figures for the year, and the same per sector group and per station."""
    persons = people(committee, year)
    seats = GroupSeat.objects.filter(membership_id__in=[p.membership_id for p in persons]).values_list(
        "membership_id", "group_id", "group__name"
    )
    groups_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for membership_id, group_id, group_name in seats.order_by("group__order", "group__name", "group_id"):
        groups_of[membership_id].append((group_id, group_name))
    stations = dict(
        Membership.objects.filter(pk__in=[p.membership_id for p in persons], station__isnull=False).values_list(
            "pk", "station_id"
        )
    )
    station_names = dict(
        Membership.objects.filter(pk__in=stations).values_list("station_id", "station__name").distinct()
    )
    sectors = dict(Sector.objects.filter(pk__in={p.sector_id for p in persons}).values_list("pk", "name"))
    members: dict[int, MemberStudy] = {}
    units: dict[int, tuple[list[int], int | None]] = {}
    for p in sorted(persons, key=lambda p: (sectors.get(p.sector_id, ""), p.name, p.member_id)):
        mine = groups_of.get(p.membership_id, [])
        station = stations.get(p.membership_id)
        if only is not None and p.member_id not in only:
            continue
        if (flt.sector and p.sector_id != flt.sector) or (flt.station and station != flt.station):
            continue
        if flt.group and flt.group not in [g for g, _name in mine]:
            continue
        members[p.member_id] = MemberStudy(
            p.name,
            member_id=p.member_id,
            sector=sectors.get(p.sector_id, ""),
            groups=[name for _g, name in mine],
            station=station_names.get(station, "") if station else "",
        )
        units[p.member_id] = ([g for g, _name in mine], station)
    rows = (
        DutyRecord.objects.filter(committee=committee, year=year, kind__in=SESSION_KINDS, status__in=COUNTING)
        .annotate(part=_part())
        .values_list("member_id", "part")
        .annotate(n=Count("id"))
        .order_by()
    )
    for member_id, part, n in rows:
        rate = members.get(member_id)
        if rate is None:
            continue
        if part == "makeup":
            rate.makeups += n
        elif part == "assignment":
            rate.assignments_invited += n
            rate.assignments_completed += n
        else:
            rate.invited += n
            rate.attended += n if part == "attended" else 0
    groups: dict[int, UnitStudy] = {}
    by_station: dict[int, UnitStudy] = {}
    group_names = {g: name for mine in groups_of.values() for g, name in mine}
    for member_id, (group_ids, station) in units.items():
        targets = [groups.setdefault(g, UnitStudy(group_names[g], key=g)) for g in group_ids]
        if station:
            targets.append(by_station.setdefault(station, UnitStudy(station_names[station], key=station)))
        member = members[member_id]
        for unit in targets:
            unit.members += 1
            unit.short += member.short
            unit.invited += member.invited
            unit.attended += member.attended + member.made_up
            unit.assignments_invited += member.assignments_invited
            unit.assignments_completed += member.assignments_completed
    _count_sessions(committee, year, units, groups, by_station)
    return StudyReport(
        year,
        list(members.values()),
        sorted(groups.values(), key=lambda u: u.name),
        sorted(by_station.values(), key=lambda u: u.name),
    )


def _count_sessions(committee, year, units, groups, stations) -> None:
    """Distinct sessions held for each group's and station's members (a session is its source, e.g. one activity;
    a row recorded by hand without a source is its own session on its date)."""
    if not groups and not stations:
        return
    rows = (
        DutyRecord.objects.filter(committee=committee, year=year, kind__in=SESSION_KINDS, status__in=COUNTING)
        .exclude(source_type=ASSIGNMENT_SOURCE)
        .values_list("member_id", "source_type", "source_id", "event_date", "title")
        .distinct()
        .order_by()
    )
    for member_id, source_type, source_id, day, title in rows:
        if member_id not in units:
            continue
        key = (source_type, source_id) if source_id else ("", day, title)
        group_ids, station = units[member_id]
        for g in group_ids:
            groups[g].session_keys.add(key)
        if station:
            stations[station].session_keys.add(key)


# Training (学习培训) per term


@dataclass
class Trainee:
    member_id: int
    name: str
    sector: str
    new: bool
    trainings: int
    last: datetime.date | None


@dataclass
class TrainingReport:
    term: Term
    members: list[Trainee]

    @property
    def trained(self) -> int:
        return sum(1 for m in self.members if m.trainings)

    @property
    def coverage(self) -> float | None:
        return self.trained / len(self.members) if self.members else None

    @property
    def new_members(self) -> list[Trainee]:
        return [m for m in self.members if m.new]

    @property
    def new_trained(self) -> int:
        return sum(1 for m in self.new_members if m.trainings)

    @property
    def short(self) -> list[Trainee]:
        return [m for m in self.members if not m.trainings]

    @property
    def new_short(self) -> list[Trainee]:
        return [m for m in self.new_members if not m.trainings]


def training_report(term: Term, *, only: Collection[int] | None = None) -> TrainingReport:
    """The term's serving members, each with the trainings attended in the term (new members flagged)."""
    memberships = (
        Membership.objects.filter(term=term, status__in=SERVING_STATUSES)
        .values_list("member_id", "member__name", "sector__name", "appointment")
        .order_by("sector__order", "sector__name", "member__name_pinyin", "member_id")
    )
    trained = {
        member_id: (n, last)
        for member_id, n, last in DutyRecord.objects.filter(
            term=term, kind=DutyKind.TRAINING, role__in=ATTENDED_ROLES, status__in=COUNTING
        )
        .values_list("member_id")
        .annotate(n=Count("id"), last=Max("event_date"))
        .order_by()
    }
    members = [
        Trainee(member_id, name, sector, appointment == Membership.Appointment.NEW, *trained.get(member_id, (0, None)))
        for member_id, name, sector, appointment in memberships
        if only is None or member_id in only
    ]
    return TrainingReport(term, members)


def terms_of(committee: Committee) -> list[Term]:
    return list(Term.objects.filter(committee=committee).order_by("-number"))
