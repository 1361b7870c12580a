"""Coverage of the mass-contact rule (≥3 standing contacts, each contacted at least once a quarter; §3.4, §5),
per member, per sector group and per station."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from lvzhi.liaison.models import ContactLog, StandingContact
from lvzhi.org.models import SERVING_STATUSES, GroupSeat, Member, Membership, Term

MIN_CONTACTS = 3


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_span(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - datetime.timedelta(days=1)
    return start, end


@dataclass
class MemberCoverage:
    member: Member
    contacts: int = 0
    contacted: int = 0
    logs: int = 0
    due_names: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.contacts >= MIN_CONTACTS and not self.due_names


@dataclass
class GroupCoverage:
    name: str
    members: int = 0
    ok: int = 0
    logs: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.ok / self.members) if self.members else 0


def coverage_for_members(members: Iterable[Member], year: int, quarter: int) -> list[MemberCoverage]:
    """Each member's standing contacts and which of them were contacted in the quarter (two queries)."""
    members = list(members)
    start, end = quarter_span(year, quarter)
    rows = {m.pk: MemberCoverage(m) for m in members}
    contacts = StandingContact.objects.filter(member__in=members, is_active=True).values_list("member_id", "pk", "name")
    logs = ContactLog.objects.filter(member__in=members, date__range=(start, end)).values_list(
        "member_id", "contact_id"
    )
    reached: dict[int, set[int]] = defaultdict(set)
    for member_id, contact_id in logs:
        reached[member_id].add(contact_id)
        rows[member_id].logs += 1
    for member_id, contact_id, name in contacts:
        row = rows[member_id]
        row.contacts += 1
        if contact_id in reached[member_id]:
            row.contacted += 1
        else:
            row.due_names.append(name)
    return list(rows.values())


def serving_members(term: Term) -> QuerySet[Member]:
    return Member.objects.filter(memberships__term=term, memberships__status__in=SERVING_STATUSES).distinct()


def coverage_report(
    term: Term, year: int, quarter: int, group_id: int | None = None, within: QuerySet[Member] | None = None
) -> tuple[list[MemberCoverage], list[GroupCoverage], list[GroupCoverage]]:
    """Per member, per sector group and per station (optionally only one group's members, and only the members
    `within` a narrowed staff user's scope)."""
    members = serving_members(term).order_by("name_pinyin", "id")
    if within is not None:
        members = members.filter(pk__in=within.values("pk"))
    if group_id is not None:
        members = members.filter(memberships__group_seats__group_id=group_id)
    per_member = coverage_for_members(members, year, quarter)
    by_pk = {row.member.pk: row for row in per_member}
    groups: dict[str, GroupCoverage] = {}
    for member_id, name in GroupSeat.objects.filter(membership__term=term, membership__member_id__in=by_pk).values_list(
        "membership__member_id", "group__name"
    ):
        _add(groups.setdefault(name, GroupCoverage(name)), by_pk[member_id])
    stations: dict[str, GroupCoverage] = {}
    for member_id, name in Membership.objects.filter(term=term, member_id__in=by_pk, station__isnull=False).values_list(
        "member_id", "station__name"
    ):
        _add(stations.setdefault(name, GroupCoverage(name)), by_pk[member_id])
    return per_member, sorted(groups.values(), key=lambda g: g.name), sorted(stations.values(), key=lambda g: g.name)


def _add(total: GroupCoverage, row: MemberCoverage) -> None:
    total.members += 1
    total.ok += row.ok
    total.logs += row.logs
