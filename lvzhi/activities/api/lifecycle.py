"""Activities and meetings, the organiser's side (API.md): create, read, and move through the life cycle."""

import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from lvzhi.activities import services
from lvzhi.activities.api.common import (
    Reached,
    audience_in,
    detail,
    file_url,
    full,
    managed_activity,
    reaching_up,
    refreshed,
    summary,
    with_counts,
)
from lvzhi.activities.api.schemas import (
    ActivityDetail,
    ActivityIn,
    ActivityList,
    ActivityOut,
    ActivityPatch,
    ActivityStatus,
    AudienceIn,
    ExtendRegistrationIn,
    FileOut,
    InvitedOut,
    InviteIn,
    InvitePlanOut,
    NoticeIn,
    OutcomeIn,
    ReasonIn,
    RescheduleIn,
)
from lvzhi.activities.models import Activity, ActivityFile, SavedAudience
from lvzhi.activities.queries import visible_activities
from lvzhi.core.apiinput import Day, Id, Page, PageSize
from lvzhi.core.apikit import get_or_404, need, need_any, paginate, trusted
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Committee
from lvzhi.core.tenancy import Access
from lvzhi.core.uploads import serve
from lvzhi.org.models import Member, RegionalGroup, SectorGroup, SpecialCommittee, Station

router = Router()


def _audience(payload: AudienceIn) -> services.Audience:
    if payload.saved_audience_id is not None:
        saved = SavedAudience.objects.filter(pk=payload.saved_audience_id).first()
        if saved is None:
            raise DomainError(
                "activity.bad_audience", _("常用范围不存在"), fields={"audience.saved_audience_id": [_("不存在")]}
            )
        return services.audience_from(saved)
    return audience_in(payload)


def _organisers(committee: Committee, data: dict[str, Any]) -> dict[str, Any]:
    """Turn organiser ids into the committee's objects (400 for an id that is not one of them)."""
    lookups = {
        "organiser_special_committee_id": ("organiser_special_committee", SpecialCommittee),
        "organiser_group_id": ("organiser_group", SectorGroup),
        "organiser_regional_group_id": ("organiser_regional_group", RegionalGroup),
        "organiser_station_id": ("organiser_station", Station),
    }
    for key, (field, model) in lookups.items():
        if key not in data:
            continue
        pk = data.pop(key)
        found = model.objects.filter(committee=committee, pk=pk).first() if pk is not None else None
        if pk is not None and found is None:
            raise DomainError("validation.invalid", _("承办单位不存在"), fields={key: [_("不存在")]})
        data[field] = found
    return data


@router.post("/activities", response={201: ActivityOut}, summary="Create an activity (draft)")
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status:
    access = need(request, C.MANAGE_ACTIVITIES)
    data = _organisers(access.committee, payload.dict(exclude={"audience"}))
    activity = services.create_activity(
        committee=access.committee, data=data, audience=_audience(payload.audience), actor=request.user, access=access
    )
    return Status(201, full(refreshed(activity)))


# Staff and members read activities; a handling unit's users have no business here.
READERS = (C.MANAGE_ACTIVITIES, C.VIEW_MEMBERS, C.PARTICIPATE)


