"""The statistics catalogue on a hand-built year: member table, short list, attendance per event, unit report,
leaders' dashboard, roll-up over two levels below, the summary paragraph; permissions, tenancy, query budgets."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from lvzhi.activities import services as activity_services
from lvzhi.core.capabilities import Role
from lvzhi.dashboard.reports.events import event_attendance, rate
from lvzhi.dashboard.reports.leaders import dashboard, rollup, summary_figures, summary_text
from lvzhi.dashboard.reports.members import MemberFilter, member_table, shortfalls
from lvzhi.dashboard.reports.units import unit_report
from lvzhi.dashboard.tests.test_activity_stats import held
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import DutyEntry, record_duties
from lvzhi.ledger.taxonomy import ActivityKind as K
from lvzhi.org.services import members as org_services
from lvzhi.testing import make_member

YEAR = 2025


def ledger(world, member, *lines, status=DutyRecord.Status.CONFIRMED):
    entries = [DutyEntry(member, k, r, datetime.date(YEAR, 3, n + 1), f"{k}{n}") for n, (k, r) in enumerate(lines)]
    record_duties(committee=world.committee, entries=entries, recorded_by=None, status=status)


@pytest.fixture
def year(world):
    """李明 (group, station, 经济委员会) is active; 王芳 sent one proposal; 赵强 (another sector) did nothing."""
    li, wang = world.member, make_member(world, "王芳")
    zhao = make_member(world, "赵强", sector=world.sectors[1])
    study = held(world, K.STUDY, [li, wang, zhao], checked_in=[li, wang], group=world.group)
    held(world, K.SECTOR_CONSULTATION, [li, wang], checked_in=[li], group=world.group, day=datetime.date(YEAR, 6, 1))
    held(world, K.PLENARY, [li, wang, zhao], checked_in=[li, wang, zhao], day=datetime.date(YEAR, 1, 10))
    ledger(
        world,
        li,
        ("research", "present"),
        ("proposal", "first_proposer"),
        ("proposal", "cosigner"),
        ("opinion", "submitter"),
        ("opinion", "adopted_city"),
        ("contact", "participant"),
        ("mailbox", "participant"),
    )
    ledger(world, wang, ("proposal", "first_proposer"))
    ledger(world, wang, ("speech", "speaker"), status=DutyRecord.Status.PENDING)  # not confirmed: not counted
    return li, wang, zhao, study


def test_member_table_counts_each_item_and_shows_only_used_columns(world, year):
    _li, _wang, _zhao, _study = year
    table = member_table(world.committee, world.term, YEAR)
    columns = [c.code for c in table.columns]
    assert columns == [
        *("plenary", "sector_consultation", "study", "research", "absent"),
        *("proposal_first", "proposal_cosigned", "opinion_sent", "opinion_adopted", "contact", "mailbox"),
    ]
    got = {line.name: (line.counts, line.total) for line in table.lines}
    assert got["李明"] == (
        {
            "plenary": 1,
            "sector_consultation": 1,
            "study": 1,
            "research": 1,
            "proposal_first": 1,
            "proposal_cosigned": 1,
            "opinion_sent": 1,
            "opinion_adopted": 1,
            "contact": 1,
            "mailbox": 1,
        },
        10,
    )
    assert got["王芳"] == ({"plenary": 1, "study": 1, "absent": 1, "proposal_first": 1}, 3)
    assert got["赵强"] == ({"plenary": 1, "absent": 1}, 1)
    only_group = member_table(world.committee, world.term, YEAR, flt=MemberFilter(group=world.group.pk))
    assert [line.name for line in only_group.lines] == ["李明"]
    by_committee = member_table(
        world.committee, world.term, YEAR, flt=MemberFilter(special_committee=world.special_committee.pk)
    )
    assert [line.name for line in by_committee.lines] == ["李明"]
    whole_term = member_table(world.committee, world.term, None)
    assert {line.name: line.total for line in whole_term.lines} == {"李明": 10, "王芳": 3, "赵强": 1}


def test_short_list_names_the_inactive_and_those_missing_minimum_duties(world, year):
    _li, _wang, _zhao, _study = year
    # 李明 attended the plenary, sent a proposal and went on research: the three ones.
    found = {s.name: s for s in shortfalls(world.committee, world.term, YEAR)}
    assert "李明" not in found
    assert found["王芳"].missing == ["参加一次调研或视察"]
    assert found["赵强"].missing == ["提交一件提案或社情民意", "参加一次调研或视察"]
    quiet = make_member(world, "钱静")
    found = shortfalls(world.committee, world.term, YEAR)
    assert found[0].name == "钱静" and "全年未履职" in found[0].reasons and quiet.pk == found[0].member_id


def test_attendance_per_event(world, year):
    _li, _wang, _zhao, _study = year
    rows = {
        a.kind: (a.invited, a.replied, a.on_leave, a.present, a.absent, rate(a))
        for a in event_attendance(world.committee, YEAR)
    }
    assert rows[K.STUDY] == (3, 0, 0, 2, 1, pytest.approx(2 / 3))
    assert rows[K.PLENARY] == (3, 0, 0, 3, 0, 1.0)
    assert rows[K.SECTOR_CONSULTATION] == (2, 0, 0, 1, 1, 0.5)


def test_leave_marked_by_staff_counts_as_on_leave_not_absent(world):
    li, wang = world.member, make_member(world, "王芳")
    staff = world.users[Role.MEMBER_AFFAIRS]
    activity = held(world, K.STUDY, [li, wang], checked_in=[li], close=False)
    place = activity.registrations.get(member=wang)
    activity_services.set_attendance(place, attendance="excused", actor=staff, note="出差")
    activity_services.close_activity(activity, actor=staff)
    row = event_attendance(world.committee, YEAR).get()
    assert (row.invited, row.on_leave, row.present, row.absent, rate(row)) == (2, 1, 1, 0, 0.5)


def test_unit_report_by_group_station_and_sector(world, year):
    groups = {u.name: u for u in unit_report(world.committee, world.term, YEAR, "group")}
    economy = groups["经济界活动组"]
    assert economy.members == 1
    assert economy.figures == {
        "attendances": 4,  # plenary, study, consultation, research
        "study": 1,
        "consultations": 1,
        "proposals": 1,
        "opinions": 2,
        "contacts": 1,
        "mailbox": 1,
    }
    assert economy.checklist == "3/8 · 2/7"  # study, consultation, proposals · 协商会, mailbox
    assert economy.organised == {
        "organised": 2,
        "organised_study": 1,
        "sector_consultations": 1,
        "sector_activities": 0,
    }
    sectors = {
        u.name: (u.members, u.figures["attendances"], u.figures["proposals"])
        for u in unit_report(world.committee, world.term, YEAR, "sector")
    }
    assert sectors == {world.sectors[0].name: (2, 6, 2), world.sectors[1].name: (1, 1, 0)}
    assert [u.name for u in unit_report(world.committee, world.term, YEAR, "station")] == ["城东委员工作室"]


def test_leaders_dashboard_targets_and_distributions(world, year):
    board = dashboard(world.committee, YEAR)
    targets = {t.code: (t.actual, t.goal, t.met) for t in board.targets}
    assert targets["study_sessions"] == (1, 4, False)
    assert targets["study_rate"] == (pytest.approx(66.7), 90, False)
    assert targets["sector_consultations"] == (1, 1, True)
    assert targets["sector_activities"] == (0, 1, False)
    assert targets["lectures"] == (0, 4, False)
    assert targets["minimum_duties"] == (1, 3, False)
    assert sum(n for _c, _l, n in board.bands) == 3
    assert sum(n for _l, n in board.buckets) == 3
    assert board.group_rates == [("经济界活动组", 1.0, 1)]


def test_rollup_sums_every_level_below(world, year, outsider):
    child = org_services.create_committee(
        code="county", name="示范县政协", level="county", parent=world.committee, term_start_year=2022, actor=None
    )
    grandchild = org_services.create_committee(
        code="town", name="示范镇", level="county", parent=child, term_start_year=2022, actor=None
    )
    lines = rollup(world.committee, YEAR)
    assert [(line.code, line.depth) for line in lines] == [("city", 0), ("county", 1), ("town", 2)]
    assert lines[0].own["activities"] == 3 and lines[0].own["members"] == 3
    assert lines[0].total["duty_records"] == lines[0].own["duty_records"]
    assert grandchild.pk and all(line.code != outsider.committee.code for line in lines)


def test_summary_paragraph_in_the_customers_style(world, year):
    figures = summary_figures(world.committee, YEAR)
    text = summary_text(world.committee, figures)
    assert "1个界别活动组开展学习1次，参与2人次；召开界别协商会1次，开展界别活动0次。" in text
    assert "委员以第一提案人提交提案2件，报送社情民意1篇，被采用1篇" in text
    assert text.startswith("2025年，示范市政协3名委员在平台记录履职")


# Screens and downloads


PAGES = ("members", "inactive", "events", "units", "leaders", "committees", "summary")


def test_every_report_page_renders_for_staff_and_is_refused_to_members(world, year):
    client, member = world.client(Role.MEMBER_AFFAIRS), world.client(Role.MEMBER)
    for name in PAGES:
        response = client.get(f"/stats/{name}/?year={YEAR}")
        assert response.status_code == 200, name
        assert member.get(f"/stats/{name}/?year={YEAR}").status_code == 403
    assert "李明" in client.get(f"/stats/members/?year={YEAR}").content.decode()
    assert "chart-groups" in client.get(f"/stats/leaders/?year={YEAR}").content.decode()


def test_exports_are_real_workbooks(world, year):
    client = world.client(Role.LEADER)
    for name in ("members", "inactive", "events", "units", "committees"):
        response = client.get(f"/stats/{name}.xlsx?year={YEAR}")
        assert response.status_code == 200, name
        load_workbook(io.BytesIO(response.content))
    sheet = load_workbook(io.BytesIO(client.get(f"/stats/members.xlsx?year={YEAR}").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2025年委员履职情况统计表"
    assert rows[1][0] == "姓名" and rows[1][-1] == "履职合计"
    assert {r[0]: r[-1] for r in rows[2:]} == {"李明": 10, "王芳": 3, "赵强": 1}


def test_member_text_in_an_export_never_becomes_a_formula(world, year):
    attack = '=HYPERLINK("http://x.cn","点我")'
    make_member(world, attack, employer="+1+cmd")
    sheet = load_workbook(io.BytesIO(world.client(Role.LEADER).get(f"/stats/members.xlsx?year={YEAR}").content)).active
    found = [c for row in sheet.iter_rows() for c in row if c.value in (attack, "+1+cmd")]
    assert len(found) == 2 and all(c.data_type == "s" and c.quotePrefix for c in found)


def test_the_edited_summary_downloads_as_text(world, year):
    client = world.client(Role.LEADER)
    page = client.get(f"/stats/summary/?year={YEAR}").content.decode()
    assert "界别协商会1次" in page
    response = client.post(f"/stats/summary/?year={YEAR}", {"text": "改过的综述\r\n第二段"})
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "改过的综述\n第二段\n"
    assert "attachment" in response["Content-Disposition"]


def test_bad_input_is_never_a_500(world, year):
    client = world.client(Role.MEMBER_AFFAIRS)
    for url in (
        "/stats/members/?year=all&term=abc&sector=x&page=999",
        "/stats/members/?year=99999",
        "/stats/events/?kind=nope&group=abc&page=-1",
        "/stats/units/?by=nothing",
        "/stats/summary/?year=abc",
    ):
        assert client.get(url).status_code == 200, url


def test_another_committees_term_is_not_found(world, outsider, year):
    stranger = outsider.client(Role.MEMBER_AFFAIRS)
    assert stranger.get(f"/stats/members/?term={world.term.pk}").status_code == 404
    assert (
        "李明" not in stranger.get(f"/stats/members/?year={YEAR}").content.decode().replace(outsider.member.name, "")
        or outsider.member.name == "李明"
    )


def test_list_pages_query_budget(world, year, django_assert_max_num_queries):
    for n in range(30):
        member = make_member(world, f"委员{n}")
        ledger(world, member, ("research", "present"), ("contact", "participant"))
    for n in range(10):
        held(world, K.RESEARCH, [world.member], checked_in=[world.member], day=datetime.date(YEAR, 4, n + 1))
    client = world.client(Role.MEMBER_AFFAIRS)
    client.get("/stats/members/")  # warm the session
    for name, budget in (("members", 15), ("events", 15), ("units", 25), ("inactive", 25), ("leaders", 35)):
        with django_assert_max_num_queries(budget):
            assert client.get(f"/stats/{name}/?year={YEAR}").status_code == 200


# The API mirrors the screens


def test_api_member_table_and_short_list(world, year):
    client = world.client(Role.MEMBER_AFFAIRS)
    body = client.get(f"/api/v1/stats/members?year={YEAR}").json()
    assert body["count"] == 3 and body["columns"][0] == {"code": "plenary", "label": "全体会议"}
    li = next(i for i in body["items"] if i["name"] == "李明")
    assert (li["counts"]["proposal_first"], li["total"]) == (1, 10)
    assert client.get(f"/api/v1/stats/members?year={YEAR}&whole_term=true").json()["year"] is None
    short = client.get(f"/api/v1/stats/inactive?year={YEAR}").json()
    assert {i["name"] for i in short["items"]} == {"王芳", "赵强"}


def test_api_events_units_dashboard_rollup_summary(world, year):
    client = world.client(Role.LEADER)
    events = client.get(f"/api/v1/stats/events?year={YEAR}&kind=study").json()
    assert (events["count"], events["items"][0]["present"], events["items"][0]["invited"]) == (1, 2, 3)
    units = client.get(f"/api/v1/stats/units?year={YEAR}&by=group").json()
    assert units["items"][0]["organised"]["sector_consultations"] == 1
    board = client.get(f"/api/v1/stats/dashboard?year={YEAR}").json()
    assert {t["code"] for t in board["targets"]} >= {"study_sessions", "study_rate", "lectures", "training"}
    rolled = client.get(f"/api/v1/stats/rollup?year={YEAR}").json()
    assert rolled["items"][0]["code"] == "city" and rolled["items"][0]["own"]["activities"] == 3
    summary = client.get(f"/api/v1/stats/summary?year={YEAR}").json()
    assert "界别协商会1次" in summary["text"] and summary["figures"]["sector_consultations"] == 1
    assert client.get("/api/v1/stats/events?kind=nonsense").status_code == 400
    assert client.get("/api/v1/stats/units?by=nonsense").status_code == 400


def test_api_permissions_and_tenancy(world, outsider, year):
    member = world.client(Role.MEMBER)
    for path in ("members", "inactive", "events", "units", "dashboard", "rollup", "summary"):
        assert member.get(f"/api/v1/stats/{path}").status_code == 403, path
    assert world.client(Role.PROPOSAL_OFFICE).get("/api/v1/stats/inactive").status_code == 403  # no VIEW_ASSESSMENT
    stranger = outsider.client(Role.MEMBER_AFFAIRS)
    assert stranger.get(f"/api/v1/stats/members?term_id={world.term.pk}").status_code == 404
    theirs = stranger.get(f"/api/v1/stats/members?year={YEAR}").json()
    assert [i["member_id"] for i in theirs["items"]] == [outsider.member.pk]
    assert stranger.get(f"/api/v1/stats/events?year={YEAR}").json()["count"] == 0
