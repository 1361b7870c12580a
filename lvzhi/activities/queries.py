"""Reads of activities that encode visibility or compose a screen: audience, roster, live board, approvers."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.models import Activity, ActivityEvent, CheckIn, LeaveRequest, Registration
from lvzhi.activities.transitions import HOLDS_PLACE
from lvzhi.core.capabilities import ROLE_CAPABILITIES, Role
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.core.tenancy import Access
from lvzhi.core.todo import Todo, Upcoming, recent_imports
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import (
    SERVING_STATUSES,
    GroupSeat,
    Member,
    Membership,
    Position,
    SectorGroup,
    SpecialCommitteeSeat,
)
from lvzhi.org.queries.members import visible_members


def reach_ids(activity: Activity) -> list[int]:
    """The committees the activity's audience spans: its own, and the lower committees it invites."""
    return [activity.committee_id, *activity.audience_committees.values_list("pk", flat=True)]


def audience_memberships(activity: Activity) -> QuerySet[Membership]:
    """Serving memberships inside the activity's units (its own term) or of the lower committees it invites
    (their current term), narrowed by the gender, new-member and position filters."""
    lower_committees = activity.audience_committees.values("pk")
    # Across committees on purpose, and filtered to exactly the activity's own and the lower committees it names
    # (as subqueries, so sign-up asks it in one query).
    memberships = Membership.objects.with_scopes_disabled().filter(
        Q(committee_id=activity.committee_id) | Q(committee__in=lower_committees), status__in=SERVING_STATUSES
    )
    own = Q(committee_id=activity.committee_id, term_id=activity.term_id)
    if not activity.audience_all:
        own &= (
            Q(sector__in=activity.audience_sectors.all())
            | Q(pk__in=GroupSeat.objects.filter(group__in=activity.audience_groups.all()).values("membership_id"))
            | Q(
                pk__in=SpecialCommitteeSeat.objects.filter(
                    special_committee__in=activity.audience_special_committees.all()
                ).values("membership_id")
            )
            | Q(regional_group__in=activity.audience_regional_groups.all())
            | Q(station__in=activity.audience_stations.all())
        )
    memberships = memberships.filter(own | Q(committee__in=lower_committees, term__is_current=True))
    if activity.audience_gender:
        memberships = memberships.filter(member__gender=activity.audience_gender)
    if activity.audience_new_only:
        memberships = memberships.filter(appointment=Membership.Appointment.NEW)
    if titles := activity.position_list:
        positions = Position.objects.with_scopes_disabled().filter(title__in=titles, ended_on__isnull=True)
        seats = GroupSeat.objects.with_scopes_disabled().filter(role__in=titles)
        memberships = memberships.filter(
            Q(pk__in=positions.values("membership_id"))
            | Q(pk__in=seats.values("membership_id"))
            | Q(regional_group_role__in=titles)
        )
    return memberships


def audience_members(activity: Activity) -> QuerySet[Member]:
    """Members inside the activity's audience (lower committees' members included), plus any member named outright
    (always the activity's own committee's, as the service checks)."""
    return (
        Member.objects.with_scopes_disabled()
        .filter(
            Q(pk__in=audience_memberships(activity).values("member_id"))
            | Q(pk__in=activity.audience_members.values("pk"))
        )
        .order_by("name_pinyin", "id")
    )


def visible_activities(access: Access, member: Member | None, above: Iterable[int] = ()) -> QuerySet[Activity]:
    """Staff see every activity of the committee; members what is open to or assigned to them. `above`: the
    committees above the caller's whose activities the member sees where invited (跨层级邀请); only from inside a
    scope that spans them, and never more than those open to the member."""
    above = list(above) if member is not None else []
    activities = Activity.objects.filter(committee=access.committee)
    if access.can(C.MANAGE_ACTIVITIES) or access.can(C.VIEW_MEMBERS):
        if not above:
            return activities
        invited = Activity.objects.filter(committee_id__in=above).open_to(member).values("pk")
        return Activity.objects.filter(Q(committee=access.committee) | Q(pk__in=invited))
    if member is not None and access.can(C.PARTICIPATE):
        return Activity.objects.filter(committee_id__in=[access.committee.pk, *above]).open_to(member)
    return activities.none()


