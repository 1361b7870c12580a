"""请假: asked before the start, routed to the approver DOMAIN.md §3.1 names, decided by that approver only."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.queries import leave_approvers, leave_route, may_decide_leave
from lvzhi.activities.transitions import ACTIVITY_MOVES, HOLDS_PLACE, LEAVE_MOVES
from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import ensure_move
from lvzhi.org.models import Member

L = LeaveRequest.Status


@transaction.atomic
def request_leave(activity: Activity, *, member: Member, kind: str, reason: str, actor: User) -> LeaveRequest:
    """A member on the list asks for leave before the start; the approver is told."""
    if member.user_id != actor.pk:
        raise NotAllowed("leave.not_own", _("只能为本人请假"))
    if kind not in LeaveRequest.Kind.values:
        raise DomainError("leave.bad_kind", _("未知的请假类型"), fields={"kind": [_("取值不在允许范围内")]})
    if not reason.strip():
        raise DomainError("leave.reason_required", _("请填写请假事由"), fields={"reason": [_("此项为必填")]})
    activity = Activity.objects.select_related("committee").get(pk=activity.pk)
    registration = (
        Registration.objects.select_for_update()
        .filter(activity=activity, member=member, status__in=HOLDS_PLACE)
        .first()
    )
    if registration is None:
        raise NotAllowed("leave.not_participant", _("您不在本活动的参加名单中"))
    if not ACTIVITY_MOVES["request_leave"].allows(activity.status) or timezone.now() >= activity.starts_at:
        raise Conflict("leave.too_late", _("请假须在活动开始前提出"))
    route, special = leave_route(activity)
    try:
        with transaction.atomic():
            leave = LeaveRequest.objects.create(
                committee_id=activity.committee_id,
                activity=activity,
                member=member,
                registration=registration,
                kind=kind,
                reason=reason,
                route=route,
                route_special_committee_id=special,
                requested_by=actor,
            )
    except IntegrityError:
        raise Conflict("leave.exists", _("您已提交过请假申请")) from None
    log_event("leave.requested", leave, actor=actor, committee=activity.committee, data={"route": route})
    notify(
        committee=activity.committee,
        recipients=leave_approvers(leave),
        kind="leave.requested",
        title=_("请假待审批：%(m)s（%(t)s）") % {"m": member.name, "t": activity.title},
        body=reason,
        source=leave,
        email=False,
    )
    return leave


def _decide(leave: LeaveRequest, action: str, *, actor: User, note: str) -> LeaveRequest:
    leave = (
        LeaveRequest.objects.select_for_update(of=("self",)).select_related("activity", "member__user").get(pk=leave.pk)
    )
    if not may_decide_leave(actor, leave):
        raise NotAllowed("leave.not_approver", _("您不是该请假的审批人"))
    before = leave.status
    leave.status = ensure_move(LEAVE_MOVES, action, before, statuses=L, code="leave.bad_status")
    leave.decided_by = actor
    leave.decided_at = timezone.now()
    leave.decision_note = note[:200]
    leave.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    log_event(
        f"leave.{leave.status}", leave, actor=actor, committee=leave.committee, data={"from": before, "note": note}
    )
    verdict = _("同意") if leave.status == L.APPROVED else _("未同意，请按时参加")
    notify(
        committee=leave.member.committee,  # a lower committee's member is told in their own inbox
        recipients=[leave.member],
        kind="leave.decided",
        title=_("请假%(v)s：%(t)s") % {"v": verdict, "t": leave.activity.title},
        body=note,
        source=leave,
        sms=True,
    )
    return leave


@transaction.atomic
def approve_leave(leave: LeaveRequest, *, actor: User, note: str = "") -> LeaveRequest:
    """Approved leave makes the member's absence excused when attendance is closed."""
    return _decide(leave, "approve", actor=actor, note=note)


@transaction.atomic
def reject_leave(leave: LeaveRequest, *, actor: User, note: str = "") -> LeaveRequest:
    """The member stays on the list and is expected to attend."""
    return _decide(leave, "reject", actor=actor, note=note)


@transaction.atomic
def withdraw_leave(leave: LeaveRequest, *, actor: User) -> LeaveRequest:
    """The member can come after all: back to expected (before the start only)."""
    leave = LeaveRequest.objects.select_for_update(of=("self",)).select_related("activity", "member").get(pk=leave.pk)
    if leave.member.user_id != actor.pk:
        raise NotAllowed("leave.not_own", _("只能撤回本人的请假"))
    if timezone.now() >= leave.activity.starts_at:
        raise Conflict("leave.too_late", _("活动已开始，不能撤回请假"))
    before = leave.status
    leave.status = ensure_move(LEAVE_MOVES, "withdraw", before, statuses=L, code="leave.bad_status")
    leave.save(update_fields=["status"])
    log_event("leave.withdrawn", leave, actor=actor, committee=leave.committee, data={"from": before})
    return leave
