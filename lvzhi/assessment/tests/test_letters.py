"""The letters of a published year (结果运用) as 公文-style PDFs, from the cycle's results screen and the API:
the Chinese text extracts, one member or the whole year in one file, permissions and tenancy."""

import io
from types import SimpleNamespace

import pypdf
import pytest
from django.urls import reverse

from lvzhi.assessment.letters import Letter, Letters, letters_pdf
from lvzhi.assessment.models import AssessmentYear
from lvzhi.assessment.tests.cycle_factories import STAR, THREE_ONES, YEAR, lines, year_in
from lvzhi.core.capabilities import Role
from lvzhi.org.models import Membership
from lvzhi.testing import make_member

REF = "示政协函〔2027〕3号"


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Lines wrap anywhere in Chinese text: the words are matched with the line breaks and indents taken out.
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    return [page.extract_text().replace("\n", "").replace(" ", "") for page in pages]


def web(**query):
    return reverse("assessment_cycle:letters_pdf", args=[YEAR]), query


def api_url():
    return f"/api/v1/assessment/years/{YEAR}/letters.pdf"


@pytest.fixture
def published(world):
    """Last year published: the world's member scored 0 (a reminder); a star excels; a third is in between."""
    star = make_member(world, "赵星", employer="市第一人民医院", job_title="院长")
    Membership.objects.filter(member=star).update(recommending_unit="九三学社示范市委")
    lines(world, star, *STAR)
    lines(world, make_member(world, "钱中", employer="市图书馆"), *THREE_ONES)
    return year_in(world, "published"), star


def test_one_members_letter_to_their_work_unit_is_a_red_headed_letter_with_extractable_chinese(world, published):
    assessment, star = published
    office = world.client(Role.MEMBER_AFFAIRS)
    path, query = web(to="work_unit", member=star.pk, ref=REF)
    response = office.get(path, query)
    pages = pdf_pages(response)
    assert len(pages) == 1
    text = pages[0]
    approved = assessment.events.get(action="approve").at.astimezone()
    for words in (
        "示范市政协",
        REF,
        f"关于通报{YEAR}年度委员履职考核结果的函",
        "市第一人民医院：",
        "赵星同志",
        "优秀",
        "特此函告",
        f"{approved.year}年{approved.month}月{approved.day}日",
    ):
        assert words in text, words
    # The masthead (红头) and the rule under the 文号 are drawn in red.
    stream = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].get_contents().get_data().decode("latin-1")
    assert ".752941 0 0 rg" in stream and ".752941 0 0 RG" in stream
    assert response["Content-Disposition"].startswith("inline")  # opens in the browser's viewer to print


def test_the_department_letter_carries_the_list_and_the_recommending_unit_its_member(world, published):
    _assessment, star = published
    office = world.client(Role.MEMBER_AFFAIRS)
    text = "".join(pdf_pages(office.get(*web(to="united_front_dept"))))
    assert "中共示范市委统战部：" in text and "委员履职考核结果名单" in text
    assert "赵星" in text and "钱中" in text and world.member.name in text
    text = "".join(pdf_pages(office.get(*web(to="recommending_unit", member=star.pk))))
    assert "九三学社示范市委：" in text


def test_every_letter_of_the_year_in_one_pdf(world, published):
    office = world.client(Role.MEMBER_AFFAIRS)
    pages = pdf_pages(office.get(*web(to="all")))
    text = "".join(pages)
    # 3 members × (recommending unit + work unit) + 2 departments (letter and list) + 1 reminder.
    assert len(pages) == 6 + 2 * 2 + 1
    assert "中共示范市委组织部：" in text and "中共示范市委统战部：" in text
    assert "履职提醒函" in text and f"{world.member.name}委员：" in text and "低于60分" in text
    reminders = pdf_pages(office.get(*web(to="reminder")))
    assert len(reminders) == 1 and "履职提醒函" in reminders[0]


