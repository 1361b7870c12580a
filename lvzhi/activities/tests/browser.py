"""What the activities' browser journeys share: an office at desktop width and a member on a phone in one Chromium,
each page checked with axe-core, and signing in."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from lvzhi.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from lvzhi.testing import PASSWORD, World, build_world

SLOW = 20_000  # ms: CI machines run the suite on two workers


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


@pytest.fixture
def pages(monkeypatch) -> Iterator[tuple[Page, Page]]:
    """The office at desktop width and the member on a phone: two contexts of one Chromium (Playwright's sync API
    runs one instance per thread), each page checked with axe-core when the test ends."""
    from playwright.sync_api import sync_playwright

    from lvzhi.testing_axe import AxeWatch

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        office = browser.new_context(viewport=DESKTOP, locale="zh-CN", bypass_csp=True)
        phone = browser.new_context(viewport=PHONE, locale="zh-CN", bypass_csp=True, is_mobile=True, has_touch=True)
        watches = [AxeWatch(office), AxeWatch(phone)]
        yield office.new_page(), phone.new_page()
        try:
            for watch in watches:
                watch.finish()
        finally:
            browser.close()


def sign_in(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login/"), timeout=SLOW)
