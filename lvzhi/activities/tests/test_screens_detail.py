"""The activity's detail page: its workflow buttons, each move through the service, rescheduling,
the outcome, and the timeline with 补录 marked."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import previews, services
from lvzhi.activities.models import Activity, ActivityFile
from lvzhi.activities.queries import audience_members
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.org.models import SpecialCommittee
from lvzhi.testing import PDF

A = Activity.Status


def detail(activity: Activity) -> str:
    return reverse("activities:manage_detail", args=[activity.pk])


def act(activity: Activity, action: str) -> str:
    return reverse("activities:manage_action", args=[activity.pk, action])


@pytest.fixture
def staff_client(world):
    return world.client(Role.MEMBER_AFFAIRS)


def test_a_draft_offers_publish_and_cancel_only(world, staff_client):
    activity = make_activity(world, publish=False, goal="摸清底数", counterpart_department="市民政局")
    response = staff_client.get(detail(activity))
    page = response.content.decode()
    assert response.status_code == 200
    assert "摸清底数" in page and "市民政局" in page and "草拟" in page
    assert [action for action, *__ in response.context["buttons"]] == ["publish", "cancel"]
    assert act(activity, "publish") in page and act(activity, "archive") not in page


def test_publishing_from_the_page_moves_the_activity_and_says_so(world, staff_client):
    activity = make_activity(world, publish=False)
    response = staff_client.post(act(activity, "publish"), follow=True)
    assert Activity.objects.get(pk=activity.pk).status == A.PUBLISHED
    assert "已完成：发布" in response.content.decode()
    assert [a for a, *__ in response.context["buttons"]] == [
        "close_registration",
        "confirm_list",
        "start",
        "withdraw",
        "cancel",
    ]


def test_the_organiser_walks_an_activity_to_the_archive_with_the_buttons(world, staff_client):
    activity = make_activity(world)
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    for action in ("close_registration", "confirm_list", "send_notice"):
        staff_client.post(act(activity, action), {"text": "请携带材料"})
    activity = move_start(activity, starts_in_minutes=-30)
    for action in ("start", "end", "close"):
        staff_client.post(act(activity, action))
    response = staff_client.post(
        reverse("activities:manage_outcome", args=[activity.pk]),
        {"minutes": "会议纪要", "outcome": "形成调研报告", "suggestions_count": "4"},
    )
    assert response.status_code == 302
    staff_client.post(act(activity, "archive"))
    activity.refresh_from_db()
    assert activity.status == A.ARCHIVED and activity.suggestions_count == 4
    assert activity.registrations.get().attendance == "absent"
    assert activity.events.get(action="send_notice").note == "请携带材料"


def test_a_refused_move_shows_the_services_chinese_message(world, staff_client):
    activity = make_activity(world)
    response = staff_client.post(act(activity, "cancel"), {"text": "  "}, follow=True)
    assert "请填写取消原因" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).status == A.PUBLISHED
    response = staff_client.post(act(activity, "archive"), follow=True)
    assert "不能执行此操作" in response.content.decode()


def test_cancelling_with_a_reason_keeps_it_on_the_timeline(world, staff_client):
    activity = make_activity(world)
    staff_client.post(act(activity, "cancel"), {"text": "天气原因"})
    activity.refresh_from_db()
    assert activity.status == A.CANCELLED
    page = staff_client.get(detail(activity)).content.decode()
    assert "天气原因" in page and "已取消" in page


def test_an_unknown_move_is_404(world, staff_client):
    activity = make_activity(world)
    assert staff_client.post(act(activity, "explode")).status_code == 404


def test_moves_reject_get(world, staff_client):
    activity = make_activity(world, publish=False)
    assert staff_client.get(act(activity, "publish")).status_code == 405
    assert Activity.objects.get(pk=activity.pk).status == A.DRAFT


def test_the_timeline_marks_what_was_recorded_afterwards(world, staff_client):
    activity = make_activity(world, publish=False, recorded_afterwards=True, starts_in_hours=-72)
    staff_client.post(act(activity, "publish"))
    response = staff_client.get(detail(activity))
    timeline = response.context["timeline"]
    assert [item["label"] for item in timeline] == ["创建", "发布"]
    assert all(item["recorded_afterwards"] for item in timeline)
    assert "补录" in response.content.decode()


def test_rescheduling_moves_the_time_and_keeps_the_old_one(world, staff_client):
    activity = make_activity(world)
    url = reverse("activities:manage_reschedule", args=[activity.pk])
    assert staff_client.get(url).context["form"].initial["location"] == "市政协三楼会议室"
    start = timezone.now() + datetime.timedelta(days=5)
    data = {
        "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": "政协二楼",
        "reason": "",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200 and 'value="政协二楼"' in response.content.decode()
    data["reason"] = "与常委会冲突"
    assert staff_client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.location == "政协二楼"
    assert "原定" in staff_client.get(detail(activity)).content.decode()


def test_outcome_files_are_attached_to_the_activity(world, staff_client):
    activity = make_activity(world)
    upload = SimpleUploadedFile("纪要.pdf", PDF, content_type="application/pdf")
    response = staff_client.post(
        reverse("activities:manage_attach_file", args=[activity.pk]),
        {"kind": "minutes", "title": "调研纪要", "file": upload},
        follow=True,
    )
    assert "已上传：调研纪要" in response.content.decode()
    assert ActivityFile.objects.get(activity=activity).kind == "minutes"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT])
def test_roles_without_the_capability_get_403(world, role):
    activity = make_activity(world, publish=False)
    client = world.client(role)
    assert client.get(detail(activity)).status_code == 403
    assert client.post(act(activity, "publish")).status_code == 403
    assert client.get(reverse("activities:manage_reschedule", args=[activity.pk])).status_code == 403
    assert Activity.objects.get(pk=activity.pk).status == A.DRAFT


def test_staff_who_do_not_organise_it_see_it_without_buttons_and_cannot_move_it(world):
    activity = make_activity(world, publish=False)
    other = SpecialCommittee.objects.create(committee=world.committee, name="社会法制委员会")
    RoleAssignment.objects.filter(user=world.users[Role.COMMITTEE_STAFF]).update(special_committee=other)
    client = world.client(Role.COMMITTEE_STAFF)
    response = client.get(detail(activity))
    assert response.status_code == 200 and response.context["buttons"] == []
    assert client.post(act(activity, "publish")).status_code == 403
    assert Activity.objects.get(pk=activity.pk).status == A.DRAFT


def test_outsiders_get_404(world, outsider):
    activity = make_activity(world, publish=False)
    client = outsider.client(Role.ADMIN)
    assert client.get(detail(activity)).status_code == 404
    assert client.post(act(activity, "publish")).status_code == 404
    assert client.post(reverse("activities:manage_outcome", args=[activity.pk])).status_code == 404
    assert Activity.objects.get(pk=activity.pk).status == A.DRAFT


def test_publish_and_the_moves_that_tell_people_name_them_before_they_are_made(world, staff_client):
    people = crowd(world, 3)
    activity = make_activity(
        world, publish=False, mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=[m.pk for m in people])
    )
    response = staff_client.get(detail(activity))
    (preview,) = [p for action, __, p in response.context["buttons"] if action == "publish"]
    assert preview.count == 3 and sorted(preview.names) == sorted(m.name for m in people)
    page = response.content.decode()
    assert 'data-testid="confirm-publish"' in page and "发布后将邀请并通知以下 3 位委员" in page
    assert all(m.name in page for m in people)
    services.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    response = staff_client.get(detail(activity))
    previews = {action: p for action, __, p in response.context["buttons"]}
    assert previews["cancel"].count == 3 and "取消后将通知以下 3 人" in previews["cancel"].text
    assert previews["start"] is None  # starting tells no one: a plain button


def test_a_long_list_is_named_in_part_and_counted(world, staff_client):
    activity = make_activity(world, publish=False)  # open to the whole term
    menu = previews.publish(activity)
    assert menu.count == audience_members(activity).count() and len(menu.names) == min(menu.count, 30)
    crowd(world, 31)
    assert previews.publish(activity).more == previews.publish(activity).count - 30 > 0
