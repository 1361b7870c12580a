"""我的履职 home: members land on it after login; it shows the next activities with check-in when open, the
count of activities open for sign-up, waiting-list places, leave awaiting a decision, unread notices, this
year's ledger by kind and large links to the rest of the portal — in a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.notify import notify, unread_count
from lvzhi.ledger import services as ledger
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.testing import make_member, tile

HOME = reverse("portal:member_home")


@pytest.fixture
def client(world):
    return world.client(Role.MEMBER)


@pytest.fixture
def busy_member(world):
    """李明 with a meeting whose check-in is open, a sign-up, a waiting place, a pending leave request,
    two unread notices, this year's ledger rows and two menu activities still open for sign-up."""
    member = world.member
    now_meeting = move_start(
        make_activity(world, title="正在签到的会议", mode=Activity.Mode.INVITE), starts_in_minutes=10
    )
    signed = make_activity(world, title="乡村振兴调研", starts_in_hours=72)
    services.register_for_activity(signed, member=member, actor=member.user)
    full = make_activity(world, title="热门考察", capacity=1)
    other = make_member(world, "王芳", user=True)
    services.register_for_activity(full, member=other, actor=other.user)
    services.register_for_activity(full, member=member, actor=member.user)
    make_activity(world, title="可报名的讲座")
    leave_from = make_activity(world, title="常委会议", mode=Activity.Mode.INVITE, starts_in_hours=96)
    services.request_leave(leave_from, member=member, kind="sick", reason="住院", actor=member.user)
    notify(committee=world.committee, recipients=[member.user], kind="t", title="请查收会议通知", email=False)
    notify(committee=world.committee, recipients=[member.user], kind="t", title="提案已立案", email=False)
    for kind, role in ((DutyKind.RESEARCH, DutyRole.PRESENT), (DutyKind.RESEARCH, DutyRole.LATE)):
        ledger.record_duty(
            committee=world.committee,
            member=member,
            kind=kind,
            role=role,
            event_date=timezone.localdate(),
            title="调研",
            recorded_by=None,
        )
    ledger.self_report_duty(
        member=member,
        kind=DutyKind.PUBLIC_SERVICE,
        title="社区义诊",
        event_date=timezone.localdate(),
        evidence="照片",
        actor=member.user,
    )
    return now_meeting


def test_members_land_on_the_home_page(world, client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == HOME


def test_staff_still_land_on_the_console(world):
    assert world.client(Role.MEMBER_AFFAIRS).get(reverse("home")).url == reverse("portal:staff_home")


def test_the_home_page_shows_what_needs_the_member(world, client, busy_member):
    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    next_titles = [card.activity.title for card in tile(response, "activities.next")["cards"]]
    assert next_titles[:2] == ["正在签到的会议", "乡村振兴调研"]
    assert reverse("activities:checkin", args=[busy_member.pk]) in html and 'data-testid="home-checkin"' in html
    # 可报名的讲座, 乡村振兴调研 and the full 热门考察 (waiting list)
    assert tile(response, "activities.next")["open_count"] == 3
    assert "候补第 1 位" in html and "热门考察" in html
    assert "请假待审批" in html and "常委会议" in html
    unread = unread_count(world.member.user, world.committee)
    assert unread > 2  # the two above and the invitations publishing sent
    assert f"{unread} 条未读消息" in html and "提案已立案" in html and "请查收会议通知" in html
    assert 'alert-info text-decoration-none mb-2" href="/inbox/" data-testid="unread"' in html  # news, not an alarm
    kinds = {k.kind: (k.confirmed, k.pending) for k in tile(response, "ledger.year")["kinds"]}
    assert kinds == {DutyKind.RESEARCH: (2, 0), DutyKind.PUBLIC_SERVICE: (0, 1)}


def test_open_count_leaves_out_invitations_closed_and_past_activities(world, client):
    make_activity(world, title="可报名")
    make_activity(world, title="邀请制", mode=Activity.Mode.INVITE)
    closed = make_activity(world, title="已截止")
    services.close_registration(closed, actor=world.users[Role.MEMBER_AFFAIRS])
    make_activity(world, title="草稿", publish=False)
    assert tile(client.get(HOME), "activities.next")["open_count"] == 1


def test_every_part_of_the_portal_is_one_large_tap_away(world, client):
    html = client.get(HOME).content.decode()
    for name in ("activities:menu", "activities:mine", "activities:calendar", "activities:my_code", "ledger:mine"):
        assert f'href="{reverse(name)}" data-testid="home-tile"' in html
    assert f'href="{reverse("org:my_profile")}" data-testid="home-tile"' in html


def test_a_quiet_home_says_so(world, client):
    html = client.get(HOME).content.decode()
    assert "暂无待参加的活动" in html and "本年度暂无履职记录" in html
    assert "未读消息" not in html


def test_the_home_page_takes_a_fixed_number_of_queries(world, client, busy_member, django_assert_max_num_queries):
    for i in range(5):
        meeting = make_activity(world, title=f"会议{i}", mode=Activity.Mode.INVITE)
        services.register_for_activity(meeting, member=world.member, actor=world.member.user)
    # one query or so per registered tile, and the member's audience facets and the ids of the activities open
    # to them (read once for every tile); none per row
    with django_assert_max_num_queries(28):
        assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("role", [Role.MEMBER_AFFAIRS, Role.LEADER, Role.HANDLING_UNIT])
def test_staff_get_403(world, role):
    assert world.client(role).get(HOME).status_code == 403


def test_a_login_without_a_member_record_is_told_so(world):
    world.member.user = None
    world.member.save()
    response = world.client(Role.MEMBER).get(HOME)
    assert response.status_code == 200
    assert response.templates[0].name == "org/portal_no_record.html"


def test_outsiders_see_only_their_own_committee(world, outsider, busy_member):
    html = outsider.client(Role.MEMBER).get(HOME).content.decode()
    assert "正在签到的会议" not in html and "社区义诊" not in html
