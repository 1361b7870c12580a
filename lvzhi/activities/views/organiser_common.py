"""What every organiser screen shares: fetching the activity with the right answer (404 / 403),
showing a service's refusal, and the roster as the screens, the export and the sign-in sheet show it."""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from lvzhi.activities import queries
from lvzhi.activities.models import Activity, CheckIn, LeaveRequest, Registration
from lvzhi.activities.transitions import HOLDS_PLACE
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404
from lvzhi.org.models import Member, Membership

R = Registration.Status
# Places first, then the waiting list in order, then those no longer on the list.
STATUS_RANK = {R.CONFIRMED: 0, R.INVITED: 0, R.WAITLISTED: 1, R.REASSIGNED: 2, R.CANCELLED: 3}


def activity_or_404(pk: int) -> Activity:
    """Another committee's activity is outside the request's scope, so it is a 404 like a missing one."""
    return get_or_404(Activity.objects.select_related("term", "created_by"), pk=pk)


def managed_activity(request: HttpRequest, pk: int) -> Activity:
    """The activity, if this user organises it: staff scoped to a special committee or group manage only theirs."""
    activity = activity_or_404(pk)
    if not queries.can_manage(request.access, activity):
        raise PermissionDenied
    return activity


def registration_or_404(activity: Activity, pk: int) -> Registration:
    return get_or_404(Registration.objects.filter(activity=activity).select_related("member", "activity"), pk=pk)


def refuse(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


def safe_next(request: HttpRequest, default: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return default


@dataclass(slots=True)
class Listed:
    """A registration as the roster's tabs, counts and search read it: a plenary's thousand rows as values(),
    model instances only for the page's fifty (with_records)."""

    pk: int
    status: str
    position: int | None
    member_id: int


@dataclass(slots=True)
class ListedMember:
    pk: int
    name: str
    name_pinyin: str


@dataclass
class RosterRow:
    registration: Registration | Listed
    member: Member | ListedMember
    sector: str
    waitlist_position: int | None
    leave: LeaveRequest | None
    checkin: CheckIn | None
    may_decide_leave: bool

    @property
    def holds_place(self) -> bool:
        return self.registration.status in HOLDS_PLACE


ROSTER_MEMBER_FIELDS = {"id", "committee", "user", "name", "name_pinyin"}
# The export's extra columns (单位职务, 手机): deferred, each would cost a query per row.
EXPORT_MEMBER_FIELDS = {"employer", "job_title", "mobile"}


def _records(activity: Activity, *, export: bool = False) -> QuerySet[Registration]:
    # A member row has dozens of columns; the roster shows the name and searches the pinyin.
    wanted = ROSTER_MEMBER_FIELDS | EXPORT_MEMBER_FIELDS if export else ROSTER_MEMBER_FIELDS
    unused = [f"member__{f.name}" for f in Member._meta.concrete_fields if f.name not in wanted]
    return queries.roster(activity).defer(*unused)


def roster_rows(
    request: HttpRequest,
    activity: Activity,
    *,
    only: Registration | None = None,
    listing: bool = False,
    export: bool = False,
) -> list[RosterRow]:
    """The list with each member's sector, waiting-list place, latest leave request and check-in,
    in a fixed number of queries however long the list is. `listing`: registrations and members as
    Listed/ListedMember values, ten times cheaper to read than instances (the roster screen's whole list)."""
    registrations: list[tuple[Registration | Listed, Member | ListedMember]]
    if listing:
        values = Registration.objects.filter(activity=activity).values_list(
            "pk", "status", "position", "member_id", "member__name", "member__name_pinyin"
        )
        registrations = [
            (Listed(pk, status, position, member), ListedMember(member, name, pinyin))
            for pk, status, position, member, name, pinyin in values
        ]
    else:
        records = _records(activity, export=export)
        if only is not None:
            records = records.filter(pk=only.pk)
        registrations = [(r, r.member) for r in records]
    registrations.sort(
        key=lambda pair: (STATUS_RANK.get(pair[0].status, 9), pair[0].position or 0, pair[1].name_pinyin, pair[0].pk)
    )
    on_list = Registration.objects.filter(activity=activity).values("member_id")
    sectors = dict(
        Membership.objects.filter(term_id=activity.term_id, member_id__in=on_list).values_list(
            "member_id", "sector__name"
        )
    )
    leaves: dict[int, LeaveRequest] = {}
    for leave in LeaveRequest.objects.filter(activity=activity).order_by("created_at", "id"):
        leaves[leave.member_id] = leave  # the latest request wins
    checkins = {c.member_id: c for c in CheckIn.objects.filter(activity=activity)}
    decidable: set[int] = set()
    if request.access.can(C.APPROVE_LEAVE) and leaves:
        decidable = set(
            LeaveRequest.objects.filter(activity=activity, status=LeaveRequest.Status.PENDING)
            .filter(queries.leave_decidable_by(request.user, activity.committee))
            .values_list("pk", flat=True)
        )
    if only is None:  # the whole list is in hand: its waiting order without another query
        listed = sorted(
            (r for r, _ in registrations if r.status == R.WAITLISTED), key=lambda r: (r.position or 0, r.pk)
        )
        waiting: Iterable[int] = [r.pk for r in listed]
    else:
        waiting = (
            Registration.objects.filter(activity=activity, status=R.WAITLISTED)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
    places = {pk: n for n, pk in enumerate(waiting, start=1)}
    rows = []
    for registration, member in registrations:
        leave = leaves.get(registration.member_id)
        rows.append(
            RosterRow(
                registration=registration,
                member=member,
                sector=sectors.get(registration.member_id, ""),
                waitlist_position=places.get(registration.pk),
                leave=leave,
                checkin=checkins.get(registration.member_id),
                may_decide_leave=leave is not None and leave.pk in decidable,
            )
        )
    return rows


def with_records(activity: Activity, rows: list[RosterRow]) -> list[RosterRow]:
    """Listed rows (one page of them) with their registrations and members as instances, in one query."""
    records = {r.pk: r for r in _records(activity).filter(pk__in=[row.registration.pk for row in rows])}
    return [
        replace(row, registration=records[row.registration.pk], member=records[row.registration.pk].member)
        for row in rows
        if row.registration.pk in records
    ]