@dataclass(frozen=True)
class Reach:
    """Where the caller may organise activities: the whole committee, or only some special committees, sector
    groups, regional groups and stations (a sector group counts for the special committee that supervises it)."""

    everything: bool
    special_committees: frozenset[int]
    groups: frozenset[int]
    regional_groups: frozenset[int] = frozenset()
    stations: frozenset[int] = frozenset()

    @property
    def only_unit(self) -> tuple[str, int] | None:
        """The one unit a narrowed organiser works for, as (organiser field, id): the create form presets it."""
        units = [
            *(("organiser_special_committee", pk) for pk in self.special_committees),
            *(("organiser_group", pk) for pk in self.groups if not self.special_committees),
            *(("organiser_regional_group", pk) for pk in self.regional_groups),
            *(("organiser_station", pk) for pk in self.stations),
        ]
        return units[0] if not self.everything and len(units) == 1 else None


def reach(access: Access) -> Reach:
    if access.user.is_superuser:
        return Reach(True, frozenset(), frozenset())
    everything, special, groups, regional, stations = False, set(), set(), set(), set()
    for assignment in access.assignments:
        if C.MANAGE_ACTIVITIES not in ROLE_CAPABILITIES.get(assignment.role, frozenset()):
            continue
        if assignment.special_committee_id:
            special.add(assignment.special_committee_id)
        elif assignment.sector_group_id:
            groups.add(assignment.sector_group_id)
        elif assignment.regional_group_id:
            regional.add(assignment.regional_group_id)
        elif assignment.station_id:
            stations.add(assignment.station_id)
        else:
            everything = True
    if special:
        groups |= set(SectorGroup.objects.filter(special_committee_id__in=special).values_list("pk", flat=True))
    return Reach(everything, frozenset(special), frozenset(groups), frozenset(regional), frozenset(stations))


def can_manage(access: Access, activity: Activity) -> bool:
    """Staff scoped to a special committee, a sector group, a regional group or a station manage only what it
    organises."""
    if not access.can(C.MANAGE_ACTIVITIES):
        return False
    scope = reach(access)
    return (
        scope.everything
        or activity.organiser_special_committee_id in scope.special_committees
        or activity.organiser_group_id in scope.groups
        or activity.organiser_regional_group_id in scope.regional_groups
        or activity.organiser_station_id in scope.stations
    )


@dataclass(frozen=True)
class Organiser:
    """The bodies an activity is organised in the name of (ids; None when not named)."""

    special_committee_id: int | None = None
    group_id: int | None = None
    regional_group_id: int | None = None
    station_id: int | None = None


