"""The approver's leave queue (请假审批): each approver sees what was routed to them and decides it."""

import pytest
from django.urls import reverse

from lvzhi.activities import services
from lvzhi.activities.models import Activity, LeaveRequest
from lvzhi.activities.tests.factories import make_activity
from lvzhi.core.capabilities import Role
from lvzhi.ledger.taxonomy import ActivityKind

QUEUE = reverse("activities:leave_queue")
L = LeaveRequest.Status


def decide(leave: LeaveRequest) -> str:
    return reverse("activities:leave_decide", args=[leave.pk])


@pytest.fixture
def office_leave(world):
    """Leave from a research trip: routed to the organising office (member affairs)."""
    activity = make_activity(world, mode=Activity.Mode.INVITE, title="专题调研")
    member = world.member
    return services.request_leave(activity, member=member, kind="official", reason="出差", actor=member.user)


@pytest.fixture
def plenary_leave(world):
    """Leave from a plenary session: routed to the chair or secretary-general."""
    activity = make_activity(world, mode=Activity.Mode.INVITE, kind=ActivityKind.PLENARY, title="全体会议")
    member = world.member
    return services.request_leave(activity, member=member, kind="sick", reason="住院", actor=member.user)


def test_each_approver_sees_only_what_was_routed_to_them(world, office_leave, plenary_leave):
    office = world.client(Role.MEMBER_AFFAIRS).get(QUEUE)
    assert office.status_code == 200
    assert list(office.context["page"].object_list) == [office_leave]
    assert "专题调研" in office.content.decode() and "出差" in office.content.decode()
    leader = world.client(Role.LEADER).get(QUEUE)
    assert list(leader.context["page"].object_list) == [plenary_leave]


def test_approving_and_refusing_from_the_queue(world, office_leave, plenary_leave):
    response = world.client(Role.MEMBER_AFFAIRS).post(
        decide(office_leave), {"decision": "approve", "note": "同意"}, follow=True
    )
    assert "已同意" in response.content.decode()
    office_leave.refresh_from_db()
    assert office_leave.status == L.APPROVED and office_leave.decision_note == "同意"
    assert response.context["page"].paginator.count == 0
    world.client(Role.LEADER).post(decide(plenary_leave), {"decision": "reject"})
    assert LeaveRequest.objects.get(pk=plenary_leave.pk).status == L.REJECTED


def test_an_approver_it_was_not_routed_to_is_told_and_nothing_changes(world, plenary_leave):
    response = world.client(Role.MEMBER_AFFAIRS).post(decide(plenary_leave), {"decision": "approve"}, follow=True)
    assert "您不是该请假的审批人" in response.content.decode()
    assert LeaveRequest.objects.get(pk=plenary_leave.pk).status == L.PENDING


def test_a_decision_must_be_chosen(world, office_leave):
    response = world.client(Role.MEMBER_AFFAIRS).post(decide(office_leave), {"note": "?"}, follow=True)
    assert "请选择同意或不同意" in response.content.decode()
    assert LeaveRequest.objects.get(pk=office_leave.pk).status == L.PENDING


def test_deciding_rejects_get(world, office_leave):
    assert world.client(Role.MEMBER_AFFAIRS).get(decide(office_leave)).status_code == 405


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT, Role.GROUP_CONVENOR])
def test_roles_that_do_not_approve_leave_get_403(world, role, office_leave):
    client = world.client(role)
    assert client.get(QUEUE).status_code == 403
    assert client.post(decide(office_leave), {"decision": "approve"}).status_code == 403
    assert LeaveRequest.objects.get(pk=office_leave.pk).status == L.PENDING


def test_outsiders_get_404_for_this_committees_leave(world, outsider, office_leave):
    client = outsider.client(Role.ADMIN)
    assert client.post(decide(office_leave), {"decision": "approve"}).status_code == 404
    assert client.get(QUEUE).context["page"].paginator.count == 0
    assert LeaveRequest.objects.get(pk=office_leave.pk).status == L.PENDING
