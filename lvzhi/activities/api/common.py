"""Fetching with permission and shaping output, shared by the activities endpoints."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_scopes import scope

from lvzhi.activities.models import Activity, ActivityFile, Registration
from lvzhi.activities.queries import can_manage, timeline, waitlist_position
from lvzhi.activities.services.lifecycle import Audience, audience_of
from lvzhi.activities.transitions import ACTIVITY_MOVES, HOLDS_PLACE
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.choices import choice_label
from lvzhi.core.errors import NotAllowed
from lvzhi.core.tenancy import Access
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Member
from lvzhi.org.portal import member_of


def with_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status__in=HOLDS_PLACE)),
        waitlisted=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
    )


def committee_activities(request: HttpRequest) -> QuerySet[Activity]:
    return with_counts(Activity.objects.filter(committee=request.committee))


def managed_activity(request: HttpRequest, activity_id: int, action: str) -> tuple[Access, Activity]:
    """The caller holds the capability the action needs (403), the activity is in their committee (404),
    and they organise it (403 for staff scoped to another special committee or group)."""
    need(request)
    activity = get_or_404(committee_activities(request), pk=activity_id)
    # Looked up before the capability check, so another committee's caller gets 404 whatever their role.
    access = need(request, *filter(None, [ACTIVITY_MOVES[action].capability]))
    if not can_manage(access, activity):
        raise NotAllowed("activity.not_organiser", _("您不是该活动的组织方"))
    return access, activity


def me_as_member(request: HttpRequest, access: Access) -> Member:
    member = member_of(request.user, access.committee)
    if member is None:
        raise NotAllowed("member.no_profile", _("当前账号没有委员档案"))
    return member


@dataclass(frozen=True)
class Reached:
    """The caller's member record in their committee (None for staff without one) and the ids of the committees
    above it whose invitations they may act on ([] when the scope was not widened)."""

    member: Member | None
    above: list[int]


@contextmanager
def reaching_up(request: HttpRequest) -> Iterator[Reached]:
    """Run the block in the caller's committee and the committees above it when the caller is a member here, so an
    activity a higher committee invited them to is theirs through the API as on the portal (跨层级邀请, see
    views.portal_common.reaching_up). Every read inside must be narrowed to the member (visible_activities with
    `above`, member_activity, their own leave)."""
    committee = request.committee
    member = member_of(request.user, committee) if committee is not None else None
    above = committee.ancestor_ids() if member is not None else []
    if not above:
        yield Reached(member, [])
        return
    with scope(committee=[committee.pk, *above]):
        yield Reached(member, above)


def member_activity(
    request: HttpRequest, activity_id: int, action: str, reached: Reached
) -> tuple[Access, Member, Activity]:
    """A published activity acted on by the caller as a member (drafts are invisible): one of the caller's
    committee, or one of a committee above (reaching_up) that is open to them."""
    need(request)
    activities = committee_activities(request)
    if reached.above:
        invited = Activity.objects.filter(committee_id__in=reached.above).open_to(reached.member)
        activities = with_counts(
            Activity.objects.filter(Q(committee=request.committee) | Q(pk__in=invited.values("pk")))
        )
    activity = get_or_404(activities.exclude(status=Activity.Status.DRAFT), pk=activity_id)
    access = need(request, *filter(None, [ACTIVITY_MOVES[action].capability]))
    if reached.member is None:
        raise NotAllowed("member.no_profile", _("当前账号没有委员档案"))
    return access, reached.member, activity


def refreshed(activity: Activity) -> Activity:
    """The activity again with its list counts, after a service changed it."""
    return with_counts(Activity.objects.filter(pk=activity.pk)).get()


def summary(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "title": activity.title,
        "kind": activity.kind,
        "kind_label": choice_label(ActivityKind, activity.kind),
        "mode": activity.mode,
        "status": activity.status,
        "status_label": choice_label(Activity.Status, activity.status),
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "location": activity.location,
        "capacity": activity.capacity,
        "registration_closes_at": activity.registration_closes_at,
        "confirmed": getattr(activity, "confirmed", 0),
        "waitlisted": getattr(activity, "waitlisted", 0),
        "recorded_afterwards": activity.recorded_afterwards,
    }


def audience_out(audience: Audience) -> dict[str, Any]:
    return {
        "all": audience.all,
        "sectors": list(audience.sector_ids),
        "groups": list(audience.group_ids),
        "special_committees": list(audience.special_committee_ids),
        "members": list(audience.member_ids),
        "regional_groups": list(audience.regional_group_ids),
        "stations": list(audience.station_ids),
        "committees": list(audience.committee_ids),
        "gender": audience.gender,
        "new_only": audience.new_only,
        "positions": list(audience.positions),
    }


def audience_in(payload: Any) -> Audience:
    """An AudienceIn as the services take it (a saved audience is looked up by the caller)."""
    return Audience(
        all=payload.all,
        sector_ids=tuple(payload.sectors),
        group_ids=tuple(payload.groups),
        special_committee_ids=tuple(payload.special_committees),
        member_ids=tuple(payload.members),
        regional_group_ids=tuple(payload.regional_groups),
        station_ids=tuple(payload.stations),
        committee_ids=tuple(payload.committees),
        gender=str(payload.gender),
        new_only=payload.new_only,
        positions=tuple(str(p) for p in payload.positions),
    )


def full(activity: Activity) -> dict[str, Any]:
    return {
        **summary(activity),
        "content": activity.content,
        "goal": activity.goal,
        "organiser_name": activity.organiser_name,
        "organiser_special_committee_id": activity.organiser_special_committee_id,
        "organiser_group_id": activity.organiser_group_id,
        "organiser_regional_group_id": activity.organiser_regional_group_id,
        "organiser_station_id": activity.organiser_station_id,
        "counterpart_department": activity.counterpart_department,
        "min_participants": activity.min_participants,
        "audience": audience_out(audience_of(activity)),
        "filing_status": activity.filing_status,
        "checkin_opens_before": activity.checkin_opens_before,
        "checkin_closes_after": activity.checkin_closes_after,
        "late_after": activity.late_after,
        "minutes": activity.minutes,
        "outcome": activity.outcome,
        "suggestions_count": activity.suggestions_count,
    }


def my_place(activity: Activity, member: Member | None) -> dict[str, Any] | None:
    if member is None:
        return None
    registration = Registration.objects.filter(activity=activity, member=member).first()
    if registration is None:
        return None
    leave = registration.leave_requests.order_by("-created_at", "-id").first()
    return {
        "status": registration.status,
        "position": waitlist_position(registration),
        "attendance": registration.attendance,
        "leave": {"id": leave.pk, "status": leave.status, "kind": leave.kind} if leave else None,
    }


def file_url(attached: ActivityFile) -> str:
    return f"/api/v1/activities/{attached.activity_id}/files/{attached.pk}"


def detail(activity: Activity, member: Member | None) -> dict[str, Any]:
    return {
        **full(activity),
        "timeline": [
            {
                "at": e.at,
                "actor": str(e.actor) if e.actor else None,
                "action": e.action,
                "from": e.from_status,
                "to": e.to_status,
                "note": e.note,
                "data": e.data,
            }
            for e in timeline(activity)
        ],
        "files": [{"id": f.pk, "kind": f.kind, "title": f.title, "url": file_url(f)} for f in activity.files.all()],
        "me": my_place(activity, member),
    }
