"""The assessment's pages: the member's score on the phone, the staff ranking and export, scheme editing."""

import datetime
import io

from openpyxl import load_workbook

from lvzhi.assessment.models import Scheme
from lvzhi.assessment.services.schemes import create_draft
from lvzhi.core.capabilities import Role
from lvzhi.ledger.services import DutyEntry, record_duties
from lvzhi.testing import make_member, tile

YEAR = datetime.date.today().year


def add(world, member, kind, role, n=1):
    entries = [DutyEntry(member, kind, role, datetime.date(YEAR, 1, 1 + i), f"{kind}{i}") for i in range(n)]
    record_duties(committee=world.committee, entries=entries, recorded_by=None)


def test_the_member_sees_score_duties_and_where_each_point_came_from(world):
    add(world, world.member, "plenary", "present")
    add(world, world.member, "proposal", "first_proposer")
    page = world.client(Role.MEMBER).get("/assessment/me/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="my-score">50<' in html
    assert "出席全体会议" in html and "未完成" in html
    assert "proposal0" in html and "+20" in html


def test_the_member_home_shows_the_score_tile_which_fetches_its_body(world):
    add(world, world.member, "plenary", "present")
    client = world.client(Role.MEMBER)
    home = client.get("/me/")
    assert tile(home, "assessment.mine") == {"year": YEAR}
    assert 'hx-get="/assessment/me/tile/"' in home.content.decode()
    body = client.get("/assessment/me/tile/").content.decode()
    assert 'data-testid="tile-score">30<' in body and "未完成" in body


def test_staff_ranking_page_within_a_query_budget_and_export(world, django_assert_max_num_queries):
    for i in range(12):
        member = make_member(world, f"委员{i}")
        add(world, member, "research", "present", i % 4)
    client = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(20):  # one read of the year, however many members
        page = client.get(f"/assessment/?year={YEAR}")
    assert page.status_code == 200 and page.content.decode().count("<tr>") >= 13
    export = client.get(f"/assessment/export/?year={YEAR}&sector={world.sectors[0].pk}")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet["B2"].value == "姓名" and sheet.max_row == 2 + 13


def test_ranking_filters_ignore_junk(world):
    client = world.client(Role.COMMITTEE_STAFF)
    for junk in ("abc", "0", "99999999999999999999999", "-1"):
        assert client.get(f"/assessment/?sector={junk}&group={junk}&special_committee={junk}").status_code == 200


def test_scheme_edit_refuses_bad_numbers_in_chinese_and_keeps_the_draft(world):
    scheme = create_draft(world.committee, actor=world.users[Role.MEMBER_AFFAIRS], name="办法")
    client = world.client(Role.MEMBER_AFFAIRS)
    bad = client.post(f"/assessment/schemes/{scheme.pk}/", {"p-0-present": "三十", "cap-0": "30"})
    assert bad.status_code == 422 and "分值" in bad.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).rules["indicators"][0]["roles"]["present"] == 30
    edits = {"p-0-present": "25", "cap-0": "25", "band-excellent": "85"}
    good = client.post(f"/assessment/schemes/{scheme.pk}/", edits)
    assert good.status_code == 302
    rules = Scheme.objects.get(pk=scheme.pk).rules
    assert rules["indicators"][0]["roles"]["present"] == 25 and rules["bands"][0]["min"] == 85
    broken = client.post(f"/assessment/schemes/{scheme.pk}/", {"json": "{not json"})
    assert broken.status_code == 422 and "JSON" in broken.content.decode()


def test_scheme_pages_adopt_and_simulate(world):
    scheme = create_draft(world.committee, actor=world.users[Role.MEMBER_AFFAIRS], name="办法", preset="jinan")
    client = world.client(Role.MEMBER_AFFAIRS)
    assert client.get(f"/assessment/schemes/{scheme.pk}/simulate/?year={YEAR}").status_code == 200
    assert client.post(f"/assessment/schemes/{scheme.pk}/", {"action": "adopt", "from_year": "x"}).status_code == 422
    client.post(f"/assessment/schemes/{scheme.pk}/", {"action": "adopt", "from_year": str(YEAR)})
    assert Scheme.objects.get(pk=scheme.pk).status == "adopted"
    listing = client.get("/assessment/schemes/").content.decode()
    assert f'href="/assessment/schemes/{scheme.pk}/">{scheme}</a>' in listing
    assert world.client(Role.LEADER).post("/assessment/schemes/", {"preset": "default"}).status_code == 403
