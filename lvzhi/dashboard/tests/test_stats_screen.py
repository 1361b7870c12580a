"""统计 screen: year picker, group-by switch, table, chart data and the .xlsx export."""

import json
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.dashboard.tests.test_activity_stats import YEAR, held
from lvzhi.ledger.taxonomy import ActivityKind

PAGE = reverse("dashboard:activities")
EXPORT = reverse("dashboard:activities_export")


def test_staff_see_the_table_and_the_chart_data(world, django_assert_max_num_queries):
    held(world, ActivityKind.RESEARCH, [world.member], checked_in=[world.member])
    client = world.client(Role.LEADER)
    with django_assert_max_num_queries(12):
        response = client.get(PAGE, {"year": YEAR, "group_by": "kind"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-key="research"' in page and "vendor/echarts/echarts.min.js" in page
    chart = json.loads(page.split('<script id="stats-data" type="application/json">')[1].split("</script>")[0])
    assert chart["names"] == ["调研"] and [s["data"] for s in chart["series"]] == [[1], [1], [1]]


def test_the_group_by_switch_and_an_unknown_grouping(world):
    held(world, ActivityKind.SECTOR_ACTIVITY, [world.member], checked_in=[world.member], group=world.group)
    client = world.client(Role.ADMIN)
    page = client.get(PAGE, {"year": YEAR, "group_by": "sector_group"}).content.decode()
    assert f'data-key="{world.group.pk}"' in page and "承办界别活动组" in page
    assert 'data-key="sector_activity"' in client.get(PAGE, {"year": YEAR, "group_by": "nonsense"}).content.decode()


def test_an_empty_year_says_so(world):
    page = world.client(Role.ADMIN).get(PAGE, {"year": 2019}).content.decode()
    assert "2019年尚无已确认考勤的活动" in page and 'id="stats-chart"' not in page


def test_the_export_is_a_real_workbook_of_the_table(world):
    held(world, ActivityKind.RESEARCH, [world.member], checked_in=[world.member])
    response = world.client(Role.COMMITTEE_STAFF).get(EXPORT, {"year": YEAR, "group_by": "kind"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"{YEAR}年会议活动统计（按活动种类）"
    assert rows[1] == ("活动种类", "举办活动（场）", "出席（人次）", "出席委员（人）")
    assert rows[2] == ("调研", 1, 1, 1)


def test_members_and_handling_units_get_403(world):
    for role in (Role.MEMBER, Role.HANDLING_UNIT, Role.INFORMATION_OFFICER):
        client = world.client(role)
        assert client.get(PAGE).status_code == 403
        assert client.get(EXPORT).status_code == 403


def test_outsiders_see_only_their_own_committees_figures(world, outsider):
    held(world, ActivityKind.RESEARCH, [world.member], checked_in=[world.member])
    page = outsider.client(Role.ADMIN).get(PAGE, {"year": YEAR}).content.decode()
    assert 'data-key="research"' not in page
