"""The organiser's activity list (会议活动): filters, pages, the nav entry, and who may open it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import crowd, make_activity
from lvzhi.core.capabilities import Role
from lvzhi.ledger.taxonomy import ActivityKind

URL = reverse("activities:manage_list")


@pytest.fixture
def staff_client(world):
    return world.client(Role.MEMBER_AFFAIRS)


def test_the_list_shows_every_activity_with_its_status_and_places(world, staff_client):
    menu = make_activity(world, title="城区养老服务调研", capacity=20)
    services.register_for_activity(menu, member=world.member, actor=world.member.user)
    make_activity(world, title="草拟中的视察", publish=False)
    response = staff_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "城区养老服务调研" in page and "草拟中的视察" in page
    assert "1 / 20" in page
    assert "已发布" in page and "草拟" in page


def test_filters_narrow_by_status_kind_mode_and_month(world, staff_client):
    make_activity(world, title="菜单调研", kind=ActivityKind.RESEARCH)
    make_activity(world, title="草拟视察", kind=ActivityKind.INSPECTION, publish=False)
    later = make_activity(world, title="下月协商", kind=ActivityKind.CONSULTATION, starts_in_hours=24 * 40)
    only = lambda **q: [a.title for a in staff_client.get(URL, q).context["page"].object_list]  # noqa: E731
    assert only(status="draft") == ["草拟视察"]
    assert only(kind="research") == ["菜单调研"]
    assert only(mode="invite") == []
    month = timezone.localtime(later.starts_at).strftime("%Y-%m")
    assert "下月协商" in only(month=month)
    assert only(q="协商") == ["下月协商"]
    assert len(only(month="not-a-month")) == 3  # a value that does not parse is ignored


def test_htmx_filtering_returns_the_rows_only(world, staff_client):
    make_activity(world, title="菜单调研")
    response = staff_client.get(URL, {"status": "published"}, HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "activities/_manage_activity_rows.html"
    assert "菜单调研" in response.content.decode()


def test_the_list_is_paginated(world, staff_client):
    staff = world.users[Role.MEMBER_AFFAIRS]
    start = timezone.now() + datetime.timedelta(days=3)
    for i in range(35):
        services.create_activity(
            committee=world.committee,
            data={"title": f"活动{i}", "kind": "study", "starts_at": start, "ends_at": start},
            audience=services.Audience(all=True),
            actor=staff,
        )
    first = staff_client.get(URL)
    assert len(first.context["page"].object_list) == 30
    assert len(staff_client.get(URL, {"page": 2}).context["page"].object_list) == 5


def test_the_list_costs_the_same_queries_for_thirty_rows(world, staff_client, django_assert_max_num_queries):
    members = crowd(world, 10)
    for _ in range(30):
        activity = make_activity(world, capacity=5)
        for member in members[:6]:
            services.register_for_activity(activity, member=member, actor=member.user)
    with django_assert_max_num_queries(12):
        response = staff_client.get(URL)
    assert len(response.context["page"].object_list) == 30


def test_staff_who_organise_activities_see_the_nav_entry(world, staff_client):
    page = staff_client.get(URL).content.decode()
    assert f'href="{URL}"' in page


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT, Role.LEADER])
def test_roles_without_the_capability_get_403(world, role):
    assert world.client(role).get(URL).status_code == 403


def test_outsiders_never_see_this_committees_activities(world, outsider):
    make_activity(world, title="本会调研")
    response = outsider.client(Role.ADMIN).get(URL)
    assert response.status_code == 200
    assert "本会调研" not in response.content.decode()
    assert Activity.objects.filter(committee=world.committee).count() == 1
