"""What activities show on the member home (我的履职): things waiting on the member, and the next activities."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.views.portal_common import build_cards, portal_activities, spanning_up, waitlist_positions
from lvzhi.core.registry import HomeContext
from lvzhi.org.models import Member

A = Activity.Status
R = Registration.Status
NEXT_ACTIVITIES = 3


def open_for_sign_up(member: Member, now: datetime.datetime) -> QuerySet[Activity]:
    """Menu activities taking sign-ups now: what 活动菜单 lists under “只看可报名”."""
    return (
        Activity.objects.open_to(member)
        .filter(mode=Activity.Mode.MENU, status=A.PUBLISHED, ends_at__gte=now)
        .filter(Q(registration_closes_at__gt=now) | Q(registration_closes_at__isnull=True, starts_at__gt=now))
    )


def member_todo(home: HomeContext) -> dict[str, Any] | None:
    """Leave awaiting a decision and waiting-list places; nothing when there is neither (a higher committee's
    activities the member was invited to included, as on the portal's pages)."""
    with spanning_up(home.member, home.committee):
        return _member_todo(home.member)


def _member_todo(member: Member) -> dict[str, Any] | None:
    waiting = list(
        Registration.objects.filter(member=member, status=R.WAITLISTED, activity__starts_at__gte=timezone.now())
        .exclude(activity__status__in=(A.DRAFT, A.CANCELLED))
        .select_related("activity")
        .order_by("activity__starts_at", "id")
    )
    places = waitlist_positions(waiting)
    pending_leaves = list(
        LeaveRequest.objects.filter(member=member, status=LeaveRequest.Status.PENDING)
        .select_related("activity")
        .order_by("activity__starts_at", "id")
    )
    if not waiting and not pending_leaves:
        return None
    return {"pending_leaves": pending_leaves, "waiting": [(r, places.get(r.pk)) for r in waiting]}


def member_next(home: HomeContext) -> dict[str, Any]:
    """The member's next activities (check-in button when open) and how many are open for sign-up, a higher
    committee's they were invited to included."""
    with spanning_up(home.member, home.committee):
        return _member_next(home.member)


def _member_next(member: Member) -> dict[str, Any]:
    now = timezone.now()
    on_list = Registration.objects.filter(member=member, status__in=(R.INVITED, R.CONFIRMED)).values("activity_id")
    upcoming = (
        portal_activities(member)
        .filter(pk__in=on_list, ends_at__gte=now)
        .exclude(status__in=(A.DRAFT, A.CANCELLED))
        .order_by("starts_at", "id")[:NEXT_ACTIVITIES]
    )
    return {"cards": build_cards(upcoming, member, now=now), "open_count": open_for_sign_up(member, now).count()}
