import shutil

import pytest
from django_scopes import scopes_disabled

from lvzhi.testing import World, build_world

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_scope():
    # Tests build data outside any request; requests still run inside their own committee scope.
    with scopes_disabled():
        yield


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def outsider(db) -> World:
    """Another committee with its own users: everything of `world` must be invisible to it."""
    return build_world(code="other", name="邻市政协")


@pytest.fixture
def phone(monkeypatch):
    """A phone-sized page (390×844) in Debian's chromium, for browser journeys against `live_server`."""
    from playwright.sync_api import sync_playwright  # imported here: only browser tests need Playwright

    # Playwright's sync API runs an event loop in this thread, which trips Django's guard against ORM
    # calls from async code; the test's own ORM calls stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
        yield context.new_page()
        browser.close()


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed; browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
