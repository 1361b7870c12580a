"""Taking part (API.md): sign-up and the waiting list, the organiser's list, leave, check-in and the live board."""

from bisect import bisect_left

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lvzhi.activities import services
from lvzhi.activities.api.common import (
    committee_activities,
    managed_activity,
    me_as_member,
    member_activity,
    reaching_up,
)
from lvzhi.activities.api.schemas import (
    AdjustIn,
    AttendanceIn,
    BoardOut,
    CheckInIn,
    CheckInOut,
    DecisionIn,
    LeaveIn,
    LeaveList,
    LeaveOut,
    MemberCodeOut,
    RegistrationList,
    RegistrationOut,
    SignedUpOut,
    VenueCodeOut,
)
from lvzhi.activities.models import CheckIn, LeaveRequest, Registration
from lvzhi.activities.queries import (
    can_manage,
    leave_requests_to_decide,
    live_board,
    roster,
    waiting_positions,
    waitlist_position,
)
from lvzhi.core.apiinput import Id, Page, PageSize
from lvzhi.core.apikit import get_or_404, need, paginate, trusted
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.org.models import Member

router = Router()


def _registration_out(registration: Registration) -> dict:
    return {
        "member_id": registration.member_id,
        "name": registration.member.name,
        "status": registration.status,
        "source": registration.source,
        "position": waitlist_position(registration),
        "attendance": registration.attendance,
    }


@router.post("/activities/{int:activity_id}/registrations", response={201: SignedUpOut}, summary="Sign up (the member)")
def sign_up(request: HttpRequest, activity_id: Id) -> Status:
    with reaching_up(request) as reached:
        _access, member, activity = member_activity(request, activity_id, "sign_up", reached)
        registration = services.register_for_activity(activity, member=member, actor=request.user)
        return Status(201, {"status": registration.status, "position": waitlist_position(registration)})


@router.delete("/activities/{int:activity_id}/registrations/me", response={204: None}, summary="Cancel my sign-up")
def cancel_sign_up(request: HttpRequest, activity_id: Id) -> Status:
    with reaching_up(request) as reached:
        _access, member, activity = member_activity(request, activity_id, "leave_list", reached)
        registration = get_or_404(Registration.objects.filter(activity=activity, member=member))
        services.cancel_registration(registration, actor=request.user)
    return Status(204, None)


@router.get("/activities/{int:activity_id}/registrations", response=RegistrationList, summary="The list (organiser)")
def list_registrations(
    request: HttpRequest, activity_id: Id, page: Page = 1, page_size: PageSize = 200
) -> RegistrationList:
    _access, activity = managed_activity(request, activity_id, "edit_roster")
    fields = ("member_id", "member__name", "status", "source", "position", "attendance")
    count, page_rows = paginate(roster(activity).values(*fields), page, page_size)
    rows = list(page_rows)
    waiting = Registration.Status.WAITLISTED
    # A place on the waiting list is 1 + how many wait ahead: one read of the list for the page, not one per row.
    ahead = waiting_positions(activity) if any(r["status"] == waiting for r in rows) else []
    items = [
        {
            "member_id": r["member_id"],
            "name": r["member__name"],
            "status": r["status"],
            "source": r["source"],
            "position": bisect_left(ahead, r["position"]) + 1
            if r["status"] == waiting and r["position"] is not None
            else None,
            "attendance": r["attendance"],
        }
        for r in rows
    ]
    return trusted(RegistrationList, {"count": count, "items": items})


@router.post(
    "/activities/{int:activity_id}/registrations/{int:member_id}/adjust",
    response=RegistrationOut,
    summary="Confirm, move to the waiting list, remove or reassign a member",
)
def adjust(request: HttpRequest, activity_id: Id, member_id: Id, payload: AdjustIn) -> dict:
    access, activity = managed_activity(request, activity_id, "edit_roster")
    registration = get_or_404(Registration.objects.filter(activity=activity, member_id=member_id))
    if payload.action == "reassign":
        if payload.to_activity_id is None:
            raise DomainError(
                "validation.invalid", _("请选择调剂到的活动"), fields={"to_activity_id": [_("此项为必填")]}
            )
        target = get_or_404(committee_activities(request), pk=payload.to_activity_id)
        if not can_manage(access, target):
            raise NotAllowed("activity.not_organiser", _("您不是目标活动的组织方"))
        registration = services.reassign_registration(
            registration, to_activity=target, actor=request.user, note=payload.note
        )
    else:
        registration = services.adjust_registration(
            registration, action=payload.action, actor=request.user, note=payload.note
        )
    return _registration_out(registration)


@router.post(
    "/activities/{int:activity_id}/attendance", response=RegistrationOut, summary="Mark a member's attendance by hand"
)
def set_attendance(request: HttpRequest, activity_id: Id, payload: AttendanceIn) -> dict:
    _access, activity = managed_activity(request, activity_id, "set_attendance")
    registration = get_or_404(Registration.objects.filter(activity=activity, member_id=payload.member_id))
    registration = services.set_attendance(
        registration, attendance=payload.attendance, actor=request.user, note=payload.note
    )
    return _registration_out(registration)


def _leave_out(leave: LeaveRequest) -> dict:
    return {
        "id": leave.pk,
        "activity_id": leave.activity_id,
        "member_id": leave.member_id,
        "member_name": leave.member.name,
        "kind": leave.kind,
        "reason": leave.reason,
        "status": leave.status,
        "route": leave.route,
        "decision_note": leave.decision_note,
        "created_at": leave.created_at,
    }


