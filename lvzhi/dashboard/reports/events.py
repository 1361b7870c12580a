"""会议活动出席统计 (§6 item 3): per held activity, who was on the list, who answered, leave, present, absent.

On the list: invited or confirmed places (a waiting list and cancelled places are not). Answered (回执): the member
confirmed, or asked for leave. Present counts present, late and left early as closing confirmed them.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.transitions import HOLDS_PLACE
from lvzhi.core.models import Committee
from lvzhi.dashboard.queries import ATTENDED, held_activities

R = Registration


@dataclass(frozen=True)
class EventFilter:
    kind: str = ""
    group: int | None = None


def event_attendance(committee: Committee, year: int, flt: EventFilter = EventFilter()) -> QuerySet[Activity]:
    """Held activities of the year, newest first, each annotated with its attendance figures."""
    held = held_activities([committee.pk], year)
    if flt.kind:
        held = held.filter(kind=flt.kind)
    if flt.group:
        held = held.filter(organiser_group_id=flt.group)
    on_list = Q(registrations__status__in=HOLDS_PLACE)
    return held.annotate(
        invited=Count("registrations", filter=on_list, distinct=True),
        replied=Count(
            "registrations",
            filter=on_list
            & (Q(registrations__status=R.Status.CONFIRMED) | Q(registrations__leave_requests__isnull=False)),
            distinct=True,
        ),
        on_leave=Count(
            "registrations", filter=on_list & Q(registrations__attendance=R.Attendance.EXCUSED), distinct=True
        ),
        present=Count("registrations", filter=on_list & Q(registrations__attendance__in=ATTENDED), distinct=True),
        absent=Count("registrations", filter=on_list & Q(registrations__attendance=R.Attendance.ABSENT), distinct=True),
    ).order_by("-starts_at", "-id")


def rate(activity: Activity) -> float | None:
    """出席率: present of those on the list (leave counts as not present, as in the study targets)."""
    return activity.present / activity.invited if activity.invited else None
