"""Activity statistics (API.md "Statistics"): activities held in a year, attendances and distinct members attending.

Held means attendance confirmed or later. An attendance is a place-holder marked present, late or left early
when attendance was confirmed: closing turns each check-in into exactly that, and activities recorded
afterwards (补录) or marked by hand count the same way, so a year imported from Excel is not left at zero.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.transitions import HELD, HOLDS_PLACE
from lvzhi.core.models import Committee
from lvzhi.core.years import year_bounds
from lvzhi.ledger.taxonomy import ActivityKind

ATTENDED = (Registration.Attendance.PRESENT, Registration.Attendance.LATE, Registration.Attendance.LEFT_EARLY)


@dataclass(frozen=True)
class StatRow:
    key: str
    name: str
    activities: int
    attendances: int
    members_attending: int


def held_activities(committee_ids: Iterable[int], year: int) -> QuerySet[Activity]:
    start, end = year_bounds(year)
    return Activity.objects.filter(
        committee_id__in=list(committee_ids), status__in=HELD, starts_at__gte=start, starts_at__lt=end
    )


def attendances(held: QuerySet[Activity]) -> QuerySet[Registration]:
    return Registration.objects.filter(activity__in=held, status__in=HOLDS_PLACE, attendance__in=ATTENDED)


def _by_activity_field(held: QuerySet[Activity], field: str) -> tuple[dict, dict]:
    """Activities per value of an activity field, and (attendances, members) per the same value."""
    activities = dict(held.values_list(field).annotate(n=Count("id")).order_by())
    attended = {
        key: (n, members)
        for key, n, members in attendances(held)
        .values_list(f"activity__{field}")
        .annotate(n=Count("id"), members=Count("member", distinct=True))
        .order_by()
    }
    return activities, attended


def _rows(names: dict, activities: dict, attended: dict) -> list[StatRow]:
    rows = [
        StatRow(str(key), str(names.get(key, key)), activities.get(key, 0), *attended.get(key, (0, 0)))
        for key in activities.keys() | attended.keys()
        if key is not None
    ]
    return sorted(rows, key=lambda r: (-r.activities, -r.attendances, r.name))


def by_kind(committee: Committee, year: int) -> list[StatRow]:
    activities, attended = _by_activity_field(held_activities([committee.pk], year), "kind")
    return _rows(dict(ActivityKind.choices), activities, attended)


def by_sector_group(committee: Committee, year: int) -> list[StatRow]:
    """Activities organised by each sector group (承办界别组), and who attended them."""
    held = held_activities([committee.pk], year)
    activities, attended = _by_activity_field(held, "organiser_group")
    names = dict(held.filter(organiser_group__isnull=False).values_list("organiser_group", "organiser_group__name"))
    return _rows(names, activities, attended)


def by_sector(committee: Committee, year: int) -> list[StatRow]:
    """Per the attending members' sector in the activity's term: activities they attended, attendances, members."""
    rows = (
        attendances(held_activities([committee.pk], year))
        .filter(member__memberships__term=F("activity__term"))
        .values_list("member__memberships__sector", "member__memberships__sector__name")
        .annotate(activities=Count("activity", distinct=True), n=Count("id"), members=Count("member", distinct=True))
        .order_by()
    )
    names = {key: name for key, name, *_counts in rows}
    return _rows(names, {key: a for key, _name, a, _n, _m in rows}, {key: (n, m) for key, _name, _a, n, m in rows})


def committee_rollup(committee: Committee, year: int) -> list[StatRow]:
    """This committee and each committee directly below it.

    The one sanctioned cross-committee read of activities: a higher office sees its children's counts
    (ARCHITECTURE.md "Tenancy"), never their rows, so scopes are disabled for this aggregate only.
    """
    committees = [committee, *Committee.objects.filter(parent=committee).order_by("id")]
    with scopes_disabled():
        activities, attended = _by_activity_field(held_activities([c.pk for c in committees], year), "committee")
    return [StatRow(c.code, c.name, activities.get(c.pk, 0), *attended.get(c.pk, (0, 0))) for c in committees]


def activity_stats(committee: Committee, year: int, group_by: str) -> list[StatRow]:
    if group_by == "kind":
        return by_kind(committee, year)
    if group_by == "sector_group":
        return by_sector_group(committee, year)
    if group_by == "sector":
        return by_sector(committee, year)
    if group_by == "committee":
        return committee_rollup(committee, year)
    raise ValueError(group_by)


GROUP_LABELS = {
    "kind": _("活动种类"),
    "sector_group": _("承办界别活动组"),
    "sector": _("出席委员所在界别"),
    "committee": _("本会及下级政协"),
}
GROUP_BY = tuple(GROUP_LABELS)
