"""A station's events on its page: the activities it organises, those aimed at it and those held at it (their place
names it), composed here because liaison, which owns the station's page, may not import activities."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services as activities
from lvzhi.activities.models import Activity, Registration
from lvzhi.core.capabilities import Role
from lvzhi.org.models import Station
from lvzhi.planning.station_events import activities_at
from lvzhi.testing import make_activity

PAGE = "liaison:station"


def _panel(response):
    return next(p["context"] for p in response.context["panels"] if p["key"] == "planning.station_events")


def _held(world, **data):
    """An activity that took place last month, the world's member present."""
    activity = make_activity(world, **data)
    activities.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=month_ago, ends_at=month_ago + datetime.timedelta(hours=2), status=Activity.Status.ENDED
    )
    Registration.objects.filter(activity=activity).update(attendance=Registration.Attendance.PRESENT)
    return activity


def test_activities_whose_place_names_the_station_or_its_address(world):
    world.station.address = "人民路88号"
    world.station.save()
    by_name = make_activity(world, title="接待日", location="城东委员工作室")
    by_address = make_activity(world, title="协商议事", location="人民路88号二楼")
    make_activity(world, title="全会", location="市政协三楼会议室")
    for activity in (by_name, by_address):
        activities.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    draft = make_activity(world, title="草拟中", location="城东委员工作室")
    assert set(activities_at(world.station)) == {by_name, by_address}
    assert draft not in activities_at(world.station)


def test_activities_the_station_organises_or_is_aimed_at(world, outsider):
    other = Station.objects.create(committee=world.committee, name="城西联络站", kind=Station.Kind.LIAISON_STATION)
    organised = make_activity(world, title="站点学习", organiser_station=world.station)
    aimed = make_activity(world, title="驻站委员调研", audience=activities.Audience(station_ids=(world.station.pk,)))
    elsewhere = make_activity(world, title="城西活动", organiser_station=other)
    for activity in (organised, aimed, elsewhere):
        activities.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    assert set(activities_at(world.station)) == {organised, aimed}
    assert activities_at(world.station).count() == 2  # aimed at it and organised by it: once each
    assert list(activities_at(outsider.station)) == []


def test_a_short_address_matches_nothing_of_its_own(world):
    world.station.address = "3楼"
    world.station.save()
    activities.publish_activity(
        make_activity(world, location="市政协3楼会议室"), actor=world.users[Role.MEMBER_AFFAIRS]
    )
    assert list(activities_at(world.station)) == []


def test_the_station_page_shows_coming_and_held_events(world, django_assert_max_num_queries):
    coming = make_activity(world, title="委员接待日", location="城东委员工作室")
    activities.publish_activity(coming, actor=world.users[Role.MEMBER_AFFAIRS])
    held = _held(world, title="界别协商", location="城东委员工作室")
    cancelled = make_activity(world, title="取消的活动", location="城东委员工作室")
    activities.publish_activity(cancelled, actor=world.users[Role.MEMBER_AFFAIRS])
    activities.cancel_activity(cancelled, actor=world.users[Role.MEMBER_AFFAIRS], reason="天气")
    client = world.client(Role.MEMBER_AFFAIRS)
    url = reverse(PAGE, kwargs={"pk": world.station.pk})
    with django_assert_max_num_queries(30):
        response = client.get(url)
    panel = _panel(response)
    assert [a.title for a in panel["coming"]] == ["委员接待日"]
    assert [(a.title, a.attended) for a in panel["held"]] == [("界别协商", 1)]
    html = response.content.decode()
    assert "出席 1 人" in html and "取消的活动" not in html
    assert reverse("activities:manage_detail", kwargs={"pk": held.pk}) in html
    # A reader who cannot manage activities sees the titles without the organiser's links.
    leader = world.client(Role.LEADER).get(url).content.decode()
    assert "界别协商" in leader and reverse("activities:manage_detail", kwargs={"pk": held.pk}) not in leader


def test_another_committees_activity_at_a_place_of_the_same_name_is_not_shown(world, outsider):
    foreign = make_activity(outsider, title="邻市活动", location="城东委员工作室")
    activities.publish_activity(foreign, actor=outsider.users[Role.MEMBER_AFFAIRS])
    response = world.client(Role.MEMBER_AFFAIRS).get(reverse(PAGE, kwargs={"pk": world.station.pk}))
    assert _panel(response)["coming"] == []
    assert "近一年没有本站点承办、面向本站点或在本站点举办的活动" in response.content.decode()
    assert outsider.client(Role.MEMBER_AFFAIRS).get(reverse(PAGE, kwargs={"pk": world.station.pk})).status_code == 404
