"""The 社情民意 list screens (the bench's targets) cost a fixed number of queries however many reports they list."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.opinions import services
from lvzhi.opinions.models import Opinion
from lvzhi.opinions.tests.factories import edited, office, submitted
from lvzhi.testing import signed_in


def _queries(client, url: str, **headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response.content.decode()


def _screens(world):
    desk, member = world.client(Role.INFORMATION_OFFICE), world.client(Role.MEMBER)
    token = signed_in(world.users[Role.INFORMATION_OFFICE])
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_X_COMMITTEE": world.committee.code}
    return [
        (desk, reverse("opinions:desk") + "?status=all", {}),
        (desk, reverse("opinions:bulletins"), {}),
        (member, reverse("opinions:mine"), {}),
        (desk, "/api/v1/opinions?page_size=50", api),
    ]


def test_each_list_costs_the_same_for_three_reports_and_for_forty(world):
    for _ in range(2):
        submitted(world)
    services.create_bulletin(committee=world.committee, opinions=[edited(world)], actor=office(world))
    few = [_queries(c, url, **h)[0] for c, url, h in _screens(world)]
    for _ in range(36):
        submitted(world)
    services.create_bulletin(committee=world.committee, opinions=[edited(world)], actor=office(world))
    many = [_queries(c, url, **h)[0] for c, url, h in _screens(world)]
    assert many == few
    assert max(few) <= 11


def test_the_lists_show_each_report_s_status_and_source_in_chinese(world):
    submitted(world)
    desk, _bulletins, mine, api = _screens(world)
    assert "待审查" in _queries(desk[0], desk[1])[1] and "委员提交" in _queries(desk[0], desk[1])[1]
    assert "待审查" in _queries(mine[0], mine[1])[1]
    item = api[0].get(api[1], **api[2]).json()["items"][0]
    assert (item["status_label"], item["source_label"]) == ("待审查", "委员提交")


def test_the_desk_pages_keep_the_year_and_the_search(world):
    for _ in range(31):
        submitted(world)
    year = Opinion.objects.first().year
    client = world.client(Role.INFORMATION_OFFICE)
    page = client.get(reverse("opinions:desk"), {"status": "all", "year": year, "q": "电梯"}).content.decode()
    assert f"?status=all&amp;year={year}&amp;q=%E7%94%B5%E6%A2%AF&amp;page=2" in page
