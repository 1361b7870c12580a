"""The archive (一人一档): lines with their source and points, live and frozen scores, the .xlsx and the PDF whose
Chinese text can be read back, permissions, tenancy and bad input."""

import datetime
import io

import pypdf
import pytest
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.assessment import rules as R
from lvzhi.assessment.models import AssessmentYear
from lvzhi.assessment.scoring import score_member
from lvzhi.assessment.services.scores import store_scores
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import DutyEntry, record_duties
from lvzhi.org.models import SectorGroup
from lvzhi.testing import make_member, make_user

YEAR = 2025
PROPOSAL = "关于加强社区养老服务的提案"
RESEARCH = "乡村振兴专题调研"
AWARD = "全国优秀政协委员"


def add(world, member, *lines, year=YEAR, status=DutyRecord.Status.CONFIRMED):
    """Ledger rows: (kind, role, title[, month])."""
    entries = [
        DutyEntry(member, kind, role, datetime.date(year, rest[0] if rest else 3, 10), title)
        for kind, role, title, *rest in lines
    ]
    return record_duties(committee=world.committee, entries=entries, recorded_by=None, status=status)


def a_year(world, member=None):
    member = member or world.member
    add(
        world,
        member,
        ("proposal", "first_proposer", PROPOSAL),
        ("research", "present", RESEARCH, 5),
        ("award", "award_national", AWARD, 9),
    )
    return member


def api(world, role, member, suffix="", query=f"?year={YEAR}"):
    return world.client(role).get(f"/api/v1/members/{member.pk}/archive{suffix}{query}")


def test_the_member_reads_their_archive_every_line_with_source_and_points(world):
    member = a_year(world)
    add(world, member, ("public_service", "participant", "社区义诊", 6), status=DutyRecord.Status.PENDING)
    response = api(world, Role.MEMBER, member)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["member"] == {"id": member.pk, "name": "李明"}
    assert {"label": "界别", "value": world.sectors[0].name} in body["basic"]
    (year,) = body["years"]
    lines = {line["title"]: line for line in year["records"]}
    assert lines[PROPOSAL]["points"] == 20 and lines[PROPOSAL]["lines"] == [{"indicator": "B3", "points": 20}]
    assert lines[RESEARCH]["points"] == 5
    assert lines["社区义诊"]["points"] is None  # waiting for staff: it does not count yet
    assert lines[PROPOSAL]["source"] is None and lines[PROPOSAL]["recorded_by_dept"] == ""
    live = score_member(world.committee, YEAR, member.pk, R.DEFAULT)
    assert year["score"]["score"] == live.score and year["score"]["band"] == live.band
    assert year["score"]["frozen"] is False and year["score"]["rank"] is None
    assert [a["title"] for a in body["awards"]] == [AWARD]


def test_without_a_year_the_archive_covers_every_year_of_the_term_so_far(world):
    a_year(world)
    body = api(world, Role.MEMBER_AFFAIRS, world.member, query="").json()
    years = [y["year"] for y in body["years"]]
    assert years[0] == world.term.start_year and YEAR in years
    assert years[-1] == min(world.term.end_year, timezone.localdate().year)


def test_a_frozen_year_shows_its_frozen_score_and_the_rank_only_to_staff(world):
    member = a_year(world)
    assessment = AssessmentYear.objects.create(
        committee=world.committee,
        year=YEAR,
        status=AssessmentYear.Status.PUBLISHED,
        rules=R.DEFAULT.to_json(),
        frozen_at=timezone.now(),
    )
    store_scores(assessment)
    frozen = api(world, Role.MEMBER_AFFAIRS, member).json()["years"][0]["score"]
    add(world, member, ("proposal", "first_proposer", "冻结后补录的提案", 11))
    after = api(world, Role.MEMBER_AFFAIRS, member).json()["years"][0]["score"]
    assert after["frozen"] is True and after["score"] == frozen["score"] and after["rank"] == 1
    # The default scheme keeps rankings internal (§1.4): the member sees their score, not their rank.
    assert api(world, Role.MEMBER, member).json()["years"][0]["score"]["rank"] is None


