"""我的活动: my sign-ups and invitations with waiting-list places, my leave requests, and past attendance."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.views.portal_common import build_cards, cards_html, portal_activities, reaching_up
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires
from lvzhi.org.models import Member
from lvzhi.org.portal import member_required

A = Activity.Status
R = Registration.Status
ON_LIST = (R.INVITED, R.CONFIRMED, R.WAITLISTED)
RECENT_LEAVES = 20


def _year(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and 2000 <= int(value) <= 2100 else default


@requires(C.PARTICIPATE)
@member_required
@reaching_up
def mine(request: HttpRequest, member: Member) -> HttpResponse:
    now = timezone.now()
    this_year = timezone.localdate().year
    year = _year(request.GET.get("year"), this_year)
    on_list = Registration.objects.filter(member=member, status__in=ON_LIST).values("activity_id")
    upcoming = list(
        portal_activities(member)
        .filter(pk__in=on_list, ends_at__gte=now)
        .exclude(status__in=(A.DRAFT, A.CANCELLED))
        .order_by("starts_at", "id")
    )
    past = (
        portal_activities(member)
        .filter(pk__in=Registration.objects.filter(member=member).values("activity_id"), starts_at__year=year)
        .exclude(status=A.DRAFT)
        .exclude(pk__in=[a.pk for a in upcoming])
        .order_by("-starts_at", "-id")
    )
    cards = build_cards([*upcoming, *past], member, now=now)
    leaves = (LeaveRequest.objects.filter(member=member).select_related("activity").order_by("-created_at", "-id"))[
        :RECENT_LEAVES
    ]
    return render(
        request,
        "activities/my_activities.html",
        {
            "upcoming": cards[: len(upcoming)],
            "upcoming_html": cards_html(request, cards[: len(upcoming)]),
            "past": cards[len(upcoming) :],
            "leaves": leaves,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1 if year < this_year else None,
        },
    )


urlpatterns = [path("mine/", mine, name="mine")]
