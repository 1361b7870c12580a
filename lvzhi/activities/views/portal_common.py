"""What the member portal's screens share: the signed-in member, and one card per activity with my place on it."""

import datetime
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django_scopes import scope

from lvzhi.activities.models import Activity, CheckIn, LeaveRequest, Registration
from lvzhi.activities.services import checkin_window
from lvzhi.activities.transitions import ACTIVITY_MOVES, BEFORE_START, HOLDS_PLACE
from lvzhi.core.jinja import render_rows
from lvzhi.core.models import Committee
from lvzhi.core.permissions import get_or_404
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Member

A = Activity.Status
R = Registration.Status
LIVE_LEAVE = (LeaveRequest.Status.PENDING, LeaveRequest.Status.APPROVED)


def post_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A member action is a POST; a GET (say, a reload after a form error) goes to the activity page instead of
    a bare 405, and writes nothing. Goes under @member_required; another committee's activity is still a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
        if request.method != "POST":
            activity = get_or_404(portal_activities(member), pk=pk)
            return redirect("activities:detail", pk=activity.pk)
        return view(request, member, pk)

    return wrapper


def spanning_up(member: Member, committee: Committee) -> AbstractContextManager[None]:
    """The scope of the member's committee and the committees above it (`committee` is the member's, read with
    the request: its parent costs no query)."""
    return scope(committee=[member.committee_id, *committee.ancestor_ids()])


def reaching_up(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the member's view in their committee and the committees above it, so an activity a higher
    committee invited them to is theirs to see, sign up for and ask leave from. Safe because every read of
    these views is narrowed to the member (open_to, their registrations, their leave). Goes under @member_required."""

    @wraps(view)
    def wrapper(request: HttpRequest, member: Member, *args: Any, **kwargs: Any) -> HttpResponse:
        with spanning_up(member, request.committee):
            return view(request, member, *args, **kwargs)

    return wrapper


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the page the form came from (`next`), if it is ours."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or default)


def portal_activities(member: Member) -> QuerySet[Activity]:
    """Activities open to the member with what every card shows: organiser names and places taken."""
    return (
        Activity.objects.open_to(member)
        .select_related(
            "committee",
            "organiser_special_committee",
            "organiser_group",
            "organiser_regional_group",
            "organiser_station",
        )
        .annotate(taken=Count("registrations", filter=Q(registrations__status__in=HOLDS_PLACE)))
    )


@dataclass
class Card:
    """One activity as the member sees it: the activity, my place on its list, my leave and my check-in."""

    activity: Activity
    registration: Registration | None
    position: int | None
    leave: LeaveRequest | None
    checkin: CheckIn | None
    now: datetime.datetime
    kind_label: str
    member_committee_id: int | None = None

    @property
    def organiser(self) -> str:
        a = self.activity
        body = a.organiser_body
        name = a.organiser_name or (body.name if body else "")
        if self.member_committee_id is not None and a.committee_id != self.member_committee_id:
            # A higher committee's activity (跨层级邀请): say whose it is.
            return "·".join(filter(None, [a.committee.name, name]))
        return name

    @property
    def seats_left(self) -> int | None:
        if self.activity.capacity is None:
            return None
        return max(self.activity.capacity - getattr(self.activity, "taken", 0), 0)

    @property
    def status(self) -> str:
        return self.registration.status if self.registration else ""

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDS_PLACE

    @property
    def before_start(self) -> bool:
        return self.activity.status in BEFORE_START and self.now < self.activity.starts_at

    @property
    def registration_open(self) -> bool:
        a = self.activity
        closes = a.registration_closes_at or a.starts_at
        return ACTIVITY_MOVES["sign_up"].allows(a.status) and self.now < closes

    @property
    def can_sign_up(self) -> bool:
        if not self.registration_open:
            return False
        if self.status == R.INVITED:
            return not self.live_leave  # "I will attend", unless they have asked for leave
        return self.activity.mode == Activity.Mode.MENU and self.status in ("", R.CANCELLED)

    @property
    def can_cancel(self) -> bool:
        return self.status in (R.CONFIRMED, R.WAITLISTED) and self.before_start

    @property
    def live_leave(self) -> bool:
        return self.leave is not None and self.leave.status in LIVE_LEAVE

    @property
    def can_request_leave(self) -> bool:
        return self.holds_place and self.before_start and not self.live_leave

    @property
    def can_withdraw_leave(self) -> bool:
        return self.live_leave and self.now < self.activity.starts_at

    @property
    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        return checkin_window(self.activity)

    @property
    def checkin_open(self) -> bool:
        opens, closes = self.window
        return (
            self.holds_place
            and self.checkin is None
            and ACTIVITY_MOVES["check_in"].allows(self.activity.status)
            and opens <= self.now <= closes
        )


def waitlist_positions(registrations: Iterable[Registration]) -> dict[int, int]:
    """Registration id → place on its waiting list (1 = next), for many registrations in one query."""
    waiting = {r.pk: r for r in registrations if r.status == R.WAITLISTED and r.position is not None}
    if not waiting:
        return {}
    queues: dict[int, list[int]] = {}
    rows = Registration.objects.filter(
        activity_id__in={r.activity_id for r in waiting.values()}, status=R.WAITLISTED, position__isnull=False
    ).values_list("activity_id", "position")
    for activity_id, position in rows:
        queues.setdefault(activity_id, []).append(position)
    return {pk: sum(1 for p in queues.get(r.activity_id, []) if p < r.position) + 1 for pk, r in waiting.items()}


def build_cards(activities: Iterable[Activity], member: Member, *, now: datetime.datetime | None = None) -> list[Card]:
    """Cards for a page of activities: my registration, waiting place, latest leave and check-in, in four queries."""
    activities = list(activities)
    now = now or timezone.now()
    ids = [a.pk for a in activities]
    registrations = {r.activity_id: r for r in Registration.objects.filter(member=member, activity_id__in=ids)}
    positions = waitlist_positions(registrations.values())
    leaves: dict[int, LeaveRequest] = {}
    for leave in LeaveRequest.objects.filter(member=member, activity_id__in=ids).order_by("-created_at", "-id"):
        leaves.setdefault(leave.activity_id, leave)
    checkins = {c.activity_id: c for c in CheckIn.objects.filter(member=member, activity_id__in=ids)}
    # Translate each kind once per page: get_kind_display would translate every label of the list on every card.
    kinds = {value: str(label) for value, label in ActivityKind.choices}
    cards = []
    for activity in activities:
        registration = registrations.get(activity.pk)
        cards.append(
            Card(
                activity=activity,
                registration=registration,
                position=positions.get(registration.pk) if registration else None,
                leave=leaves.get(activity.pk),
                checkin=checkins.get(activity.pk),
                now=now,
                kind_label=kinds.get(activity.kind, activity.kind),
                member_committee_id=member.committee_id,
            )
        )
    return cards


def cards_html(request: HttpRequest, cards: list[Card], notice: dict[str, str] | None = None) -> SafeString:
    """The cards as HTML (a Jinja2 fragment: the Django engine's lookups were most of a page of cards), with the
    outcome of an action on them when `notice` (level, text) is given."""
    labels = {
        "registration": {value: str(label) for value, label in Registration.Status.choices},
        "leave": {value: str(label) for value, label in LeaveRequest.Status.choices},
    }
    return render_rows("activities/_cards.jinja", {"cards": cards, "labels": labels, "notice": notice}, request)


def card_for(activity_pk: int, member: Member) -> Card:
    """A fresh card for one activity (after a change); the caller has already checked it is open to the member."""
    return build_cards([portal_activities(member).get(pk=activity_pk)], member)[0]