def out_of_reach(
    access: Access,
    *,
    organiser: Organiser,
    audience_all: bool,
    sector_ids: Iterable[int],
    group_ids: Iterable[int],
    special_committee_ids: Iterable[int],
    member_ids: Iterable[int],
    regional_group_ids: Iterable[int] = (),
    station_ids: Iterable[int] = (),
    committee_ids: Iterable[int] = (),
) -> dict[str, list[str]]:
    """What a scoped organiser may not set: an activity in another unit's name, or open to people beyond their
    unit (everyone, whole sectors, other units, lower committees, members they cannot see). Field → problem;
    empty when fine."""
    scope = reach(access)
    if scope.everything:
        return {}
    problems: dict[str, list[str]] = {}
    named = {
        "organiser_special_committee_id": (organiser.special_committee_id, scope.special_committees),
        "organiser_group_id": (organiser.group_id, scope.groups),
        "organiser_regional_group_id": (organiser.regional_group_id, scope.regional_groups),
        "organiser_station_id": (organiser.station_id, scope.stations),
    }
    if all(pk is None for pk, _mine in named.values()):
        problems["organiser_special_committee_id"] = [gettext("请选择本单位作为承办单位")]
    for field, (pk, mine) in named.items():
        if pk is not None and pk not in mine:
            problems[field] = [gettext("只能以本单位名义组织活动")]
    if audience_all:
        problems["audience.all"] = [gettext("只能面向本单位的委员")]
    if list(sector_ids):
        problems["audience.sectors"] = [gettext("只能面向本单位的委员，不能面向整个界别")]
    for field, ids, mine in (
        ("audience.special_committees", special_committee_ids, scope.special_committees),
        ("audience.groups", group_ids, scope.groups),
        ("audience.regional_groups", regional_group_ids, scope.regional_groups),
        ("audience.stations", station_ids, scope.stations),
    ):
        if set(ids) - mine:
            problems[field] = [gettext("只能面向本单位的委员")]
    if beyond_reach(access, member_ids):
        problems["audience.members"] = [gettext("只能邀请本单位的委员")]
    if list(committee_ids):
        problems["audience.committees"] = [gettext("下级政协由全会范围的工作人员邀请")]
    return problems


def beyond_reach(access: Access, member_ids: Iterable[int]) -> bool:
    """Some of the members are outside the scoped organiser's unit (never for committee-wide staff)."""
    members = set(member_ids)
    if not members or reach(access).everything:
        return False
    return bool(members - set(visible_members(access).filter(pk__in=members).values_list("pk", flat=True)))


