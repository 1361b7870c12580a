"""The use of results reaches the archive (一人一档): the 优秀委员 nomination and the reminder talks appear on the
page, in the .xlsx, in the PDF and in the API, for staff and for the member themself, and nowhere else."""

import datetime
import io

import pypdf
import pytest
from openpyxl import load_workbook

from lvzhi.assessment.services import results
from lvzhi.assessment.tests.cycle_factories import STAR, YEAR, lines, office, year_in
from lvzhi.core.capabilities import Role
from lvzhi.testing import make_member

TALK = "提醒按时参加全体会议和专题调研"


@pytest.fixture
def used(world):
    """Last year published: the world's member scored 0 and was talked to; a star was nominated."""
    star = make_member(world, "赵星", employer="市第一人民医院")
    lines(world, star, *STAR)
    assessment = year_in(world, "published")
    talk = results.record_talk(
        assessment,
        world.member,
        actor=office(world),
        held_on=datetime.date.today(),
        talker="秘书长王华",
        content=TALK,
    )
    nomination = results.nominate(assessment, star, actor=office(world), reason="履职突出")
    return star, talk, nomination


def text_of(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "".join(p.extract_text() for p in pages).replace("\n", "").replace(" ", "")


def test_the_api_archive_lists_the_talks_and_the_nominations(world, used):
    star, talk, nomination = used
    client = world.client(Role.MEMBER_AFFAIRS)
    mine = client.get(f"/api/v1/members/{world.member.pk}/archive?year={YEAR}").json()
    assert mine["talks"] == [
        {"id": talk.pk, "year": YEAR, "held_on": talk.held_on.isoformat(), "talker": "秘书长王华", "content": TALK}
    ]
    assert mine["nominations"] == []
    theirs = client.get(f"/api/v1/members/{star.pk}/archive?year={YEAR}").json()
    assert theirs["talks"] == []
    assert [(n["id"], n["year"], n["reason"]) for n in theirs["nominations"]] == [(nomination.pk, YEAR, "履职突出")]
    # The whole term covers the year too; another year of the term does not list it.
    assert len(client.get(f"/api/v1/members/{world.member.pk}/archive").json()["talks"]) == 1
    assert client.get(f"/api/v1/members/{world.member.pk}/archive?year={YEAR + 1}").json()["talks"] == []


def test_the_member_sees_the_talk_on_their_own_page_and_pdf(world, used):
    client = world.client(Role.MEMBER)
    page = client.get(f"/assessment/archive/me/?year={YEAR}").content.decode()
    assert 'data-testid="archive-talk"' in page and TALK in page and "秘书长王华" in page
    text = text_of(client.get(f"/assessment/archive/me/pdf/?year={YEAR}").content)
    assert "五、谈话记录" in text and TALK in text


def test_staff_see_the_nomination_on_the_page_in_the_pdf_and_in_the_workbook(world, used):
    star, _talk, _nomination = used
    client = world.client(Role.MEMBER_AFFAIRS)
    page = client.get(f"/assessment/archive/members/{star.pk}/?year={YEAR}").content.decode()
    assert 'data-testid="archive-nomination"' in page and f"推荐为{YEAR}年度优秀委员" in page
    assert 'data-testid="archive-talk"' not in page and "暂无谈话记录" in page
    text = text_of(client.get(f"/api/v1/members/{star.pk}/archive.pdf?year={YEAR}").content)
    assert f"推荐为{YEAR}年度优秀委员（履职突出）" in text and "暂无谈话记录" in text
    book = load_workbook(io.BytesIO(client.get(f"/assessment/archive/members/{star.pk}/xlsx/?year={YEAR}").content))
    awards = [row for row in book["表彰奖励"].iter_rows(min_row=2, values_only=True)]
    assert (YEAR, f"推荐为{YEAR}年度优秀委员（履职突出）", "本会", "已推荐") in [
        (r[0], r[2], r[3], r[4]) for r in awards
    ]
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/members/{world.member.pk}/archive.xlsx?year={YEAR}").content))
    assert [row[2:] for row in book["谈话记录"].iter_rows(min_row=2, values_only=True)] == [("秘书长王华", TALK)]


def test_another_member_and_another_committee_see_none_of_it(world, outsider, used):
    star, _talk, _nomination = used
    assert world.client(Role.MEMBER).get(f"/api/v1/members/{star.pk}/archive").status_code == 403
    assert outsider.client(Role.MEMBER_AFFAIRS).get(f"/api/v1/members/{star.pk}/archive").status_code == 404
    assert outsider.client(Role.MEMBER_AFFAIRS).get(f"/assessment/archive/members/{star.pk}/").status_code == 404


def test_the_archive_costs_the_same_with_many_talks(world, used, django_assert_max_num_queries):
    client = world.client(Role.MEMBER_AFFAIRS)
    url = f"/api/v1/members/{world.member.pk}/archive?year={YEAR}"
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    assessment = used[1].assessment
    for n in range(8):
        when = datetime.date.today()
        results.record_talk(assessment, world.member, actor=office(world), held_on=when, talker=f"人{n}", content="x")
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(url).json()["talks"]) == 9


def test_control_characters_in_a_record_drop_out_of_the_workbook_and_pdf(world, used):
    """CI's fuzzer filed a report titled with \\x0b and \\x1b: the archive must still download, minus those."""
    _star, talk, _nomination = used
    talk.content = "提醒\x0b按时\x1b参会"
    talk.save(update_fields=["content"])
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.get(f"/api/v1/members/{world.member.pk}/archive.xlsx?year={YEAR}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert [row[3] for row in book["谈话记录"].iter_rows(min_row=2, values_only=True)] == ["提醒按时参会"]
    assert client.get(f"/api/v1/members/{world.member.pk}/archive.pdf?year={YEAR}").status_code == 200
