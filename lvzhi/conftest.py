import copy
import shutil
import sqlite3
from collections.abc import Iterator
from uuid import uuid4

import pytest
from django.db import connection, connections, transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from lvzhi.testing import World, build_world
from lvzhi.testing_axe import DESKTOP, PHONE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # For the whole session, so module-scoped fixtures that create users hash as cheaply as tests do.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Per test: each test starts with an empty in-memory file store.
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A cache of its own per test: with REDIS_URL the configured cache is shared by every worker and outlives the
    # test, so counters (mailbox and sign-in limits) and cached menus would leak from one test into the next.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid4().hex}}
    settings.API_CHECK_TRUSTED = True
    # Background tasks run inside the test, as soon as they are enqueued (after commit, for notifications).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


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


@pytest.fixture(scope="module")
def shared_worlds(django_db_setup, django_db_blocker) -> Iterator[tuple[World, World]]:
    """`world` and `outsider` built once for a module of many small tests (the route and API sweeps), inside a
    transaction rolled back at the module's end, as Django's TestCase.setUpTestData does. Each test still runs in
    its own savepoint, so what it writes rolls back after it; take them through `shared_world`/`shared_outsider`."""
    with django_db_blocker.unblock(), transaction.atomic():
        worlds = build_world(), build_world(code="other", name="邻市政协")
        for each in worlds:
            each.keep_signed_in()
        yield worlds
        transaction.set_rollback(True)


@pytest.fixture
def shared_world(shared_worlds, db) -> World:
    """The module's `world`, its Python objects copied for this test alone (the database rolls back by itself)."""
    return copy.deepcopy(shared_worlds[0])


@pytest.fixture
def shared_outsider(shared_worlds, db) -> World:
    return copy.deepcopy(shared_worlds[1])


def _browser_page(monkeypatch, viewport: dict, **options):
    from playwright.sync_api import sync_playwright  # imported here: only browser tests need Playwright

    from lvzhi.testing_axe import AxeWatch

    # Playwright's sync API runs an event loop in this thread, which trips Django's guard against ORM
    # calls from async code; the test's own ORM calls stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # axe-core and Playwright's waits evaluate strings in the page, which the site's Content-Security-Policy
        # forbids; these journeys test behaviour and accessibility (core/tests/test_headers.py tests the policy).
        context = browser.new_context(viewport=viewport, locale="zh-CN", bypass_csp=True, **options)
        watch = AxeWatch(context)
        yield context.new_page()
        try:
            watch.finish()
        finally:
            browser.close()


@pytest.fixture
def phone(monkeypatch):
    """A phone-sized page (390×844) in Debian's chromium, for browser journeys against `live_server`; every page
    it opens is checked with axe-core at phone and desktop width when the test ends."""
    yield from _browser_page(monkeypatch, PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def desktop(monkeypatch):
    """A desktop page (1280×900) for staff journeys, checked with axe-core like `phone`."""
    yield from _browser_page(monkeypatch, DESKTOP)


@pytest.fixture
def file_db(world, transactional_db, tmp_path) -> Iterator[None]:
    """A database that threads (and other processes) can use, holding `world`: the test database itself on
    PostgreSQL; on SQLite a file copy of the in-memory test database (shared-cache memory databases fail concurrent
    writers at once with "table is locked" instead of waiting, so only a file shows how the deployed default
    behaves), with the settings' IMMEDIATE transactions, busy timeout and WAL. Threads must close their connection
    when done."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    path = str(tmp_path / "race.sqlite3")
    with sqlite3.connect(path) as target:
        memory.backup(target)
    target.close()
    memory_name = connection.settings_dict["NAME"]
    connection.connection = None  # keep the in-memory database alive (closing its last connection drops it)
    connection.settings_dict["NAME"] = connections.settings["default"]["NAME"] = path
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = connections.settings["default"]["NAME"] = memory_name
        connection.connection = memory


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed; browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