def roster(activity: Activity) -> QuerySet[Registration]:
    """The list as the organiser sees it: places first, then the waiting list in order, then the rest."""
    return (
        Registration.objects.filter(activity=activity)
        .select_related("member")
        .order_by("status", "position", "member__name_pinyin", "id")
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next member to be promoted; None when not waiting."""
    if registration.status != Registration.Status.WAITLISTED or registration.position is None:
        return None
    ahead = Registration.objects.filter(
        activity_id=registration.activity_id, status=Registration.Status.WAITLISTED, position__lt=registration.position
    ).count()
    return ahead + 1


def waiting_positions(activity: Activity) -> list[int]:
    """The positions on the activity's waiting list, ascending (a position's place is how many are lower, + 1)."""
    rows = Registration.objects.filter(activity=activity, status=Registration.Status.WAITLISTED, position__isnull=False)
    return sorted(rows.values_list("position", flat=True))


def my_registrations(member: Member) -> QuerySet[Registration]:
    return Registration.objects.filter(member=member).select_related("activity").order_by("-activity__starts_at")


def timeline(activity: Activity) -> QuerySet[ActivityEvent]:
    return ActivityEvent.objects.filter(activity=activity).select_related("actor").order_by("at", "id")


@dataclass(frozen=True)
class LiveBoard:
    expected: int
    present: int
    late: int
    on_leave: int
    missing: int
    missing_members: list[Member]
    latest: list[CheckIn]


def live_board(activity: Activity, *, latest: int = 10) -> LiveBoard:
    """签到看板: who is expected, who is here (on time or late), who is excused, and who is still missing."""
    holders = list(
        Registration.objects.filter(activity=activity, status__in=HOLDS_PLACE)
        .select_related("member")
        .order_by("member__name_pinyin", "id")
    )
    statuses = dict(CheckIn.objects.filter(activity=activity).values_list("member_id", "status"))
    excused = set(
        LeaveRequest.objects.filter(activity=activity, status=LeaveRequest.Status.APPROVED).values_list(
            "member_id", flat=True
        )
    )
    present = late = on_leave = 0
    missing: list[Member] = []
    for registration in holders:
        status = statuses.get(registration.member_id)
        if status == CheckIn.Status.PRESENT:
            present += 1
        elif status == CheckIn.Status.LATE:
            late += 1
        elif registration.member_id in excused:
            on_leave += 1
        else:
            missing.append(registration.member)
    recent = list(
        CheckIn.objects.filter(activity=activity).select_related("member").order_by("-checked_in_at", "-id")[:latest]
    )
    return LiveBoard(len(holders), present, late, on_leave, len(missing), missing, recent)


# Leave routing (DOMAIN.md §3.1): plenary and standing meetings go to the chair or secretary-general,
# a special committee's activities to its staff, everything else to the organising office.
LEADER_KINDS = frozenset({ActivityKind.PLENARY, ActivityKind.STANDING_MEETING, ActivityKind.CHAIR_MEETING})


def leave_route(activity: Activity) -> tuple[str, int | None]:
    """The approver for leave from this activity, falling back to the office when no such approver exists."""
    holders = RoleAssignment.objects.filter(committee_id=activity.committee_id)
    if activity.kind in LEADER_KINDS and holders.filter(role=Role.LEADER).exists():
        return LeaveRequest.Route.LEADER, None
    special = activity.organiser_special_committee_id
    if special and holders.filter(role=Role.COMMITTEE_STAFF, special_committee_id=special).exists():
        return LeaveRequest.Route.SPECIAL_COMMITTEE, special
    return LeaveRequest.Route.OFFICE, None


def leave_decidable_by(user: User, committee: Committee, assignments: list[RoleAssignment] | None = None) -> Q:
    """The leave requests this user is the approver for (give the user's `assignments` when already read)."""
    if assignments is None:
        assignments = list(RoleAssignment.objects.filter(user=user, committee=committee))
    roles = {a.role for a in assignments}
    q = Q(pk__in=[])
    if Role.LEADER in roles:
        q |= Q(route=LeaveRequest.Route.LEADER)
    special = [a.special_committee_id for a in assignments if a.role == Role.COMMITTEE_STAFF and a.special_committee_id]
    if special:
        q |= Q(route=LeaveRequest.Route.SPECIAL_COMMITTEE, route_special_committee_id__in=special)
    if Role.MEMBER_AFFAIRS in roles:
        q |= Q(route=LeaveRequest.Route.OFFICE)
    if any(C.APPROVE_LEAVE in ROLE_CAPABILITIES.get(r, frozenset()) for r in roles):
        q |= Q(route=LeaveRequest.Route.OFFICE, activity__created_by=user)
    return q


def leave_approvers(leave: LeaveRequest) -> QuerySet[User]:
    """The users `leave_decidable_by` lets decide this request: the people to tell about it."""
    holders = RoleAssignment.objects.filter(committee_id=leave.committee_id)
    if leave.route == LeaveRequest.Route.LEADER:
        holders = holders.filter(role=Role.LEADER)
    elif leave.route == LeaveRequest.Route.SPECIAL_COMMITTEE:
        holders = holders.filter(role=Role.COMMITTEE_STAFF, special_committee_id=leave.route_special_committee_id)
    else:
        approving = [r for r, caps in ROLE_CAPABILITIES.items() if C.APPROVE_LEAVE in caps]
        holders = holders.filter(
            Q(role=Role.MEMBER_AFFAIRS) | Q(role__in=approving, user_id=leave.activity.created_by_id)
        )
    return User.objects.filter(pk__in=holders.values("user_id"), is_active=True)


def may_decide_leave(user: User, leave: LeaveRequest) -> bool:
    return LeaveRequest.objects.filter(pk=leave.pk).filter(leave_decidable_by(user, leave.committee)).exists()


def leave_requests_to_decide(user: User, committee: Committee) -> QuerySet[LeaveRequest]:
    return (
        LeaveRequest.objects.filter(committee=committee, status=LeaveRequest.Status.PENDING)
        .filter(leave_decidable_by(user, committee))
        .select_related("activity", "member")
        .order_by("activity__starts_at", "created_at")
    )


def managed_by(access: Access) -> Q:
    """`can_manage` as a filter: the activities this user organises."""
    if not access.can(C.MANAGE_ACTIVITIES):
        return Q(pk__in=[])
    if access.user.is_superuser:
        return Q()
    q = Q(created_by=access.user)
    for assignment in access.assignments:
        if C.MANAGE_ACTIVITIES not in ROLE_CAPABILITIES.get(assignment.role, frozenset()):
            continue
        if assignment.special_committee_id:
            q |= Q(organiser_special_committee_id=assignment.special_committee_id)
        elif assignment.sector_group_id:
            q |= Q(organiser_group_id=assignment.sector_group_id)
        elif assignment.regional_group_id:
            q |= Q(organiser_regional_group_id=assignment.regional_group_id)
        elif assignment.station_id:
            q |= Q(organiser_station_id=assignment.station_id)
        else:
            return Q()
    return q


def awaiting_close() -> Q:
    """Over, but attendance not confirmed: ended or under way, or any published status past its end."""
    A = Activity.Status
    return Q(status__in=(A.IN_PROGRESS, A.ENDED)) | Q(
        status__in=(A.PUBLISHED, A.REGISTRATION_CLOSED, A.LIST_CONFIRMED, A.NOTIFIED), ends_at__lt=timezone.now()
    )


def to_close(access: Access) -> QuerySet[Activity]:
    """Activities this user organises that are over but whose attendance is not confirmed yet."""
    return Activity.objects.filter(committee=access.committee).filter(managed_by(access)).filter(awaiting_close())


def home_todos(access: Access) -> list[Todo]:
    """What waits for this user in activities: leave to decide, activities to close, past activities imported."""
    items = []
    if access.can(C.APPROVE_LEAVE):
        items.append(
            Todo(
                "todo-leave",
                _("待审批请假"),
                LeaveRequest.objects.filter(committee=access.committee, status=LeaveRequest.Status.PENDING)
                .filter(leave_decidable_by(access.user, access.committee, access.assignments))
                .count(),
                reverse("activities:leave_queue"),
            )
        )
    if access.can(C.MANAGE_ACTIVITIES):
        items.append(
            Todo(
                "todo-close",
                _("待确认考勤的活动"),
                to_close(access).count(),
                reverse("activities:manage_list") + "?to_close=1",
                _("活动已结束，请确认考勤"),
            )
        )
        imported = recent_imports(access, "activity.imported")
        if imported:
            items.append(
                Todo(
                    "todo-activity-imports",
                    _("近 7 天完成的往期活动导入"),
                    imported,
                    reverse("activities:manage_list"),
                )
            )
    return items


def home_upcoming(access: Access, limit: int) -> list[Upcoming]:
    """The next activities: those the user organises (staff), or every published one (leaders and readers)."""
    if not (access.can(C.MANAGE_ACTIVITIES) or access.can(C.VIEW_STATS)):
        return []
    activities = Activity.objects.filter(
        committee=access.committee,
        starts_at__gte=timezone.now(),
        status__in=(
            Activity.Status.PUBLISHED,
            Activity.Status.REGISTRATION_CLOSED,
            Activity.Status.LIST_CONFIRMED,
            Activity.Status.NOTIFIED,
        ),
    )
    manage = access.can(C.MANAGE_ACTIVITIES)
    if manage:
        activities = activities.filter(managed_by(access))
    labels = dict(Activity.Status.choices)
    return [
        Upcoming(
            a.title,
            a.starts_at,
            a.location,
            reverse("activities:manage_detail", args=[a.pk]) if manage else reverse("planning:calendar"),
            labels.get(a.status, ""),
        )
        for a in activities.order_by("starts_at", "id")[:limit]
    ]


def search_activities(access: Access, member: Member | None, text: str, limit: int = 10) -> list[Activity]:
    """The global search's activities by title or pinyin initials, among those the caller may see."""
    text = text.strip()
    if not text:
        return []
    found = visible_activities(access, member)
    if text.isascii():
        found = found.filter(Q(title_initials__contains=text.lower().replace(" ", "")) | Q(title__icontains=text))
    else:
        found = found.filter(title__contains=text)
    return list(found.order_by("-starts_at", "-id")[:limit])
