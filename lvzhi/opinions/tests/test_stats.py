"""Step 6: the year's figures (DOMAIN.md §6) on a page with charts and as .xlsx."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.opinions import services
from lvzhi.opinions.models import InformationOfficer
from lvzhi.opinions.queries import statistics
from lvzhi.opinions.tests.factories import draft, edited, office, submitted, today


def test_the_figures_count_what_came_in_and_what_came_of_it(world):
    adopted = edited(world)
    services.adopt_opinion(adopted, level="province", adopted_on=today(), actor=office(world))
    services.record_instruction(adopted, leader_level="city", instructed_on=today(), summary="阅", actor=office(world))
    services.decline_opinion(submitted(world), actor=office(world), reason="重复")
    user = world.users[Role.INFORMATION_OFFICER]
    InformationOfficer.objects.create(committee=world.committee, name="王信息", user=user, station=world.station)
    services.submit_opinion(committee=world.committee, user=user, draft=draft())
    withdrawn = submitted(world)
    services.withdraw_opinion(withdrawn, user=world.member.user)
    f = statistics(world.committee, today().year)
    assert (f["received"], f["edited"], f["declined"]) == (3, 1, 1)
    assert dict((str(k), v) for k, v in f["adopted"])["省级"] == 1
    assert dict((str(k), v) for k, v in f["instructions"])["市级领导"] == 1
    assert f["by_station"] == [(world.station.name, 3)]
    top, second = f["ranking"]
    assert (top["name"], top["received"], top["adopted"], top["instructed"]) == (world.member.name, 2, 1, 1)
    assert (second["name"], second["kind"]) == ("王信息", "officer")


def test_the_statistics_page_and_its_workbook(world):
    edited(world)
    client = world.client(Role.LEADER)
    page = client.get(reverse("opinions:stats"))
    assert page.status_code == 200 and "echarts" in page.content.decode()
    workbook = load_workbook(BytesIO(client.get(reverse("opinions:stats_export")).content))
    assert workbook.sheetnames == ["总体", "按来源", "按报送单位", "按站点", "排名"]
    assert workbook["总体"]["B2"].value == 1
    assert world.client(Role.MEMBER).get(reverse("opinions:stats")).status_code == 403
