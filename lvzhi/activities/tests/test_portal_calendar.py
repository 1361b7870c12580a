"""我的日历 and its iCal feed: my activities month by month, and an RFC 5545 feed a calendar app subscribes
to with a signed token (no session) that never shows another member's or another committee's activities."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity
from lvzhi.activities.views.portal_calendar import ical_token
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.testing import make_member

CALENDAR = reverse("activities:calendar")


@pytest.fixture
def client(world):
    return world.client(Role.MEMBER)


def feed_url(user, committee):
    return reverse("activities:ical", args=[ical_token(user, committee)])


def month_of(activity):
    return timezone.localtime(activity.starts_at).strftime("%Y-%m")


def test_the_calendar_lists_my_activities_of_the_month(world, client):
    mine = make_activity(world, title="界别协商会", mode=Activity.Mode.INVITE)
    make_activity(world, title="我没有报名的调研")
    later = make_activity(world, title="下个季度的视察", starts_in_hours=24 * 100, mode=Activity.Mode.INVITE)
    html = client.get(CALENDAR + f"?month={month_of(mine)}").content.decode()
    assert "界别协商会" in html and "我没有报名的调研" not in html
    if month_of(later) != month_of(mine):
        assert "下个季度的视察" not in html
    assert "/feed.ics" in html and "webcal://" in html


def test_a_bad_month_falls_back_to_this_month(world, client):
    html = client.get(CALENDAR + "?month=2026-13").content.decode()
    assert timezone.localdate().strftime("%Y年") in html


def test_the_feed_is_rfc_5545_with_only_my_confirmed_and_invited_activities(world, client):
    invited = make_activity(
        world, title="常委会议,第三次;全天", mode=Activity.Mode.INVITE, content="议程：" + "审议报告" * 30
    )
    signed = make_activity(world, title="生态调研")
    services.register_for_activity(signed, member=world.member, actor=world.member.user)
    full = make_activity(world, title="候补中的考察", capacity=1)
    other = make_member(world, "王芳", user=True)
    services.register_for_activity(full, member=other, actor=other.user)
    services.register_for_activity(full, member=world.member, actor=world.member.user)
    make_activity(world, title="别人的活动")

    client.logout()  # a calendar app has no session
    response = client.get(feed_url(world.member.user, world.committee))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 2
    assert f"UID:activity-{invited.pk}@city.lvzhi" in unfolded and f"UID:activity-{signed.pk}@city.lvzhi" in unfolded
    assert "SUMMARY:常委会议\\,第三次\\;全天" in unfolded
    assert "审议报告" * 30 in unfolded
    start = invited.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in unfolded
    assert "候补中的考察" not in unfolded and "别人的活动" not in unfolded


def test_meetings_i_was_excused_from_leave_the_calendar_and_the_feed(world, client):
    staff = world.users[Role.MEMBER_AFFAIRS]
    excused = make_activity(world, title="请假获准的会议", mode=Activity.Mode.INVITE)
    pending = make_activity(world, title="请假待批的会议", mode=Activity.Mode.INVITE)
    leave = services.request_leave(excused, member=world.member, kind="sick", reason="住院", actor=world.member.user)
    services.approve_leave(leave, actor=staff)
    services.request_leave(pending, member=world.member, kind="personal", reason="出差", actor=world.member.user)
    month = timezone.localtime(excused.starts_at).strftime("%Y-%m")
    page = client.get(reverse("activities:calendar"), {"month": month}).content.decode()
    assert "请假获准的会议" not in page and "请假待批的会议" in page
    body = client.get(feed_url(world.member.user, world.committee)).content.decode().replace("\r\n ", "")
    assert "请假获准的会议" not in body and "请假待批的会议" in body


def test_each_coming_activity_in_the_feed_reminds_the_day_before_and_an_hour_before(world, client):
    make_activity(world, title="常委会议", mode=Activity.Mode.INVITE)
    cancelled = make_activity(world, title="取消的会议", mode=Activity.Mode.INVITE)
    services.cancel_activity(cancelled, actor=world.users[Role.MEMBER_AFFAIRS], reason="时间冲突")
    body = client.get(feed_url(world.member.user, world.committee)).content.decode().replace("\r\n ", "")
    event = body.split("SUMMARY:常委会议", 1)[1].split("END:VEVENT", 1)[0]
    alarms = re.findall(r"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:(\S+)\r\nDESCRIPTION:(.*?)\r\nEND:VALARM", event)
    assert alarms == [("-P1D", "明天：常委会议"), ("-PT1H", "1 小时后：常委会议")]
    assert "VALARM" not in body.split("SUMMARY:取消的会议", 1)[1].split("END:VEVENT", 1)[0]


def test_a_cancelled_activity_stays_in_the_feed_as_cancelled(world, client):
    meeting = make_activity(world, title="取消的会议", mode=Activity.Mode.INVITE)
    services.cancel_activity(meeting, actor=world.users[Role.MEMBER_AFFAIRS], reason="时间冲突")
    body = client.get(feed_url(world.member.user, world.committee)).content.decode().replace("\r\n ", "")
    assert re.search(r"SUMMARY:取消的会议\r\n(.*\r\n)*?STATUS:CANCELLED", body)


def test_a_tampered_or_foreign_token_is_404(world, outsider, client):
    token = ical_token(world.member.user, world.committee)
    assert client.get(reverse("activities:ical", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("activities:ical", args=["1-1"])).status_code == 404
    # A valid signature for a committee the user does not belong to yields nothing.
    assert client.get(feed_url(world.member.user, outsider.committee)).status_code == 404


def test_a_token_of_one_committee_never_yields_another_committees_activities(world, outsider, client):
    make_activity(world, title="本市的全体会议", mode=Activity.Mode.INVITE)
    make_activity(outsider, title="邻市的全体会议", mode=Activity.Mode.INVITE)
    ours = client.get(feed_url(world.member.user, world.committee)).content.decode()
    theirs = client.get(feed_url(outsider.member.user, outsider.committee)).content.decode()
    assert "本市的全体会议" in ours and "邻市的全体会议" not in ours
    assert "邻市的全体会议" in theirs and "本市的全体会议" not in theirs


def test_the_feed_stops_when_the_member_loses_the_member_role(world, client):
    url = feed_url(world.member.user, world.committee)
    RoleAssignment.objects.filter(user=world.member.user).delete()
    assert client.get(url).status_code == 404


def test_roles_without_participate_get_403(world):
    assert world.client(Role.HANDLING_UNIT).get(CALENDAR).status_code == 403
