"""A station's events, shown on its page (liaison) and counted for its standards checklist: the activities the
station organises (承办站点), those aimed at it (面向站点) and those held at it (their place names the station).

Liaison may not import activities (feature apps are siblings), so the composition lives here, above both, and
reaches the station's page as a panel (core.registry.station_panel) and its checklist as a fact
(core.registry.station_facts) — as the working-day calendar reaches liaison's deadlines.
"""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.transitions import HELD
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.years import year_bounds
from lvzhi.org.models import Station

SHOWN = 20
PAST_DAYS = 365
# An address shorter than this ("3楼") would match places that are not the station.
MIN_ADDRESS = 4
ATTENDED = (Registration.Attendance.PRESENT, Registration.Attendance.LATE, Registration.Attendance.LEFT_EARLY)


def activities_at(station: Station) -> QuerySet[Activity]:
    """The committee's activities (not drafts, not cancelled) the station organises, is aimed at, or hosts."""
    place = Q(location__icontains=station.name)
    if len(station.address.strip()) >= MIN_ADDRESS:
        place |= Q(location__icontains=station.address.strip())
    aimed_at = Activity.audience_stations.through.objects.filter(station=station).values("activity_id")
    return (
        Activity.objects.filter(committee_id=station.committee_id)
        .filter(place | Q(organiser_station=station) | Q(pk__in=aimed_at))
        .exclude(status__in=[Activity.Status.DRAFT, Activity.Status.CANCELLED])
    )


def activities_held(station: Station, year: int) -> dict[str, int]:
    """How many of the station's activities were held in the year (the checklist's 有活动)."""
    start, end = year_bounds(year)
    held = activities_at(station).filter(status__in=HELD, starts_at__gte=start, starts_at__lt=end)
    return {"activities": held.count()}


def station_events(request: HttpRequest, station: Station) -> dict[str, Any] | None:
    """The coming activities at the station and those of the past year, with how many members attended."""
    now = timezone.now()
    rows = list(
        activities_at(station)
        .filter(starts_at__gte=now - datetime.timedelta(days=PAST_DAYS))
        .annotate(attended=Count("registrations", filter=Q(registrations__attendance__in=ATTENDED)))
        .only("pk", "title", "starts_at", "status", "location")
        .order_by("-starts_at")[:SHOWN]
    )
    return {
        "coming": [a for a in reversed(rows) if a.starts_at >= now],
        "held": [a for a in rows if a.starts_at < now],
        "may_manage": request.access.can(C.MANAGE_ACTIVITIES),
    }
