"""Browser journey in real Chromium: the office opens a published year's results on a desktop and takes every
letter of the year as one PDF; the member, at phone width, finds the reminder talk in their archive."""

import datetime
import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from lvzhi.assessment.services import results
from lvzhi.assessment.tests.cycle_factories import STAR, YEAR, lines, office, year_in
from lvzhi.core.capabilities import Role
from lvzhi.testing import PASSWORD, World, build_world, make_member
from lvzhi.testing_axe import DESKTOP, PHONE

pytestmark = pytest.mark.browser

SLOW = 20_000
TALK = "请按时参加全体会议和界别活动"


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login/"), timeout=SLOW)


def test_the_office_takes_the_years_letters_as_one_pdf_and_the_member_finds_the_talk(
    live_server, world, phone, tmp_path
):
    star = make_member(world, "赵星", employer="市第一人民医院", job_title="院长")
    lines(world, star, *STAR)
    assessment = year_in(world, "published")
    results.record_talk(
        assessment, world.member, actor=office(world), held_on=datetime.date.today(), talker="秘书长", content=TALK
    )

    context = phone.context.browser.new_context(viewport=DESKTOP, locale="zh-CN", bypass_csp=True)
    desktop = context.new_page()
    sign_in(desktop, live_server.url, world.users[Role.MEMBER_AFFAIRS].username)
    desktop.goto(f"{live_server.url}/assessment/cycle/{YEAR}/results/")
    link = desktop.locator('[data-testid="all-letters-pdf"]')
    expect(link).to_be_visible(timeout=SLOW)
    desktop.screenshot(path=str(tmp_path / "results.png"), full_page=True)
    response = desktop.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(response.body())).pages
    text = "".join(p.extract_text() for p in pages).replace("\n", "").replace(" ", "")
    assert "市第一人民医院：" in text and "中共示范市委组织部：" in text and "履职提醒函" in text
    context.close()

    sign_in(phone, live_server.url, world.member.user.username)
    phone.goto(f"{live_server.url}/assessment/archive/me/?year={YEAR}")
    talk = phone.locator('[data-testid="archive-talk"]')
    expect(talk).to_contain_text(TALK, timeout=SLOW)
    talk.scroll_into_view_if_needed()
    phone.screenshot(path=str(tmp_path / "archive-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