def test_the_pdf_renders_chinese_that_can_be_extracted(world):
    member = a_year(world)
    response = api(world, Role.MEMBER_AFFAIRS, member, ".pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for words in ("李明", PROPOSAL, RESEARCH, AWARD, "委员履职档案", "一、基本信息"):
        assert words in text
    # No font file is needed or embedded: STSong-Light is a CID font every PDF reader provides, and Helvetica (the
    # page's default before any text) one of PDF's standard fonts.
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert "/STSong-Light" in fonts and fonts <= {"/STSong-Light", "/Helvetica"}


def test_the_member_downloads_their_own_pdf_from_the_page(world):
    a_year(world)
    response = world.client(Role.MEMBER).get(f"/assessment/archive/me/pdf/?year={YEAR}")
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "李明" in text and PROPOSAL in text


def test_the_workbook_is_real_xlsx_and_keeps_formula_like_titles_as_text(world):
    member = a_year(world)
    add(world, member, ("speech", "speaker", '=HYPERLINK("http://x")'))
    response = api(world, Role.MEMBER_AFFAIRS, member, ".xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["基本信息", "年度考核", "履职记录", "履职报告", "表彰奖励", "谈话记录"]
    titles = [row[4] for row in book["履职记录"].iter_rows(min_row=2, values_only=True)]
    assert PROPOSAL in titles and '=HYPERLINK("http://x")' in titles
    formula_cells = [c for row in book["履职记录"].iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []
    assert [row[2] for row in book["表彰奖励"].iter_rows(min_row=2, values_only=True)] == [AWARD]


def test_staff_open_the_archive_page_from_the_member_record(world):
    member = a_year(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    assert f"/assessment/archive/members/{member.pk}/" in client.get(f"/org/members/{member.pk}/").content.decode()
    page = client.get(f"/assessment/archive/members/{member.pk}/?year={YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    assert PROPOSAL in html and AWARD in html and "履职档案" in html
    assert client.get(f"/assessment/archive/members/{member.pk}/xlsx/").status_code == 200


def test_another_member_may_not_open_the_archive(world):
    a_year(world)
    other = make_member(world, "王芳", user=True)
    response = world.client(Role.MEMBER).get(f"/api/v1/members/{other.pk}/archive")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "archive.not_visible"
    assert "本人" in response.json()["error"]["message"]
    assert world.client(Role.MEMBER).get(f"/assessment/archive/members/{other.pk}/").status_code == 403


def test_a_convenor_sees_only_the_members_of_their_group(world):
    member = a_year(world)
    user = make_user(world.committee, Role.GROUP_CONVENOR)
    other_group = SectorGroup.objects.create(committee=world.committee, term=world.term, name="教育界活动组")
    RoleAssignment.objects.filter(user=user).update(sector_group=other_group)
    client = world.client(Role.MEMBER)
    client.force_login(user)
    assert client.get(f"/api/v1/members/{member.pk}/archive").status_code == 403
    assert client.get(f"/assessment/archive/members/{member.pk}/").status_code == 404
    RoleAssignment.objects.filter(user=user).update(sector_group=world.group)
    assert client.get(f"/api/v1/members/{member.pk}/archive").status_code == 200


def test_another_committee_gets_404_everywhere(world, outsider):
    member = a_year(world)
    client = outsider.client(Role.ADMIN)
    for suffix in ("", ".xlsx", ".pdf"):
        assert api(outsider, Role.ADMIN, member, suffix).status_code == 404
    for tail in ("", "xlsx/", "pdf/"):
        assert client.get(f"/assessment/archive/members/{member.pk}/{tail}").status_code == 404


@pytest.mark.parametrize("year", ["abc", "3000", "1e3", "-1"])
def test_a_bad_year_is_refused_in_chinese(world, year):
    response = api(world, Role.MEMBER_AFFAIRS, world.member, query=f"?year={year}")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "提交的数据有误"
    page = world.client(Role.MEMBER).get(f"/assessment/archive/me/?year={year}")
    assert page.status_code == 200 and "无效" in page.content.decode()


def test_a_staff_user_without_a_member_record_sees_a_notice_on_their_own_archive(world):
    assert world.client(Role.MEMBER_AFFAIRS).get("/assessment/archive/me/").status_code == 403
    assert world.client(Role.MEMBER).get("/assessment/archive/me/").status_code == 200


def test_the_archive_costs_the_same_number_of_queries_however_many_lines(world, django_assert_max_num_queries):
    member = world.member
    client = world.client(Role.MEMBER_AFFAIRS)
    years = range(world.term.start_year, min(world.term.end_year, timezone.localdate().year) + 1)
    for year in years:
        add(world, member, *[("research", "present", f"调研{i}", 1 + i % 12) for i in range(3)], year=year)
    with django_assert_max_num_queries(65):
        assert client.get(f"/api/v1/members/{member.pk}/archive").status_code == 200
    for year in years:
        add(world, member, *[("proposal", "first_proposer", f"提案{i}", 1 + i % 12) for i in range(40)], year=year)
    with django_assert_max_num_queries(65):
        assert client.get(f"/api/v1/members/{member.pk}/archive").status_code == 200
