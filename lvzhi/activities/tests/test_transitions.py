"""Every workflow table against its services: an action from any status succeeds exactly when the table allows it."""

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.tests.factories import crowd
from lvzhi.activities.transitions import ACTIVITY_MOVES, LEAVE_MOVES, REGISTRATION_MOVES
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict
from lvzhi.testing import World

A = Activity.Status
R = Registration.Status
L = LeaveRequest.Status


def _staff(world: World):
    return world.users[Role.MEMBER_AFFAIRS]


def _on_list(activity: Activity, world: World) -> Registration:
    return Registration.objects.create(
        committee=world.committee,
        activity=activity,
        member=world.member,
        status=R.CONFIRMED,
        source=Registration.Source.SIGNED_UP,
    )


def _soon(minutes: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


# action → (minutes until the start, whether a member is on the list, the service call)
ACTIVITY_CASES: dict[str, tuple[int, bool, Callable]] = {
    "update": (30, False, lambda a, w: services.update_activity(a, data={"goal": "新目标"}, actor=_staff(w))),
    "publish": (30, False, lambda a, w: services.publish_activity(a, actor=_staff(w))),
    "withdraw": (30, False, lambda a, w: services.withdraw_activity(a, actor=_staff(w))),
    "close_registration": (30, False, lambda a, w: services.close_registration(a, actor=_staff(w))),
    "reopen_registration": (30, False, lambda a, w: services.reopen_registration(a, actor=_staff(w))),
    "confirm_list": (30, False, lambda a, w: services.confirm_list(a, actor=_staff(w))),
    "send_notice": (30, False, lambda a, w: services.send_notice(a, actor=_staff(w))),
    "start": (30, False, lambda a, w: services.start_activity(a, actor=_staff(w))),
    "end": (-30, False, lambda a, w: services.end_activity(a, actor=_staff(w))),
    "close": (-30, False, lambda a, w: services.close_activity(a, actor=_staff(w))),
    "reopen_attendance": (-30, False, lambda a, w: services.reopen_attendance(a, actor=_staff(w), reason="更正")),
    "record_outcome": (
        -30,
        False,
        lambda a, w: services.record_outcome(a, minutes="纪要", outcome="", suggestions_count=1, actor=_staff(w)),
    ),
    "archive": (-30, False, lambda a, w: services.archive_activity(a, actor=_staff(w))),
    "cancel": (30, False, lambda a, w: services.cancel_activity(a, actor=_staff(w), reason="取消")),
    "reschedule": (
        30,
        False,
        lambda a, w: services.reschedule_activity(
            a, starts_at=_soon(600), ends_at=_soon(700), reason="改期", actor=_staff(w)
        ),
    ),
    "extend_registration": (
        30,
        False,
        lambda a, w: services.extend_registration(a, closes_at=_soon(20), actor=_staff(w)),
    ),
    "edit_roster": (30, False, lambda a, w: services.invite_members(a, members=crowd(w, 1), actor=_staff(w))),
    "set_attendance": (
        -30,
        True,
        lambda a, w: services.set_attendance(
            a.registrations.get(member=w.member), attendance="present", actor=_staff(w), note="更正"
        ),
    ),
    "sign_up": (30, False, lambda a, w: services.register_for_activity(a, member=w.member, actor=w.member.user)),
    "leave_list": (
        30,
        True,
        lambda a, w: services.cancel_registration(a.registrations.get(member=w.member), actor=w.member.user),
    ),
    "request_leave": (
        30,
        True,
        lambda a, w: services.request_leave(a, member=w.member, kind="personal", reason="出差", actor=w.member.user),
    ),
    "check_in": (
        30,
        True,
        lambda a, w: services.check_in_with_venue_code(
            a, member=w.member, code=services.current_venue_code(a), actor=w.member.user
        ),
    ),
}


def test_every_activity_action_has_a_case():
    assert set(ACTIVITY_CASES) == set(ACTIVITY_MOVES)


def _activity(world: World, status: str, starts_in_minutes: int) -> Activity:
    starts_at = _soon(starts_in_minutes)
    return Activity.objects.create(
        committee=world.committee,
        term=world.term,
        title="调研",
        kind="research",
        mode=Activity.Mode.MENU,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        audience_all=True,
        status=status,
        created_by=_staff(world),
    )


# One world per action, every status tried in turn: the same (from, to) coverage as one test per pair,
# without building a committee 240 times.
@pytest.mark.parametrize("action", sorted(ACTIVITY_MOVES))
def test_activity_action_from_every_status(world, action):
    minutes, needs_member, call = ACTIVITY_CASES[action]
    move = ACTIVITY_MOVES[action]
    for status in A.values:
        activity = _activity(world, status, minutes)
        if needs_member:
            _on_list(activity, world)
        if move.allows(status):
            call(activity, world)
            expected = move.target or status  # a check-in leaves the status alone
        else:
            with pytest.raises(Conflict):
                call(activity, world)
            expected = status
        assert Activity.objects.get(pk=activity.pk).status == expected, f"{action} from {status}"


REGISTRATION_CASES: dict[str, Callable] = {
    "cancel": lambda r, w: services.cancel_registration(r, actor=r.member.user),
    "confirm": lambda r, w: services.adjust_registration(r, action="confirm", actor=_staff(w)),
    "waitlist": lambda r, w: services.adjust_registration(r, action="waitlist", actor=_staff(w)),
    "remove": lambda r, w: services.adjust_registration(r, action="remove", actor=_staff(w)),
    "reassign": lambda r, w: services.reassign_registration(
        r, to_activity=_activity(w, A.PUBLISHED, 600), actor=_staff(w)
    ),
}


def test_the_registration_cases_cover_every_organiser_and_member_move_after_sign_up():
    assert set(REGISTRATION_MOVES) - set(REGISTRATION_CASES) == {
        "invite",
        "invite_waitlisted",
        "take_seat",
        "join_waitlist",
    }


@pytest.mark.parametrize("action", sorted(REGISTRATION_CASES))
def test_registration_action_from_every_status(world, action):
    move = REGISTRATION_MOVES[action]
    for status in R.values:
        registration = _on_list(_activity(world, A.PUBLISHED, 600), world)
        Registration.objects.filter(pk=registration.pk).update(
            status=status, position=1 if status == R.WAITLISTED else None
        )
        registration.refresh_from_db()
        if move.allows(status):
            REGISTRATION_CASES[action](registration, world)
            expected = move.target
        else:
            with pytest.raises(Conflict):
                REGISTRATION_CASES[action](registration, world)
            expected = status
        registration.refresh_from_db()
        assert registration.status == expected, f"{action} from {status}"


LEAVE_CASES: dict[str, Callable] = {
    "approve": lambda leave, w: services.approve_leave(leave, actor=_staff(w)),
    "reject": lambda leave, w: services.reject_leave(leave, actor=_staff(w)),
    "withdraw": lambda leave, w: services.withdraw_leave(leave, actor=w.member.user),
}


@pytest.mark.parametrize("action", sorted(LEAVE_CASES))
def test_leave_action_from_every_status(world, action):
    move = LEAVE_MOVES[action]
    for status in L.values:
        activity = _activity(world, A.PUBLISHED, 600)
        leave = LeaveRequest.objects.create(
            committee=world.committee,
            activity=activity,
            member=world.member,
            registration=_on_list(activity, world),
            reason="出差",
            status=status,
            route=LeaveRequest.Route.OFFICE,
        )
        if move.allows(status):
            assert LEAVE_CASES[action](leave, world).status == move.target
        else:
            with pytest.raises(Conflict):
                LEAVE_CASES[action](leave, world)
            leave.refresh_from_db()
            assert leave.status == status, f"{action} from {status}"
