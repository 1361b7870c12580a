import pytest

from lvzhi.activities import services
from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.queries import leave_requests_to_decide
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, NotAllowed
from lvzhi.core.models import Notification, RoleAssignment
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.testing import make_user

Route = LeaveRequest.Route


@pytest.fixture
def economy_staff(world):
    """Staff of the world's special committee (经济委员会), scoped to it."""
    user = make_user(world.committee, Role.COMMITTEE_STAFF)
    RoleAssignment.objects.filter(user=user).update(special_committee=world.special_committee)
    return user


def meeting(world, kind, **data):
    return make_activity(world, mode=Activity.Mode.INVITE, kind=kind, **data)


def ask(activity, member, reason="外出公务"):
    return services.request_leave(
        activity, member=member, kind=LeaveRequest.Kind.OFFICIAL, reason=reason, actor=member.user
    )


@pytest.mark.parametrize("kind", [ActivityKind.PLENARY, ActivityKind.STANDING_MEETING])
def test_leave_from_a_plenary_or_standing_meeting_goes_to_the_chair_or_secretary_general(world, kind):
    leave = ask(meeting(world, kind), world.member)
    assert leave.route == Route.LEADER
    leader = world.users[Role.LEADER]
    assert list(leave_requests_to_decide(leader, world.committee)) == [leave]
    with pytest.raises(NotAllowed) as error:
        services.approve_leave(leave, actor=world.users[Role.MEMBER_AFFAIRS])
    assert error.value.code == "leave.not_approver"
    assert services.approve_leave(leave, actor=leader).status == LeaveRequest.Status.APPROVED


def test_leave_from_a_special_committee_activity_goes_to_that_committees_staff(world, economy_staff):
    activity = meeting(world, ActivityKind.COMMITTEE_MEETING, organiser_special_committee=world.special_committee)
    leave = ask(activity, world.member)
    assert (leave.route, leave.route_special_committee) == (Route.SPECIAL_COMMITTEE, world.special_committee)
    assert Notification.objects.filter(user=economy_staff, kind="leave.requested").exists()
    for outsider_to_it in (
        world.users[Role.COMMITTEE_STAFF],
        world.users[Role.MEMBER_AFFAIRS],
        world.users[Role.LEADER],
    ):
        with pytest.raises(NotAllowed):
            services.reject_leave(leave, actor=outsider_to_it)
    assert services.reject_leave(leave, actor=economy_staff, note="请按时参加").status == LeaveRequest.Status.REJECTED


def test_without_staff_for_that_committee_the_organising_office_decides(world):
    activity = meeting(world, ActivityKind.COMMITTEE_MEETING, organiser_special_committee=world.special_committee)
    assert ask(activity, world.member).route == Route.OFFICE


def test_leave_from_other_activities_goes_to_the_organising_office(world):
    activity = make_activity(world, kind=ActivityKind.RESEARCH, by=Role.COMMITTEE_STAFF)
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    leave = ask(activity, world.member)
    assert leave.route == Route.OFFICE
    with pytest.raises(NotAllowed):
        services.approve_leave(leave, actor=world.users[Role.LEADER])
    # The member-affairs office and the organiser who created it (holding the capability) may decide.
    for approver in (world.users[Role.MEMBER_AFFAIRS], world.users[Role.COMMITTEE_STAFF]):
        assert list(leave_requests_to_decide(approver, world.committee)) == [leave]
    services.approve_leave(leave, actor=world.users[Role.COMMITTEE_STAFF], note="同意")


def test_the_decision_is_told_to_the_member(world):
    leave = ask(meeting(world, ActivityKind.PLENARY), world.member)
    services.reject_leave(leave, actor=world.users[Role.LEADER], note="全会须出席")
    told = Notification.objects.get(user=world.member.user, kind="leave.decided")
    assert "未同意" in told.title and told.body == "全会须出席"
    assert Registration.objects.get(pk=leave.registration_id).status == Registration.Status.INVITED


def test_leave_is_asked_before_the_start_only(world):
    activity = meeting(world, ActivityKind.PLENARY)
    activity = move_start(activity, starts_in_minutes=-5)
    with pytest.raises(Conflict) as error:
        ask(activity, world.member)
    assert error.value.code == "leave.too_late"


def test_only_members_on_the_list_ask_for_leave_and_only_once(world):
    activity = meeting(world, ActivityKind.PLENARY)
    (stranger,) = crowd(world, 1)
    activity_for_few = meeting(world, ActivityKind.BRIEFING, audience=services.Audience(member_ids=(world.member.pk,)))
    with pytest.raises(NotAllowed):
        ask(activity_for_few, stranger)
    ask(activity, world.member)
    with pytest.raises(Conflict) as error:
        ask(activity, world.member)
    assert error.value.code == "leave.exists"


def test_a_member_withdraws_their_leave_and_may_ask_again(world):
    activity = meeting(world, ActivityKind.PLENARY)
    leave = ask(activity, world.member)
    services.approve_leave(leave, actor=world.users[Role.LEADER])
    with pytest.raises(NotAllowed):
        services.withdraw_leave(leave, actor=world.users[Role.LEADER])
    assert services.withdraw_leave(leave, actor=world.member.user).status == LeaveRequest.Status.WITHDRAWN
    assert ask(activity, world.member, reason="仍需请假").status == LeaveRequest.Status.PENDING
