"""A station's events, shown on its page (liaison): the activities held at the station.

Liaison may not import activities (feature apps are siblings), so the composition lives here, above both, and
reaches the station's page as a panel (core.registry.station_panel) — as the working-day calendar reaches
liaison's deadlines. An activity is held at a station when its place (地点) names the station or its address.
"""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lvzhi.activities.models import Activity, Registration
from lvzhi.core.capabilities import Capability as C
from lvzhi.org.models import Station

SHOWN = 20
PAST_DAYS = 365
# An address shorter than this ("3楼") would match places that are not the station.
MIN_ADDRESS = 4
ATTENDED = (Registration.Attendance.PRESENT, Registration.Attendance.LATE, Registration.Attendance.LEFT_EARLY)


def activities_at(station: Station) -> QuerySet[Activity]:
    """The committee's activities (not drafts, not cancelled) whose place names the station."""
    place = Q(location__icontains=station.name)
    if len(station.address.strip()) >= MIN_ADDRESS:
        place |= Q(location__icontains=station.address.strip())
    return (
        Activity.objects.filter(committee_id=station.committee_id)
        .filter(place)
        .exclude(status__in=[Activity.Status.DRAFT, Activity.Status.CANCELLED])
    )


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