@router.post("/activities/{int:activity_id}/leave", response={201: LeaveOut}, summary="Ask for leave (请假)")
def request_leave(request: HttpRequest, activity_id: Id, payload: LeaveIn) -> Status:
    with reaching_up(request) as reached:
        _access, member, activity = member_activity(request, activity_id, "request_leave", reached)
        leave = services.request_leave(
            activity, member=member, kind=payload.kind, reason=payload.reason, actor=request.user
        )
        return Status(201, _leave_out(leave))


@router.get("/leave-requests", response=LeaveList, summary="Leave requests waiting for me to decide")
def list_leave_requests(request: HttpRequest, page: Page = 1, page_size: PageSize = 50) -> dict:
    access = need(request, C.APPROVE_LEAVE)
    count, items = paginate(leave_requests_to_decide(request.user, access.committee), page, page_size)
    return {"count": count, "items": [_leave_out(leave) for leave in items]}


def _leave(request: HttpRequest, leave_id: int, *capabilities: C) -> LeaveRequest:
    access = need(request)
    leave = get_or_404(
        LeaveRequest.objects.filter(committee=access.committee).select_related("member", "activity"), pk=leave_id
    )
    need(request, *capabilities)
    return leave


@router.post("/leave-requests/{int:leave_id}/approve", response=LeaveOut, summary="Approve (the approver)")
def approve_leave(request: HttpRequest, leave_id: Id, payload: DecisionIn) -> dict:
    leave = services.approve_leave(_leave(request, leave_id, C.APPROVE_LEAVE), actor=request.user, note=payload.note)
    return _leave_out(leave)


@router.post("/leave-requests/{int:leave_id}/reject", response=LeaveOut, summary="Reject (the approver)")
def reject_leave(request: HttpRequest, leave_id: Id, payload: DecisionIn) -> dict:
    leave = services.reject_leave(_leave(request, leave_id, C.APPROVE_LEAVE), actor=request.user, note=payload.note)
    return _leave_out(leave)


@router.post("/leave-requests/{int:leave_id}/withdraw", response=LeaveOut, summary="Withdraw my leave request")
def withdraw_leave(request: HttpRequest, leave_id: Id) -> dict:
    with reaching_up(request) as reached:
        access = need(request)
        # A higher committee's leave request only when it is the caller's own (asked through reaching_up).
        leave = get_or_404(
            LeaveRequest.objects.filter(
                Q(committee=access.committee) | Q(committee_id__in=reached.above, member__user=request.user)
            ).select_related("member", "activity"),
            pk=leave_id,
        )
        need(request, C.PARTICIPATE)
        return _leave_out(services.withdraw_leave(leave, actor=request.user))


def _checkin_out(checkin: CheckIn) -> dict:
    return {
        "id": checkin.pk,
        "member_id": checkin.member_id,
        "status": checkin.status,
        "method": checkin.method,
        "checked_in_at": checkin.checked_in_at,
    }


@router.post(
    "/activities/{int:activity_id}/checkins",
    response={200: CheckInOut, 201: CheckInOut},
    summary="Check in: a member with the venue code, or staff for a member (by id or the member's code)",
)
def check_in(request: HttpRequest, activity_id: Id, payload: CheckInIn) -> Status:
    if payload.member_id is None and payload.member_code is None:
        with reaching_up(request) as reached:
            _access, member, activity = member_activity(request, activity_id, "check_in", reached)
            if not payload.code:
                raise DomainError("validation.invalid", _("请提供签到码"), fields={"code": [_("此项为必填")]})
            checkin, created = services.check_in_with_venue_code(
                activity, member=member, code=payload.code, actor=request.user
            )
            return Status(201 if created else 200, _checkin_out(checkin))
    access, activity = managed_activity(request, activity_id, "set_attendance")
    if payload.member_code:
        checkin, created = services.check_in_with_member_code(activity, code=payload.member_code, actor=request.user)
    else:
        member = get_or_404(Member.objects.filter(committee=access.committee), pk=payload.member_id)
        checkin, created = services.check_in_member(activity, member=member, actor=request.user)
    return Status(201 if created else 200, _checkin_out(checkin))


@router.get("/activities/{int:activity_id}/board", response=BoardOut, summary="Live check-in board (organiser)")
def board(request: HttpRequest, activity_id: Id) -> dict:
    _access, activity = managed_activity(request, activity_id, "set_attendance")
    live = live_board(activity)
    return {
        "expected": live.expected,
        "present": live.present,
        "late": live.late,
        "on_leave": live.on_leave,
        "missing": live.missing,
        "missing_members": [{"id": m.pk, "name": m.name} for m in live.missing_members],
        "latest": [_checkin_out(c) for c in live.latest],
    }


@router.get(
    "/activities/{int:activity_id}/venue-code", response=VenueCodeOut, summary="The rotating venue code to display"
)
def venue_code(request: HttpRequest, activity_id: Id) -> dict:
    _access, activity = managed_activity(request, activity_id, "set_attendance")
    now = timezone.now()
    return {"code": services.current_venue_code(activity, now), "refresh_at": services.venue_code_refresh_at(now)}


@router.get("/me/member-code", response=MemberCodeOut, summary="My personal code for staff to scan")
def my_member_code(request: HttpRequest) -> dict:
    access = need(request, C.PARTICIPATE)
    member = me_as_member(request, access)
    return {
        "code": services.member_code(member),
        "number": services.member_number(member),
        "valid_seconds": services.MEMBER_CODE_MAX_AGE,
        "refresh_at": services.member_number_refresh_at(),
    }
