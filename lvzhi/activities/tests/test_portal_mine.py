"""我的活动: my sign-ups and invitations with waiting places, my leave requests, and this year's attendance."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.testing import make_member

MINE = reverse("activities:mine")


@pytest.fixture
def client(world):
    return world.client(Role.MEMBER)


def test_upcoming_shows_sign_ups_invitations_and_waiting_places(world, client):
    signed = make_activity(world, title="乡村振兴调研")
    services.register_for_activity(signed, member=world.member, actor=world.member.user)
    make_activity(world, title="全体会议", mode=Activity.Mode.INVITE)
    full = make_activity(world, title="热门考察", capacity=1)
    other = make_member(world, "王芳", user=True)
    services.register_for_activity(full, member=other, actor=other.user)
    services.register_for_activity(full, member=world.member, actor=world.member.user)
    make_activity(world, title="没有报名的活动")
    html = client.get(MINE).content.decode()
    assert "乡村振兴调研" in html and "全体会议" in html and "热门考察" in html
    assert "候补第 1 位" in html and "指定参加" in html
    assert "没有报名的活动" not in html


def test_leave_requests_are_listed_with_their_status(world, client):
    meeting = make_activity(world, title="常委会议", mode=Activity.Mode.INVITE)
    services.request_leave(meeting, member=world.member, kind="sick", reason="住院", actor=world.member.user)
    html = client.get(MINE).content.decode()
    assert "请假申请" in html and "待审批" in html and "病假" in html


def test_past_activities_show_the_attendance_closed_on_them(world, client):
    staff = world.users[Role.MEMBER_AFFAIRS]
    attended = make_activity(world, title="已参加的调研")
    services.register_for_activity(attended, member=world.member, actor=world.member.user)
    attended = move_start(attended, starts_in_minutes=10)
    services.check_in_with_venue_code(
        attended, member=world.member, code=services.current_venue_code(attended), actor=world.member.user
    )
    missed = make_activity(world, title="缺席的会议", mode=Activity.Mode.INVITE)
    for activity in (attended, missed):
        services.close_activity(move_start(activity, starts_in_minutes=-180, minutes=60), actor=staff)
    html = client.get(MINE).content.decode()
    past = html.split('data-testid="past-attendance"', 1)[1]
    assert "已参加的调研" in past and "出席" in past
    assert "缺席的会议" in past and "缺席" in past


def test_other_years_are_one_tap_away(world, client):
    year = timezone.localdate().year
    html = client.get(MINE + f"?year={year - 1}").content.decode()
    assert f"{year - 1} 年参加情况" in html and f"?year={year}" in html


def test_roles_without_participate_get_403(world):
    assert world.client(Role.HANDLING_UNIT).get(MINE).status_code == 403


def test_the_page_costs_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    for i in range(10):
        activity = make_activity(world, mode=Activity.Mode.INVITE if i % 2 else Activity.Mode.MENU)
        if i % 2 == 0:
            services.register_for_activity(activity, member=world.member, actor=world.member.user)
    # 17: one of them reads the ids of the activities open to the member, once for the page (open_to_q).
    with django_assert_max_num_queries(17):
        assert client.get(MINE).status_code == 200


def test_the_audience_filter_is_built_once_a_request_and_afresh_for_the_next(world, client, monkeypatch):
    from lvzhi.activities import models

    built = []
    real = models.audience_q
    monkeypatch.setattr(models, "audience_q", lambda member: built.append(member.pk) or real(member))
    activity = make_activity(world)  # on the menu, open to all: on 我的活动 once signed up
    assert activity.title not in client.get(MINE).content.decode()
    assert built == [world.member.pk]
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    assert activity.title in client.get(MINE).content.decode()
    assert len(built) == 2
