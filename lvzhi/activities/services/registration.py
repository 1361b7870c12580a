"""Who is on an activity's list: invitations, sign-ups, the waiting list and the organiser's adjustments.

Capacity is guarded by locking the activity row: every change to who holds a place runs under
that lock and counts first, so no number of simultaneous sign-ups can over-fill it.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.queries import audience_members, beyond_reach
from lvzhi.activities.services.common import add_event, lock_activity, log_registration_events, tell, when
from lvzhi.activities.transitions import ACTIVITY_MOVES, HOLDS_PLACE, REGISTRATION_MOVES
from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import User
from lvzhi.core.tenancy import Access
from lvzhi.core.workflow import NEW, ensure_move
from lvzhi.org.models import Member

A = Activity.Status
R = Registration.Status


def _places_taken(activity: Activity) -> int:
    return Registration.objects.filter(activity=activity, status__in=HOLDS_PLACE).count()


def _has_free_place(activity: Activity) -> bool:
    return activity.capacity is None or _places_taken(activity) < activity.capacity


def _next_position(activity: Activity) -> int:
    top = Registration.objects.filter(activity=activity).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def _move(registration: Registration, action: str) -> None:
    """Apply a REGISTRATION_MOVES action to the row in memory (the caller saves it)."""
    current = registration.status if registration.pk else NEW
    registration.status = ensure_move(
        REGISTRATION_MOVES, action, current, statuses=Registration.Status, code="registration.bad_status"
    )
    registration.position = None
    # A change of place makes any earlier attendance meaningless; closing works it out again.
    registration.attendance = ""
    registration.attendance_by_staff = False


SAVED_FIELDS = ["status", "position", "attendance", "attendance_by_staff", "reassigned_to", "updated_at"]


def _save(registration: Registration) -> Registration:
    if registration.pk:
        registration.save(update_fields=SAVED_FIELDS)
    else:
        registration.save()
    return registration


def _save_all(registrations: Sequence[Registration]) -> None:
    """`_save` for many: one INSERT for the new rows and one UPDATE for the others (a plenary invites hundreds)."""
    now = timezone.now()
    existing = [r for r in registrations if r.pk]
    for registration in existing:
        registration.updated_at = now
    Registration.objects.bulk_update(existing, SAVED_FIELDS)
    Registration.objects.bulk_create([r for r in registrations if not r.pk])


@dataclass(frozen=True)
class InvitePlan:
    """What inviting these members does, in the order chosen: who gets a place, who waits, who is already on."""

    seated: list[Member]
    waitlisted: list[Member]
    already: list[Member]
    free: int | None  # free places before the invitation; None: no limit


OVERFLOW_WAITLIST = "waitlist"
OVERFLOW_REFUSE = "refuse"


def plan_invitation(activity: Activity, members: Sequence[Member]) -> InvitePlan:
    """Read-only: the organiser sees this before confirming, and invite_members does exactly this."""
    on_list = set(
        Registration.objects.filter(activity=activity).exclude(status=R.CANCELLED).values_list("member_id", flat=True)
    )
    already = [m for m in members if m.pk in on_list]
    new = list({m.pk: m for m in members if m.pk not in on_list}.values())
    if activity.capacity is None:
        return InvitePlan(seated=new, waitlisted=[], already=already, free=None)
    free = max(activity.capacity - _places_taken(activity), 0)
    return InvitePlan(seated=new[:free], waitlisted=new[free:], already=already, free=free)


def _refuse_overflow(plan: InvitePlan) -> None:
    raise Conflict(
        "activity.full",
        _("只剩 %(free)s 个名额，不能邀请 %(n)s 人：请减少人数、提高名额上限，或让超出的 %(over)s 人进入候补名单")
        % {"free": plan.free, "n": len(plan.seated) + len(plan.waitlisted), "over": len(plan.waitlisted)},
    )


@transaction.atomic
def invite_members(
    activity: Activity,
    *,
    members: Sequence[Member],
    actor: User,
    overflow: str = OVERFLOW_REFUSE,
    access: Access | None = None,
) -> InvitePlan:
    """Add members to the invited roster (指定式) in the order given: places while they last, then the
    waiting list (overflow="waitlist") or a refusal that changes nothing (overflow="refuse").
    Already published, they are told at once. With the organiser's access, staff scoped to a unit invite only
    its members."""
    if access is not None and beyond_reach(access, [m.pk for m in members]):
        raise NotAllowed(
            "activity.out_of_scope", _("只能邀请本单位的委员"), fields={"member_ids": [_("只能邀请本单位的委员")]}
        )
    activity = lock_activity(activity)
    ensure_move(ACTIVITY_MOVES, "edit_roster", activity.status, statuses=A, code="activity.bad_status")
    if any(member.committee_id != activity.committee_id for member in members):
        raise DomainError("registration.bad_member", _("委员不存在"))
    plan = plan_invitation(activity, members)
    if plan.waitlisted and overflow != OVERFLOW_WAITLIST:
        _refuse_overflow(plan)
    cancelled = {r.member_id: r for r in Registration.objects.filter(activity=activity, status=R.CANCELLED)}
    position = _next_position(activity)
    invited = []
    for action, group in (("invite", plan.seated), ("invite_waitlisted", plan.waitlisted)):
        for member in group:
            registration = cancelled.get(member.pk) or Registration(
                committee_id=activity.committee_id, activity=activity, member=member, source=Registration.Source.INVITED
            )
            _move(registration, action)
            if registration.status == R.WAITLISTED:
                registration.position, position = position, position + 1
            invited.append(registration)
    _save_all(invited)
    if plan.seated or plan.waitlisted:
        log_event(
            "activity.invited",
            activity,
            actor=actor,
            committee=activity.committee,
            data={"members": [m.pk for m in plan.seated], "waitlisted": [m.pk for m in plan.waitlisted]},
        )
    if activity.status != A.DRAFT:
        title = _("邀请参加：%(t)s") % {"t": activity.title}
        tell(activity, plan.seated, kind="activity.invited", title=title, body=when(activity), sms=True)
        waiting = _("邀请参加（候补）：%(t)s") % {"t": activity.title}
        tell(
            activity,
            plan.waitlisted,
            kind="activity.invited",
            title=waiting,
            body=_("名额已满，有空缺时将自动递补并通知您"),
        )
    return plan


def register_for_activity(activity: Activity, *, member: Member, actor: User) -> Registration:
    """报名 (or an invited member's "I will attend"): a place while one is free, else the end of the waiting list."""
    # Who may sign up does not depend on the race for places: check it before the transaction, so the locked
    # section stays short when hundreds sign up at once (on SQLite the transaction itself is the write lock).
    if not _may_sign_up(activity, member):
        if activity.mode == Activity.Mode.INVITE:
            raise NotAllowed("registration.invite_only", _("本活动为指定参加，不接受报名"))
        raise NotAllowed("activity.not_in_audience", _("您不在本活动的面向范围内"))
    with transaction.atomic():
        return _take_place_or_wait(activity, member=member, actor=actor)


def _may_sign_up(activity: Activity, member: Member) -> bool:
    """Invited, or (where anyone in the audience may sign up) in the audience: one query for the rush."""
    invited = Registration.objects.filter(activity=activity, member=member, status=R.INVITED)
    if activity.mode == Activity.Mode.INVITE:
        return invited.exists()
    allowed = Q(pk__in=invited.values("member_id")) | Q(pk__in=audience_members(activity).values("pk"))
    return Member.objects.filter(pk=member.pk).filter(allowed).exists()


def _take_place_or_wait(activity: Activity, *, member: Member, actor: User) -> Registration:
    activity = lock_activity(activity)
    # Places taken, the member's own row and the end of the waiting list, in one read under the lock.
    state = Registration.objects.filter(activity=activity).aggregate(
        taken=Count("pk", filter=Q(status__in=HOLDS_PLACE)),
        mine=Max("pk", filter=Q(member=member)),
        top=Max("position"),
    )
    registration = Registration.objects.get(pk=state["mine"]) if state["mine"] is not None else None
    status = registration.status if registration else NEW
    if status in (R.CONFIRMED, R.WAITLISTED):
        raise Conflict("registration.exists", _("您已报名本活动"))
    if status == R.REASSIGNED:
        raise Conflict("registration.reassigned", _("组织方已将您调剂至其他活动"))
    closes = activity.registration_closes_at or activity.starts_at
    if not ACTIVITY_MOVES["sign_up"].allows(activity.status) or timezone.now() >= closes:
        raise Conflict("registration.closed", _("报名已截止"))
    if registration is None:
        registration = Registration(
            committee_id=activity.committee_id, activity=activity, member=member, source=Registration.Source.SIGNED_UP
        )
    if status == R.INVITED or activity.capacity is None or state["taken"] < activity.capacity:
        _move(registration, "take_seat")
    else:
        _move(registration, "join_waitlist")
        registration.position = (state["top"] or 0) + 1
    _save(registration)
    log_event(
        "registration.signed_up",
        registration,
        actor=actor,
        committee=activity.committee,
        data={"status": registration.status},
    )
    return registration


@transaction.atomic
def promote_waitlisted(activity: Activity, *, actor: User | None) -> list[Registration]:
    """Fill free places from the head of the waiting list, telling each member promoted.
    The caller holds the activity lock."""
    waiting = (
        Registration.objects.filter(activity=activity, status=R.WAITLISTED)
        .select_related("member__user")
        .order_by("position", "id")
    )
    if activity.capacity is not None:
        waiting = waiting[: max(activity.capacity - _places_taken(activity), 0)]
    promoted = list(waiting)
    for registration in promoted:
        _move(registration, "confirm")
    _save_all(promoted)
    log_registration_events("registration.promoted", promoted, actor=actor, activity=activity)
    if promoted:
        title = _("候补递补成功：%(t)s") % {"t": activity.title}
        tell(
            activity,
            [r.member for r in promoted],
            kind="registration.promoted",
            title=title,
            body=when(activity),
            sms=True,
        )
    return promoted


@transaction.atomic
def cancel_registration(registration: Registration, *, actor: User) -> Registration:
    """The member takes themself off the list; the first waiting member gets the place and is told.
    An invited member cannot decline this way: they ask for leave."""
    activity = lock_activity(registration.activity)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.member.user_id != actor.pk:
        raise NotAllowed("registration.not_own", _("只能取消本人的报名"))
    if registration.status == R.INVITED:
        raise Conflict("registration.use_leave", _("指定参加的会议不能取消报名，请提交请假"))
    if not ACTIVITY_MOVES["leave_list"].allows(activity.status) or timezone.now() >= activity.starts_at:
        raise Conflict("registration.too_late", _("活动已开始，不能取消报名"))
    held_place = registration.status in HOLDS_PLACE
    _move(registration, "cancel")
    _save(registration)
    log_event("registration.cancelled", registration, actor=actor, committee=activity.committee)
    if held_place:
        promote_waitlisted(activity, actor=actor)
    return registration


ADJUSTMENTS = {"confirm", "waitlist", "remove"}


@transaction.atomic
def adjust_registration(registration: Registration, *, action: str, actor: User, note: str = "") -> Registration:
    """The organiser confirms a member, moves them to the waiting list, or takes them off; the member is told.
    Moving someone to the waiting list does not promote anyone: the organiser is making room on purpose."""
    if action not in ADJUSTMENTS:
        raise DomainError("registration.bad_action", _("未知的调整操作"), fields={"action": [_("取值不在允许范围内")]})
    activity = lock_activity(registration.activity)
    ensure_move(ACTIVITY_MOVES, "edit_roster", activity.status, statuses=A, code="activity.bad_status")
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=registration.pk)
    )
    held_place = registration.status in HOLDS_PLACE
    if action == "confirm" and not held_place and not _has_free_place(activity):
        raise Conflict("activity.full", _("名额已满，请先调整名额上限或将他人移入候补"))
    before = registration.status
    _move(registration, action)
    if registration.status == R.WAITLISTED:
        registration.position = _next_position(activity)
    _save(registration)
    log_event(
        "registration.adjusted",
        registration,
        actor=actor,
        committee=activity.committee,
        data={"from": before, "to": registration.status, "note": note},
    )
    titles = {
        R.CONFIRMED: _("您已确认参加：%(t)s"),
        R.WAITLISTED: _("您已被调整至候补名单：%(t)s"),
        R.CANCELLED: _("您已不在参加名单中：%(t)s"),
    }
    tell(
        activity,
        [registration.member],
        kind="registration.adjusted",
        title=titles[registration.status] % {"t": activity.title},
        body=note,
        sms=True,
    )
    if action == "remove" and held_place:
        promote_waitlisted(activity, actor=actor)
    return registration


