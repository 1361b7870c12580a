"""Creating and editing an activity on the organiser screen: the service's fields, the audience, 补录."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.org.models import SpecialCommittee
from lvzhi.testing import make_member

CREATE = reverse("activities:manage_create")


def local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def staff_client(world):
    return world.client(Role.MEMBER_AFFAIRS)


@pytest.fixture
def form_data(world):
    start = timezone.now() + datetime.timedelta(days=10)
    return {
        "title": "乡村振兴专题调研",
        "kind": "research",
        "mode": "menu",
        "content": "走访三个镇",
        "goal": "形成调研报告",
        "organiser_name": "经济委员会",
        "organiser_special_committee": world.special_committee.pk,
        "counterpart_department": "市农业农村局",
        "location": "市政协三楼",
        "starts_at": local(start),
        "ends_at": local(start + datetime.timedelta(hours=3)),
        "registration_closes_at": local(start - datetime.timedelta(days=2)),
        "capacity": "20",
        "min_participants": "5",
        "checkin_opens_before": "30",
        "checkin_closes_after": "0",
        "late_after": "15",
        "audience_sectors": [world.sectors[0].pk, world.sectors[1].pk],
        "audience_groups": [world.group.pk],
        "audience_members": [world.member.pk],
    }


def test_the_create_form_offers_kinds_by_their_chinese_names(world, staff_client):
    response = staff_client.get(CREATE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "专题协商会" in page and "委员活动日" in page
    assert "指定参加" in page and "菜单报名" in page
    assert 'data-testid="people-picker"' in page and "/static/js/people-picker.js" in page


def test_the_edit_form_shows_the_chosen_audience_as_removable_names(world, staff_client, form_data):
    staff_client.post(CREATE, form_data)
    activity = Activity.objects.get(title="乡村振兴专题调研")
    page = staff_client.get(reverse("activities:manage_edit", args=[activity.pk])).content.decode()
    assert f'data-chip="{world.member.pk}">{world.member.name}<input type="hidden" name="audience_members"' in page


def test_creating_saves_a_draft_with_its_audience(world, staff_client, form_data):
    response = staff_client.post(CREATE, form_data)
    activity = Activity.objects.get(title="乡村振兴专题调研")
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:manage_detail", args=[activity.pk])
    assert activity.status == Activity.Status.DRAFT
    assert activity.mode == Activity.Mode.MENU and activity.capacity == 20
    assert activity.organiser_special_committee == world.special_committee
    assert set(activity.audience_sectors.values_list("pk", flat=True)) == {world.sectors[0].pk, world.sectors[1].pk}
    assert list(activity.audience_groups.all()) == [world.group]
    assert list(activity.audience_members.all()) == [world.member]
    assert activity.created_by == world.users[Role.MEMBER_AFFAIRS]


def test_bad_input_keeps_what_was_typed_and_says_why_in_chinese(staff_client, form_data):
    form_data["ends_at"] = local(timezone.now() + datetime.timedelta(days=9))
    form_data["title"] = ""
    response = staff_client.post(CREATE, form_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "结束时间不能早于开始时间" in page
    assert "走访三个镇" in page and "市农业农村局" in page
    assert 'value="20"' in page
    assert not Activity.objects.exists()


def test_a_past_time_needs_the_recorded_afterwards_box(world, staff_client, form_data):
    past = timezone.now() - datetime.timedelta(days=30)
    form_data.update(starts_at=local(past), ends_at=local(past + datetime.timedelta(hours=2)))
    del form_data["registration_closes_at"]
    response = staff_client.post(CREATE, form_data)
    assert "补录" in response.context["form"].errors["starts_at"][0]
    assert not Activity.objects.exists()

    form_data["recorded_afterwards"] = "on"
    staff_client.post(CREATE, form_data)
    activity = Activity.objects.get()
    assert activity.recorded_afterwards
    assert activity.events.get().note.startswith("（补录）")


def test_a_service_refusal_is_shown_on_the_field(staff_client, form_data):
    form_data["min_participants"] = "30"
    response = staff_client.post(CREATE, form_data)
    assert response.status_code == 200
    assert response.context["form"].errors["min_participants"] == ["名额下限不能大于上限"]


def test_editing_a_draft_changes_time_and_audience(world, staff_client, form_data):
    activity = make_activity(world, publish=False)
    other = make_member(world, "王芳")
    form_data.update(audience_all="on", audience_members=[other.pk], location="政协二楼")
    response = staff_client.post(reverse("activities:manage_edit", args=[activity.pk]), form_data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.location == "政协二楼" and activity.audience_all
    assert list(activity.audience_members.all()) == [other]
    assert activity.events.filter(action="update").exists()


def test_after_publishing_time_and_place_are_locked_on_the_form(world, staff_client, form_data):
    activity = make_activity(world)
    url = reverse("activities:manage_edit", args=[activity.pk])
    assert staff_client.get(url).context["form"].fields["location"].disabled
    form_data.update(location="别处", goal="新的目标", registration_closes_at="")
    staff_client.post(url, form_data)
    activity.refresh_from_db()
    assert activity.location == "市政协三楼会议室" and activity.goal == "新的目标"


def test_an_archived_activity_cannot_be_edited(world, staff_client):
    activity = make_activity(world)
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.ARCHIVED)
    response = staff_client.get(reverse("activities:manage_edit", args=[activity.pk]), follow=True)
    assert "不能修改" in response.content.decode()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT])
def test_roles_without_the_capability_get_403(world, role, form_data):
    activity = make_activity(world, publish=False)
    client = world.client(role)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data).status_code == 403
    assert client.get(reverse("activities:manage_edit", args=[activity.pk])).status_code == 403
    assert Activity.objects.count() == 1


def test_staff_of_another_special_committee_cannot_edit_its_activities(world):
    activity = make_activity(world, publish=False)
    other = SpecialCommittee.objects.create(committee=world.committee, name="社会法制委员会")
    RoleAssignment.objects.filter(user=world.users[Role.COMMITTEE_STAFF]).update(special_committee=other)
    response = world.client(Role.COMMITTEE_STAFF).get(reverse("activities:manage_edit", args=[activity.pk]))
    assert response.status_code == 403


def test_outsiders_get_404(world, outsider, form_data):
    activity = make_activity(world, publish=False)
    client = outsider.client(Role.ADMIN)
    url = reverse("activities:manage_edit", args=[activity.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data).status_code == 404
