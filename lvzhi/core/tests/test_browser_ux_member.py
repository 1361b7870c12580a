"""A member on a phone (390×844, real Chromium) finds their way: the bottom tab bar on every member page, the
directory as cards, a help link to the guide's section for the screen, and the global search. axe-core checks
every page opened, at phone and desktop width (see lvzhi/testing_axe.py)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity
from lvzhi.testing import PASSWORD, World, build_world, make_member
from lvzhi.testing_axe import PHONE

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms
PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/me/$"), timeout=SLOW)


def test_every_member_page_has_the_tab_bar_and_a_help_link(live_server, world, phone):
    make_member(world, "欧阳振华", mobile="13900001111", mobile_in_directory=True)
    sign_in(phone, live_server.url, world.member.user.username)
    for name, section in [
        ("org:my_profile", "my-profile"),
        ("org:directory", "member-directory"),
        ("planning:my_plan", "my-plan"),
        ("ledger:mine", "my-ledger"),
        ("activities:menu", "member-activities"),
    ]:
        phone.goto(live_server.url + reverse(name))
        tabs = phone.get_by_test_id("member-tabs")
        expect(tabs).to_be_visible()
        box = tabs.bounding_box()
        assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=1)  # fixed to the bottom
        expect(tabs.get_by_role("link")).to_have_count(5)
        help_link = phone.get_by_test_id("help-link")
        assert help_link.get_attribute("href") == f"/help/#{section}"
        assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]

    # The directory at 390 px: each member is a card, the name on one line beside its label.
    phone.goto(live_server.url + reverse("org:directory"))
    name_cell = phone.locator("table.lz-cards tbody tr", has_text="欧阳振华").locator("td").first
    expect(name_cell).to_be_visible()
    assert name_cell.evaluate("td => getComputedStyle(td, '::before').content") == '"姓名"'
    line = name_cell.evaluate("td => parseFloat(getComputedStyle(td).lineHeight)")
    assert name_cell.bounding_box()["height"] < 2 * line  # not wrapped one character per line

    # The tab bar takes the member on: 签到码 is one tap away from the directory.
    phone.get_by_test_id("member-tabs").get_by_role("link", name="签到码").click()
    expect(phone).to_have_url(re.compile(re.escape(reverse("activities:my_code")) + "$"), timeout=SLOW)
    expect(phone.get_by_test_id("member-tabs").locator("[aria-current=page]")).to_have_text("签到码")


def test_a_member_searches_by_pinyin_initials_and_opens_the_guide(live_server, world, phone):
    meeting = make_activity(world, title="常委会议", mode=Activity.Mode.INVITE)
    sign_in(phone, live_server.url, world.member.user.username)

    phone.locator(".navbar-toggler").click()  # the search box sits in the collapsed menu on a phone
    search = phone.get_by_test_id("global-search")
    search.get_by_role("searchbox").fill("cwhy")
    search.get_by_role("button", name="搜索").click()
    expect(phone).to_have_url(re.compile(r"/search/\?q=cwhy$"), timeout=SLOW)
    found = phone.get_by_test_id("search-activities").get_by_role("link", name="常委会议")
    found.click()
    expect(phone).to_have_url(re.compile(rf"/activities/{meeting.pk}/$"), timeout=SLOW)

    phone.locator(".navbar-toggler").click()
    href = phone.get_by_test_id("help-link").get_attribute("href")
    assert href == "/help/#member-activities"
    phone.goto(live_server.url + href)
    section = phone.locator("#member-activities")
    expect(section).to_be_in_viewport()
    expect(section).to_have_text("会议活动")
