"""确认考勤 from the screens: offered once the activity has begun, asking first when members are still unmarked;
for a 补录 the roster marks everyone not yet marked as present in one go."""

import pytest
from django.urls import reverse

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict
from lvzhi.core.models import AuditEvent

Att = Registration.Attendance


@pytest.fixture
def staff_client(world):
    return world.client(Role.MEMBER_AFFAIRS)


@pytest.fixture
def past(world):
    """A 补录 of a meeting held two days ago, everyone invited: the member of the world and three more."""
    crowd(world, 3)
    activity = make_activity(world, mode=Activity.Mode.INVITE, starts_in_hours=-48, recorded_afterwards=True)
    return activity, list(activity.registrations.order_by("pk"))


def detail(activity: Activity) -> str:
    return reverse("activities:manage_detail", args=[activity.pk])


def roster(activity: Activity) -> str:
    return reverse("activities:manage_roster", args=[activity.pk])


def bulk(activity: Activity) -> str:
    return reverse("activities:manage_mark_unmarked", args=[activity.pk])


def test_close_is_not_offered_before_the_activity_starts(world, staff_client):
    activity = make_activity(world)
    response = staff_client.get(detail(activity))
    assert "close" not in [action for action, *__ in response.context["buttons"]]


def test_closing_with_unmarked_members_asks_first_with_the_count(world, staff_client):
    activity = make_activity(world)
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    activity = move_start(activity, starts_in_minutes=-30)
    page = staff_client.get(detail(activity)).content.decode()
    assert 'data-testid="close-confirm"' in page
    assert "还有 1 人未标记考勤，确认后记为缺席" in page


def test_closing_shows_how_each_person_will_be_recorded_before_it_is_done(world, staff_client, past):
    activity, registrations = past
    staff = world.users[Role.MEMBER_AFFAIRS]
    services.set_attendance(registrations[0], attendance=Att.ABSENT, actor=staff)
    for registration in registrations[1:]:
        services.set_attendance(registration, attendance=Att.PRESENT, actor=staff)
    response = staff_client.get(detail(activity))
    (preview,) = [p for action, __, p in response.context["buttons"] if action == "close"]
    assert preview.count == len(registrations)
    groups = dict(preview.groups)
    assert groups["缺席"] == [registrations[0].member.name] and len(groups["出席"]) == len(registrations) - 1
    page = response.content.decode()
    assert 'data-testid="close-confirm"' in page and "未标记考勤" not in page
    assert f'缺席（1）</dt><dd class="mb-1">{registrations[0].member.name}' in page


def test_the_roster_of_a_recorded_afterwards_activity_marks_the_rest_present(world, staff_client, past):
    activity, (absentee, *others) = past
    services.set_attendance(absentee, attendance=Att.ABSENT, actor=world.users[Role.MEMBER_AFFAIRS])
    page = staff_client.get(roster(activity)).content.decode()
    assert "其余未标记的全部记为出席" in page and "还有 3 人未标记考勤" in page
    response = staff_client.post(bulk(activity), follow=True)
    assert "已将 3 人记为出席" in response.content.decode()
    marks = dict(Registration.objects.filter(activity=activity).values_list("pk", "attendance"))
    assert marks == {absentee.pk: Att.ABSENT, **{r.pk: Att.PRESENT for r in others}}
    assert AuditEvent.objects.filter(action="attendance.set").count() == 4
    assert "其余未标记的全部记为出席" not in response.content.decode()


def test_the_bulk_marking_is_only_for_recorded_afterwards_activities(world, staff_client):
    activity = make_activity(world, mode=Activity.Mode.INVITE)
    assert "其余未标记的全部记为出席" not in staff_client.get(roster(activity)).content.decode()
    with pytest.raises(Conflict) as caught:
        services.mark_unmarked_attendance(activity, attendance=Att.PRESENT, actor=world.users[Role.MEMBER_AFFAIRS])
    assert caught.value.code == "attendance.not_recorded_afterwards"
    assert not Registration.objects.filter(activity=activity).exclude(attendance="").exists()


def test_the_bulk_marking_rejects_get(world, staff_client, past):
    activity, __ = past
    assert staff_client.get(bulk(activity)).status_code == 405
    assert not Registration.objects.filter(activity=activity).exclude(attendance="").exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEADER])
def test_roles_without_the_capability_get_403(world, role, past):
    activity, __ = past
    assert world.client(role).post(bulk(activity)).status_code == 403
    assert not Registration.objects.filter(activity=activity).exclude(attendance="").exists()


def test_outsiders_get_404(world, outsider, past):
    activity, __ = past
    assert outsider.client(Role.ADMIN).post(bulk(activity)).status_code == 404
    assert not Registration.objects.filter(activity=activity).exclude(attendance="").exists()
