"""我的履职 home: what a member needs on opening the app, on one phone screen — the next activities (with
check-in when it is open), what is open for sign-up, waiting-list places, leave awaiting a decision, unread
notices and this year's ledger by kind — and large links to every part of the portal."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.views.portal_common import build_cards, member_required, portal_activities, waitlist_positions
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.notify import inbox
from lvzhi.core.permissions import requires
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import duty_records_of
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.org.models import Member

A = Activity.Status
R = Registration.Status
S = DutyRecord.Status
NEXT_ACTIVITIES = 3
LATEST_NOTICES = 3


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    confirmed: int
    pending: int  # waiting for staff, or disputed


def open_for_sign_up(member: Member, now: datetime.datetime) -> QuerySet[Activity]:
    """Menu activities taking sign-ups now: what 活动菜单 lists under “只看可报名”."""
    return (
        Activity.objects.open_to(member)
        .filter(mode=Activity.Mode.MENU, status=A.PUBLISHED, ends_at__gte=now)
        .filter(Q(registration_closes_at__gt=now) | Q(registration_closes_at__isnull=True, starts_at__gt=now))
    )


def ledger_by_kind(member: Member, year: int) -> list[KindCount]:
    """This year's live ledger rows per kind, most first; voided rows do not count."""
    rows = (
        duty_records_of(member, year=year)
        .exclude(status=S.VOIDED)
        .order_by()
        .values("kind")
        .annotate(
            confirmed=Count("id", filter=Q(status=S.CONFIRMED)),
            pending=Count("id", filter=Q(status__in=(S.PENDING, S.DISPUTED))),
        )
    )
    labels = {value: str(label) for value, label in DutyKind.choices}
    counts = [KindCount(r["kind"], labels.get(r["kind"], r["kind"]), r["confirmed"], r["pending"]) for r in rows]
    return sorted(counts, key=lambda c: (-c.confirmed - c.pending, c.label))


@requires(C.PARTICIPATE)
@member_required
def home(request: HttpRequest, member: Member) -> HttpResponse:
    now = timezone.now()
    year = timezone.localdate().year
    on_list = Registration.objects.filter(member=member, status__in=(R.INVITED, R.CONFIRMED)).values("activity_id")
    upcoming = (
        portal_activities(member)
        .filter(pk__in=on_list, ends_at__gte=now)
        .exclude(status__in=(A.DRAFT, A.CANCELLED))
        .order_by("starts_at", "id")[:NEXT_ACTIVITIES]
    )
    waiting = list(
        Registration.objects.filter(member=member, status=R.WAITLISTED, activity__starts_at__gte=now)
        .exclude(activity__status__in=(A.DRAFT, A.CANCELLED))
        .select_related("activity")
        .order_by("activity__starts_at", "id")
    )
    places = waitlist_positions(waiting)
    notices = inbox(request.user, request.committee).filter(read_at__isnull=True)
    kinds = ledger_by_kind(member, year)
    context = {
        "member": member,
        "cards": build_cards(upcoming, member, now=now),
        "open_count": open_for_sign_up(member, now).count(),
        "waiting": [(r, places.get(r.pk)) for r in waiting],
        "pending_leaves": LeaveRequest.objects.filter(member=member, status=LeaveRequest.Status.PENDING)
        .select_related("activity")
        .order_by("activity__starts_at", "id"),
        "notices": list(notices[:LATEST_NOTICES]),
        "year": year,
        "kinds": kinds,
        "ledger_total": sum(k.confirmed for k in kinds),
        "ledger_pending": sum(k.pending for k in kinds),
    }
    return render(request, "activities/portal_home.html", context)


urlpatterns = [path("", home, name="home")]