def test_the_api_serves_the_same_letters(world, published):
    _assessment, star = published
    office = world.client(Role.MEMBER_AFFAIRS)
    text = "".join(pdf_pages(office.get(api_url(), {"to": "work_unit", "member_id": star.pk, "ref": REF})))
    assert "市第一人民医院：" in text and REF in text and "钱中" not in text
    pages = pdf_pages(office.get(api_url()))
    assert len(pages) == 11
    assert office.get(api_url(), {"to": "nobody"}).status_code == 400


def test_the_results_screen_and_print_pages_link_to_the_pdfs(world, published):
    office = world.client(Role.MEMBER_AFFAIRS)
    page = office.get(reverse("assessment_cycle:results", args=[YEAR])).content.decode()
    assert 'data-testid="all-letters-pdf"' in page and "to=reminder&amp;member=" in page
    printed = office.get(reverse("assessment_cycle:letters", args=[YEAR]), {"to": "organisation_dept", "ref": REF})
    body = printed.content.decode()
    assert 'data-testid="letters-pdf"' in body and "to=organisation_dept" in body


def test_letters_wait_for_publication(world):
    lines(world, world.member, *THREE_ONES)
    year_in(world, "checking")
    office = world.client(Role.MEMBER_AFFAIRS)
    refused = office.get(api_url())
    assert refused.status_code == 409 and "审定通报后方可使用" in refused.json()["error"]["message"]
    page = office.get(*web(), follow=True)
    assert "审定通报后方可使用" in page.content.decode()
    assert AssessmentYear.objects.get(year=YEAR).status == "checking"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEADER])
def test_letters_need_the_office(world, published, role):
    client = world.client(role)
    assert client.get(*web()).status_code == 403
    assert client.get(api_url()).status_code == 403


def test_another_committee_gets_no_letters_and_no_one_elses_member(world, outsider, published):
    _assessment, star = published
    assert outsider.client(Role.MEMBER_AFFAIRS).get(*web()).status_code == 404
    assert outsider.client(Role.MEMBER_AFFAIRS).get(api_url()).status_code == 404
    # The other committee's own published year cannot name this committee's member.
    lines(outsider, outsider.member, *THREE_ONES)
    year_in(outsider, "published")
    office = outsider.client(Role.MEMBER_AFFAIRS)
    assert office.get(api_url(), {"member_id": star.pk}).status_code == 404
    text = "".join(pdf_pages(office.get(*web(to="work_unit", member=star.pk))))
    assert "赵星" not in text and "没有需要发出的函件" in text


def test_junk_in_the_query_string_is_no_filter_and_never_a_500(world, published):
    office = world.client(Role.MEMBER_AFFAIRS)
    for junk in ("abc", "0", "²", "99999999999999999999999", "-1"):
        assert office.get(*web(to="work_unit", member=junk, band=junk)).status_code == 200
    assert office.get(*web(to="nonsense")).status_code == 200  # an unknown kind: every letter
    assert office.get(api_url(), {"member_id": "²"}).status_code == 400


def test_a_long_list_runs_over_pages_in_blocks_and_keeps_every_name():
    head = ["序号", "姓名", "工作单位及职务", "得分", "等次"]
    rows = [[str(n), f"委员{n:03d}", "示范市某某局" * (4 if n % 7 == 0 else 1), "80.00", "称职"] for n in range(1, 121)]
    letter = Letter(
        "organisation_dept", "关于报送考核结果的函", "中共示范市委组织部", ["正文"], None, "名单", [head, *rows]
    )
    pdf = letters_pdf(Letters(SimpleNamespace(name="示范市政协"), SimpleNamespace(year=YEAR), "", [letter]))
    pages = [p.extract_text().replace("\n", "").replace(" ", "") for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    text = "".join(pages)
    assert len(pages) >= 4  # the letter, then the list over several pages
    assert all(f"委员{n:03d}" in text for n in range(1, 121)) and text.count("工作单位及职务") == 1
