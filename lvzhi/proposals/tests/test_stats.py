"""Proposal statistics (DOMAIN.md §6 items 4, 5): the figures, the page with ECharts, the .xlsx, and the printable
proposal."""

import datetime
from io import BytesIO

from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.proposals import services
from lvzhi.proposals.models import Assignment, Proposal, Reply
from lvzhi.proposals.services import handling
from lvzhi.proposals.stats import statistics
from lvzhi.proposals.tests.factories import PARKING, assigned, key_proposal, office, proposal, replied
from lvzhi.testing import today

P = Proposal.Status


def _year(world):
    satisfied = replied(world, "A")
    handling.evaluate(satisfied, satisfaction="satisfied", comment="", actor=world.member.user)
    key_proposal(world, satisfied)
    replied(world, "B", text=PARKING)
    services.not_accept(proposal(world), actor=office(world), reason="vague", note="无具体建议")
    proposal(world, P.MERGED)
    proposal(world, proposer_kind="collective", collective_kind="sector", collective_name="经济界")
    late, _a = assigned(world)
    Assignment.objects.filter(proposal=late).update(due_date=today() - datetime.timedelta(days=2))
    return satisfied, late


def test_the_figures(world):
    satisfied, late = _year(world)
    f = statistics(today().year)
    assert f["received"] == 6
    assert (f["accepted"], f["merged"], f["not_accepted"], f["pending"]) == (4, 1, 1, 1)
    assert dict(f["by_kind"])["集体提案"] == 1
    assert (f["handled"], f["answered"], f["reply_rate"]) == (3, 2, 66.7)
    assert (f["evaluated"], f["satisfaction_rate"]) == (1, 100.0)
    grades = {label[0]: n for label, n in f["grades"]}
    assert (grades["A"], grades["B"], grades["C"]) == (1, 1, 0)
    (unit,) = f["units"]
    assert (unit["lead"], unit["answered"], unit["on_time"], unit["on_time_rate"]) == (3, 2, 2, 100.0)
    assert unit["satisfaction_rate"] == 100.0
    assert [h.proposal_id for h in f["key"]] == [satisfied.pk]
    assert [a.proposal_id for a in f["overdue"]] == [late.pk]


def test_returned_replies_and_late_answers_count_against_the_unit(world):
    item, assignment = assigned(world)
    Reply.objects.create(
        committee=world.committee,
        proposal=item,
        assignment=assignment,
        status=Reply.Status.RETURNED,
        grade="C",
        content="x",
        contact_mode="phone",
        contacted_on=today(),
    )
    (unit,) = statistics(today().year)["units"]
    assert unit["returned"] == 1 and unit["on_time_rate"] is None


def test_the_page_the_api_and_the_workbook(world, outsider, django_assert_max_num_queries):
    _year(world)
    leader = world.client(Role.LEADER)
    with django_assert_max_num_queries(30):
        page = leader.get("/proposals/stats/")
    body = page.content.decode()
    assert page.status_code == 200 and "vendor/echarts/echarts.min.js" in body and "proposal-stats" in body
    assert 'id="stat-received">6<' in body
    api = leader.get("/api/v1/proposals/stats").json()
    assert api["received"] == 6 and api["reply_rate"] == 66.7
    assert leader.get("/api/v1/proposals/stats?year=1800").status_code == 400
    export = leader.get("/proposals/stats/export/")
    workbook = load_workbook(BytesIO(export.content))
    assert workbook.sheetnames[0].endswith("年总体") and "承办单位" in workbook.sheetnames
    assert workbook.worksheets[0]["B2"].value == 6
    assert workbook["重点提案"]["D2"].value == "王副主席"
    assert world.client(Role.MEMBER).get("/proposals/stats/").status_code == 403
    assert world.client(Role.HANDLING_UNIT).get("/api/v1/proposals/stats").status_code == 403
    assert outsider.client(Role.LEADER).get("/api/v1/proposals/stats").json()["received"] == 0
    nonsense = leader.get("/proposals/stats/?year=abc")
    assert nonsense.status_code == 200


def test_formula_text_stays_text_in_the_workbook(world):
    item = services.accept(proposal(world, text=('=HYPERLINK("http://x")', "正文")), actor=office(world))
    key_proposal(world, item)
    workbook = load_workbook(BytesIO(world.client(Role.PROPOSAL_OFFICE).get("/proposals/stats/export/").content))
    cell = workbook["重点提案"]["B2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_the_printable_proposal(world, outsider):
    item = replied(world, "A")
    desk = world.client(Role.PROPOSAL_OFFICE)
    page = desk.get(f"/proposals/manage/{item.pk}/print/").content.decode()
    assert "@page { size: A4" in page and item.title in page and item.number_label in page
    assert "答复正文。" in page and "市住建局" in page
    assert world.client(Role.MEMBER).get(f"/proposals/manage/{item.pk}/print/").status_code == 403
    assert outsider.client(Role.PROPOSAL_OFFICE).get(f"/proposals/manage/{item.pk}/print/").status_code == 404