@router.get("/activities", response=ActivityList, summary="Activities: staff see all, members what is open to them")
def list_activities(
    request: HttpRequest,
    status: ActivityStatus | None = None,
    from_: Annotated[Day | None, Query(None, alias="from")] = None,
    to: Day | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> ActivityList:
    access = need_any(request, *READERS)
    with reaching_up(request) as reached:
        activities = visible_activities(access, reached.member, reached.above)
        if status:
            activities = activities.filter(status=status)
        if from_:
            activities = activities.filter(ends_at__gte=_day_start(from_))
        if to:
            activities = activities.filter(starts_at__lt=_day_start(to + datetime.timedelta(days=1)))
        count, page_items = paginate(with_counts(activities).order_by("starts_at", "id"), page, page_size)
        return trusted(ActivityList, {"count": count, "items": [summary(a) for a in page_items]})


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@router.get("/activities/{int:activity_id}", response=ActivityDetail, by_alias=True, summary="An activity")
def get_activity(request: HttpRequest, activity_id: Id) -> dict:
    """Also a higher committee's activity the caller was invited to as a member (跨层级邀请)."""
    access = need(request)
    with reaching_up(request) as reached:
        get_or_404(_reachable(access, reached), pk=activity_id)
        need_any(request, *READERS)
        activity = get_or_404(with_counts(visible_activities(access, reached.member, reached.above)), pk=activity_id)
        return detail(activity, reached.member)


def _reachable(access: Access, reached: Reached) -> QuerySet[Activity]:
    """The activities whose id the caller may learn exist (a 403 rather than a 404 for a wrong role): their
    committee's, and those of a committee above open to them as a member."""
    own = Activity.objects.filter(committee=access.committee)
    return own | visible_activities(access, reached.member, reached.above) if reached.above else own


@router.patch("/activities/{int:activity_id}", response=ActivityOut, summary="Change an activity")
def update_activity(request: HttpRequest, activity_id: Id, payload: ActivityPatch) -> dict:
    access, activity = managed_activity(request, activity_id, "update")
    data = _organisers(access.committee, payload.dict(exclude_unset=True, exclude={"audience"}))
    audience = _audience(payload.audience) if payload.audience is not None else None
    services.update_activity(activity, data=data, audience=audience, actor=request.user, access=access)
    return full(refreshed(activity))


def _move(request: HttpRequest, activity_id: int, action: str, **kwargs: Any) -> dict:
    _, activity = managed_activity(request, activity_id, action)
    service = {
        "publish": services.publish_activity,
        "withdraw": services.withdraw_activity,
        "close_registration": services.close_registration,
        "reopen_registration": services.reopen_registration,
        "confirm_list": services.confirm_list,
        "send_notice": services.send_notice,
        "start": services.start_activity,
        "end": services.end_activity,
        "close": services.close_activity,
        "reopen_attendance": services.reopen_attendance,
        "archive": services.archive_activity,
        "cancel": services.cancel_activity,
    }[action]
    service(activity, actor=request.user, **kwargs)
    return full(refreshed(activity))


@router.post("/activities/{int:activity_id}/publish", response=ActivityOut, summary="Publish; invitees are told")
def publish(request: HttpRequest, activity_id: Id) -> dict:
    return _move(request, activity_id, "publish")


@router.post("/activities/{int:activity_id}/withdraw", response=ActivityOut, summary="Back to draft")
def withdraw(request: HttpRequest, activity_id: Id, payload: ReasonIn) -> dict:
    return _move(request, activity_id, "withdraw", reason=payload.reason)


@router.post("/activities/{int:activity_id}/close-registration", response=ActivityOut, summary="Stop sign-ups")
def close_registration(request: HttpRequest, activity_id: Id) -> dict:
    return _move(request, activity_id, "close_registration")


@router.post("/activities/{int:activity_id}/reopen-registration", response=ActivityOut, summary="Reopen sign-ups")
def reopen_registration(request: HttpRequest, activity_id: Id) -> dict:
    return _move(request, activity_id, "reopen_registration")


@router.post(
    "/activities/{int:activity_id}/extend-registration",
    response=ActivityOut,
    summary="A later registration deadline (sign-ups below 名额下限); reopens sign-ups",
)
def extend_registration(request: HttpRequest, activity_id: int, payload: ExtendRegistrationIn) -> dict:
    _, activity = managed_activity(request, activity_id, "extend_registration")
    services.extend_registration(activity, closes_at=payload.closes_at, actor=request.user)
    return full(refreshed(activity))


@router.post("/activities/{int:activity_id}/confirm-list", response=ActivityOut, summary="Confirm the list")
def confirm_list(request: HttpRequest, activity_id: Id) -> dict:
    return _move(request, activity_id, "confirm_list")


@router.post("/activities/{int:activity_id}/notice", response=ActivityOut, summary="Send the meeting notice")
def send_notice(request: HttpRequest, activity_id: Id, payload: NoticeIn) -> dict:
    return _move(request, activity_id, "send_notice", note=payload.note)


@router.post("/activities/{int:activity_id}/start", response=ActivityOut, summary="Start (check-in open)")
def start(request: HttpRequest, activity_id: Id) -> dict:
    return _move(request, activity_id, "start")


@router.post("/activities/{int:activity_id}/end", response=ActivityOut, summary="Mark as ended")
def end(request: HttpRequest, activity_id: Id) -> dict:
    return _move(request, activity_id, "end")


@router.post(
    "/activities/{int:activity_id}/close", response=ActivityOut, summary="Confirm attendance; writes the ledger"
)
def close(request: HttpRequest, activity_id: Id) -> dict:
    return _move(request, activity_id, "close")


@router.post("/activities/{int:activity_id}/reopen", response=ActivityOut, summary="Reopen attendance to correct it")
def reopen(request: HttpRequest, activity_id: Id, payload: ReasonIn) -> dict:
    return _move(request, activity_id, "reopen_attendance", reason=payload.reason)


@router.post("/activities/{int:activity_id}/archive", response=ActivityOut, summary="Archive")
def archive(request: HttpRequest, activity_id: Id) -> dict:
    return _move(request, activity_id, "archive")


@router.post("/activities/{int:activity_id}/cancel", response=ActivityOut, summary="Cancel; everyone is told")
def cancel(request: HttpRequest, activity_id: Id, payload: ReasonIn) -> dict:
    return _move(request, activity_id, "cancel", reason=payload.reason)


@router.post("/activities/{int:activity_id}/reschedule", response=ActivityOut, summary="改期; everyone is told")
def reschedule(request: HttpRequest, activity_id: Id, payload: RescheduleIn) -> dict:
    _, activity = managed_activity(request, activity_id, "reschedule")
    services.reschedule_activity(activity, actor=request.user, **payload.dict())
    return full(refreshed(activity))


@router.post("/activities/{int:activity_id}/outcome", response=ActivityOut, summary="Record the outcome (成果反馈)")
def record_outcome(request: HttpRequest, activity_id: Id, payload: OutcomeIn) -> dict:
    _, activity = managed_activity(request, activity_id, "record_outcome")
    services.record_outcome(activity, actor=request.user, **payload.dict())
    return full(refreshed(activity))


@router.post("/activities/{int:activity_id}/files", response={201: FileOut}, summary="Attach minutes, reports, photos")
def attach_file(
    request: HttpRequest,
    activity_id: Id,
    file: File[UploadedFile],
    title: Form[str] = "",
    kind: Form[str] = "other",
) -> Status:
    _, activity = managed_activity(request, activity_id, "record_outcome")
    attached = services.attach_activity_file(activity, file=file, title=title, kind=kind, actor=request.user)
    return Status(201, {"id": attached.pk, "kind": attached.kind, "title": attached.title, "url": file_url(attached)})


@router.get("/activities/{int:activity_id}/files/{int:file_id}", summary="Download an activity's material")
def get_file(request: HttpRequest, activity_id: int, file_id: int) -> FileResponse:
    access = need(request)
    with reaching_up(request) as reached:
        get_or_404(_reachable(access, reached), pk=activity_id)
        need_any(request, *READERS)
        activity = get_or_404(visible_activities(access, reached.member, reached.above), pk=activity_id)
        return serve(get_or_404(ActivityFile.objects.filter(activity=activity), pk=file_id).file)


def _invitees(access: Access, member_ids: list[int]) -> list[Member]:
    """The members named, in the order given (the order of priority for the free places)."""
    found = Member.objects.filter(committee=access.committee, pk__in=set(member_ids)).in_bulk()
    if len(found) != len(set(member_ids)):
        raise DomainError("validation.invalid", _("委员不存在"), fields={"member_ids": [_("不存在")]})
    return [found[pk] for pk in dict.fromkeys(member_ids)]


@router.post(
    "/activities/{int:activity_id}/invitations/plan",
    response=InvitePlanOut,
    summary="What inviting these members would do against the free places (changes nothing)",
)
def invite_plan(request: HttpRequest, activity_id: Id, payload: InviteIn) -> dict:
    access, activity = managed_activity(request, activity_id, "edit_roster")
    plan = services.plan_invitation(activity, _invitees(access, payload.member_ids))
    return {
        "free": plan.free,
        "seated": [m.pk for m in plan.seated],
        "waitlisted": [m.pk for m in plan.waitlisted],
        "already_on_list": [m.pk for m in plan.already],
    }


@router.post("/activities/{int:activity_id}/invitations", response=InvitedOut, summary="Invite members to the list")
def invite(request: HttpRequest, activity_id: Id, payload: InviteIn) -> dict:
    access, activity = managed_activity(request, activity_id, "edit_roster")
    members = _invitees(access, payload.member_ids)
    plan = services.invite_members(
        activity, members=members, actor=request.user, overflow=payload.overflow, access=access
    )
    return {"invited": len(plan.seated), "waitlisted": len(plan.waitlisted), "already_on_list": len(plan.already)}
