"""Security headers: a Content-Security-Policy the pages satisfy (no inline script anywhere), HSTS from the
environment, and API answers no cache may keep."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lvzhi.conftest import CHROMIUM, CHROMIUM_ARGS
from lvzhi.core.capabilities import Role
from lvzhi.testing import PASSWORD, World, build_world, make_activity

TEMPLATES = sorted(Path(settings.BASE_DIR, "lvzhi").rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def test_every_page_answers_with_the_policy(world):
    policy = world.client(Role.MEMBER_AFFAIRS).get(reverse("portal:staff_home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "Content-Security-Policy" in Client().get(reverse("login")).headers


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_script_or_event_handlers(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "move the script into a static file"
    assert not INLINE_HANDLER.search(text), "declare the behaviour with a data attribute handled in lvzhi.js"


def test_hsts_comes_from_the_environment(world, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    secure = Client().get(reverse("login"), secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    settings.SECURE_HSTS_SECONDS = 0
    assert "Strict-Transport-Security" not in Client().get(reverse("login"), secure=True).headers


def test_hsts_seconds_are_read_from_the_environment(monkeypatch):
    import importlib

    import lvzhi.settings as module

    monkeypatch.setenv("SECURE_HSTS_SECONDS", "600")
    try:
        assert importlib.reload(module).SECURE_HSTS_SECONDS == 600
    finally:
        monkeypatch.delenv("SECURE_HSTS_SECONDS")
        importlib.reload(module)


def test_personal_api_answers_are_private_and_not_stored(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    for url in ("/api/v1/me", f"/api/v1/members/{world.member.pk}", "/api/v1/members"):
        response = client.get(url)
        assert response.status_code == 200
        assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}, url
    assert "no-store" in Client().get("/api/v1/me")["Cache-Control"]


# In a browser ------------------------------------------------------------------------------------


@pytest.fixture
def live_world(transactional_db) -> World:
    world = build_world()
    make_activity(world)
    return world


STAFF_PAGES = [
    "portal:staff_home",
    "org:directory",
    "org:organisation",
    "activities:manage_list",
    "dashboard:activities",
]
MEMBER_PAGES = ["portal:member_home", "activities:calendar", "org:my_profile", "ledger:mine", "account"]


@pytest.mark.browser
def test_pages_raise_no_policy_violation_in_chromium(live_server, live_world, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's event loop shares this thread
    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role, pages in ((Role.MEMBER_AFFAIRS, STAFF_PAGES), (Role.MEMBER, MEMBER_PAGES)):
            page = browser.new_page(locale="zh-CN")
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(f"{live_server.url}/login/")
            page.fill("input[name=username]", live_world.users[role].username)
            page.fill("input[name=password]", PASSWORD)
            page.click("form button[type=submit]")
            page.wait_for_load_state("networkidle")
            for name in pages:
                page.goto(f"{live_server.url}{reverse(name)}")
                page.wait_for_load_state("networkidle")
                assert page.evaluate("typeof htmx") == "object", name  # our static scripts ran
            page.close()
        page = browser.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".swagger-ui .info")
        browser.close()
    assert violations == []
