"""The activity page for members: details, my status and waiting place, asking for leave and withdrawing it."""

import pytest
from django.urls import reverse

from lvzhi.activities import services
from lvzhi.activities.models import Activity, LeaveRequest
from lvzhi.activities.tests.factories import make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.testing import make_member


@pytest.fixture
def client(world):
    return world.client(Role.MEMBER)


@pytest.fixture
def meeting(world):
    """An invite-mode meeting the world's member is on the roster of."""
    return make_activity(
        world, title="常委会议", mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=(world.member.pk,))
    )


def url(activity, name="activities:detail"):
    return reverse(name, args=[activity.pk])


def test_the_page_shows_the_details_and_my_status(world, client):
    activity = make_activity(
        world, title="生态保护调研", goal="形成调研报告", capacity=5, counterpart_department="生态环境局"
    )
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    html = client.get(url(activity)).content.decode()
    assert "生态保护调研" in html and "形成调研报告" in html and "生态环境局" in html
    assert "已报名" in html and "共 5 人，剩余 4" in html


def test_the_page_shows_my_waiting_list_position(world, client):
    activity = make_activity(world, capacity=1)
    for name in ("王芳", "赵强"):
        other = make_member(world, name, user=True)
        services.register_for_activity(activity, member=other, actor=other.user)
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    html = client.get(url(activity)).content.decode()
    assert "候补第 2 位" in html and "您在候补名单第 2 位" in html


def test_a_member_asks_for_leave_before_the_meeting(world, client, meeting):
    response = client.post(url(meeting, "activities:leave"), {"kind": "official", "reason": "出差参加省里会议"})
    assert response.status_code == 302
    leave = LeaveRequest.objects.get(activity=meeting, member=world.member)
    assert (leave.kind, leave.status, leave.reason) == ("official", LeaveRequest.Status.PENDING, "出差参加省里会议")
    html = client.get(url(meeting)).content.decode()
    assert "请假申请已提交" in html and "待审批" in html
    assert 'data-testid="withdraw-leave"' in html and 'data-testid="request-leave"' not in html
    assert 'data-testid="sign-up"' not in html  # no "确认参加" while on leave


def test_a_leave_request_without_a_reason_is_explained_and_keeps_the_kind(world, client, meeting):
    response = client.post(url(meeting, "activities:leave"), {"kind": "sick", "reason": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is-invalid" in html
    assert '<option value="sick" selected>' in html
    assert not LeaveRequest.objects.exists()


def test_leave_is_refused_for_a_member_not_on_the_list(world, client):
    activity = make_activity(world)
    response = client.post(url(activity, "activities:leave"), {"kind": "personal", "reason": "家中有事"})
    assert response.status_code == 200
    assert "您不在本活动的参加名单中" in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_leave_after_the_start_is_refused(world, client, meeting):
    move_start(meeting, starts_in_minutes=-5)
    response = client.post(url(meeting, "activities:leave"), {"kind": "personal", "reason": "临时有事"})
    assert "请假须在活动开始前提出" in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_a_member_withdraws_their_leave(world, client, meeting):
    services.request_leave(meeting, member=world.member, kind="personal", reason="家中有事", actor=world.member.user)
    response = client.post(url(meeting, "activities:leave_withdraw"))
    assert response.status_code == 302
    assert LeaveRequest.objects.get(activity=meeting).status == LeaveRequest.Status.WITHDRAWN
    assert "请假已撤回" in client.get(url(meeting)).content.decode()


def test_withdrawing_without_a_leave_request_says_so(world, client, meeting):
    client.post(url(meeting, "activities:leave_withdraw"))
    assert "没有可撤回的请假申请" in client.get(url(meeting)).content.decode()


def test_the_check_in_button_appears_once_the_window_opens(world, client, meeting):
    assert 'data-testid="go-checkin"' not in client.get(url(meeting)).content.decode()
    move_start(meeting, starts_in_minutes=30)
    assert 'data-testid="go-checkin"' in client.get(url(meeting)).content.decode()


def test_a_get_on_a_write_goes_back_to_the_activity_page_and_writes_nothing(world, client, meeting):
    for name in ("activities:leave", "activities:leave_withdraw"):
        response = client.get(url(meeting, name))
        assert response.status_code == 302
        assert response.url == url(meeting)
    assert not LeaveRequest.objects.exists()


def test_roles_without_participate_get_403(world, meeting):
    client = world.client(Role.HANDLING_UNIT)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting, "activities:leave"), {"kind": "personal", "reason": "x"}).status_code == 403


def test_activities_not_open_to_me_are_404(world, client):
    make_member(world, "王芳", sector=world.sectors[1])
    hidden = make_activity(world, audience=services.Audience(sector_ids=(world.sectors[1].pk,)))
    assert client.get(url(hidden)).status_code == 404


def test_outsiders_get_404(world, outsider, meeting):
    client = outsider.client(Role.MEMBER)
    assert client.get(url(meeting)).status_code == 404
    assert client.post(url(meeting, "activities:leave"), {"kind": "personal", "reason": "x"}).status_code == 404
    assert client.post(url(meeting, "activities:leave_withdraw")).status_code == 404
