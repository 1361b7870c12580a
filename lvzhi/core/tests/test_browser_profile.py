"""Browser journey in real Chromium: a member on a phone signs in, opens 我的资料 and switches on large-font mode."""

import re

import pytest
from playwright.sync_api import expect

from lvzhi.core.capabilities import Role
from lvzhi.testing import PASSWORD, World, build_world
from lvzhi.testing_axe import PHONE

pytestmark = pytest.mark.browser

ROOT_FONT_SIZE = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
PAGE_WIDTH = "document.documentElement.scrollWidth"
SLOW = 20_000  # ms: generous, because CI machines run the suite on two workers


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


def test_a_member_on_a_phone_switches_on_large_font_on_their_profile(live_server, world, phone):
    user = world.users[Role.MEMBER]
    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", user.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)  # a member lands on 我的履职
    phone.goto(f"{live_server.url}/org/me/")
    expect(phone.locator("main").get_by_text(world.member.name, exact=True).first).to_be_visible()
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]  # nothing wider than the phone
    normal_size = phone.evaluate(ROOT_FONT_SIZE)

    toggle = phone.locator('[data-testid="large-font-toggle"]:visible')
    if toggle.count() == 0:  # at phone width the toggle sits in the collapsed navigation menu
        phone.locator(".navbar-toggler").click()
        # A click while Bootstrap's collapse is still sliding open can land on nothing: wait until it has opened.
        expect(phone.locator(".navbar-collapse.show")).to_be_visible(timeout=SLOW)
        expect(toggle.first).to_be_visible(timeout=SLOW)
    with phone.expect_navigation(timeout=SLOW):  # the toggle posts a form and comes back to this page
        toggle.first.click()

    expect(phone.locator("html")).to_have_class(re.compile(r"\blarge-font\b"), timeout=SLOW)
    expect(phone).to_have_url(re.compile(r"/org/me/$"))
    assert phone.evaluate(ROOT_FONT_SIZE) > normal_size  # the stylesheet loaded and enlarged the root font
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]
    user.refresh_from_db()
    assert user.large_font