@transaction.atomic
def reassign_registration(
    registration: Registration, *, to_activity: Activity, actor: User, note: str = ""
) -> Registration:
    """调剂: move a member to another activity (a place there if free, else its waiting list); they are told."""
    source = registration.activity
    if to_activity.pk == source.pk or to_activity.committee_id != source.committee_id:
        raise DomainError("registration.bad_target", _("请选择另一个活动"), fields={"to_activity": [_("无效")]})
    # Lock both activities in id order so two opposite reassignments cannot deadlock.
    locked = {
        a.pk: a
        for a in Activity.objects.select_for_update(of=("self",))
        .select_related("committee")
        .filter(pk__in=[source.pk, to_activity.pk])
        .order_by("pk")
    }
    source, target = locked[source.pk], locked[to_activity.pk]
    ensure_move(ACTIVITY_MOVES, "edit_roster", source.status, statuses=A, code="activity.bad_status")
    ensure_move(ACTIVITY_MOVES, "leave_list", target.status, statuses=A, code="activity.bad_status")
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=registration.pk)
    )
    held_place = registration.status in HOLDS_PLACE
    moved = Registration.objects.filter(activity=target, member=registration.member).first()
    if moved is not None and moved.status in (R.INVITED, R.CONFIRMED, R.WAITLISTED):
        raise Conflict("registration.exists", _("该委员已在目标活动名单中"))
    if moved is None:
        moved = Registration(
            committee_id=target.committee_id,
            activity=target,
            member=registration.member,
            source=Registration.Source.SIGNED_UP,
        )
    if _has_free_place(target):
        _move(moved, "take_seat")
    else:
        _move(moved, "join_waitlist")
        moved.position = _next_position(target)
    _save(moved)
    _move(registration, "reassign")
    registration.reassigned_to = target
    _save(registration)
    add_event(
        source,
        action="reassign",
        actor=actor,
        from_status=source.status,
        note=note,
        data={"member": registration.member_id, "to": target.pk},
    )
    log_event(
        "registration.reassigned",
        registration,
        actor=actor,
        committee=source.committee,
        data={"to": target.pk, "status": moved.status},
    )
    place = _("已确认参加") if moved.status == R.CONFIRMED else _("在候补名单中")
    title = _("您已由“%(a)s”调剂至“%(b)s”（%(place)s）") % {"a": source.title, "b": target.title, "place": place}
    tell(target, [registration.member], kind="registration.reassigned", title=title, body=when(target), sms=True)
    if held_place:
        promote_waitlisted(source, actor=actor)
    return moved
