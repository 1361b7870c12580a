"""Hard-to-undo moves ask first, in words that say what will change: 移出 (and who takes the place),
leave decisions, 免去职务 and a change of membership status. (The dialogs themselves are clicked through
in test_browser_people_ux.py.)"""

import html

from django.urls import reverse

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import crowd, make_activity
from lvzhi.core.capabilities import Role
from lvzhi.org.services.members import add_position
from lvzhi.testing import today


def confirms(page: str) -> list[str]:
    return [html.unescape(part.split('"', 1)[0]) for part in page.split('data-confirm="')[1:]]


def test_removing_a_member_names_them_and_who_takes_the_freed_place(world):
    activity = make_activity(world, capacity=1)
    first, second = crowd(world, 2)
    services.register_for_activity(activity, member=first, actor=first.user)
    services.register_for_activity(activity, member=second, actor=second.user)  # waiting list
    page = world.client(Role.MEMBER_AFFAIRS).get(reverse("activities:manage_roster", args=[activity.pk]))
    said = confirms(page.content.decode())
    assert f"将 {first.name} 移出参加名单，并通知本人。空出的名额由候补第一位 {second.name} 递补。确定吗？" in said
    assert f"将 {second.name} 移出参加名单，并通知本人。确定吗？" in said  # a waiting member frees no place


def test_leave_decisions_say_what_the_member_is_told_and_recorded_as(world):
    meeting = make_activity(world, title="常委会议", mode=Activity.Mode.INVITE)
    services.request_leave(meeting, member=world.member, kind="sick", reason="住院", actor=world.member.user)
    said = confirms(world.client(Role.MEMBER_AFFAIRS).get(reverse("activities:leave_queue")).content.decode())
    assert said == [
        "同意 李明 请假（病假）不参加“常委会议”：将通知本人，考勤确认时记为“请假”。确定吗？",
        "不同意 李明 请假：将通知本人，本人仍须参加“常委会议”，未到记为“缺席”。确定吗？",
    ]


def test_ending_a_post_and_changing_membership_status_ask_first(world):
    post = add_position(world.member.memberships.get(), title="liaison", started_on=today(), actor=None)
    client = world.client(Role.MEMBER_AFFAIRS)
    detail = confirms(client.get(reverse("org:member_detail", args=[world.member.pk])).content.decode())
    assert any(text.startswith(f"免去 李明 的“{post.get_title_display()}”职务") for text in detail)
    status = confirms(client.get(reverse("org:member_status", args=[world.member.pk])).content.decode())
    assert status and status[0].startswith("变更 李明 的任职状态：自生效日期起不再列为在任委员")
