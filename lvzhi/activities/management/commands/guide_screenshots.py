"""Regenerate the user guide's screenshots (docs/screenshots/*.png) from the demo, in Debian's Chromium.

    python manage.py load_demo             # once, into a fresh database
    python manage.py guide_screenshots     # serves the site on a free local port and photographs each screen

Each screen is taken as the demo account of the role the guide describes, at phone width for members and desktop
width for staff, so the pictures always match the code. Needs Playwright (a development requirement).
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse
from django_scopes import scopes_disabled

from lvzhi.activities.models import Activity
from lvzhi.core.models import Committee
from lvzhi.org.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CITY, DISTRICT = "demo-city", "demo-district"


@dataclass(frozen=True)
class Shot:
    name: str  # the file, docs/screenshots/<name>.png, linked from docs/user-guide.md
    username: str  # a demo account (org/demo/committees.py)
    url_name: str
    phone: bool = False
    kwargs: str = ""  # "cross_level": the city's training that invites the district's members


SHOTS = (
    Shot("member-home", "weiyuan", "portal:member_home", phone=True),
    Shot("member-menu", "weiyuan", "activities:menu", phone=True),
    Shot("member-activities", "weiyuan", "activities:mine", phone=True),
    Shot("member-calendar", "weiyuan", "activities:calendar", phone=True),
    Shot("member-ledger", "weiyuan", "ledger:mine", phone=True),
    Shot("member-plan", "weiyuan", "planning:my_plan", phone=True),
    Shot("district-member-invited", "qu-weiyuan", "activities:mine", phone=True),
    Shot("staff-desk", "lianluo", "portal:staff_home"),
    Shot("manage-activities", "lianluo", "activities:manage_list"),
    Shot("manage-activity-form", "lianluo", "activities:manage_create"),
    Shot("manage-cross-level", "lianluo", "activities:manage_detail", kwargs="cross_level"),
    Shot("saved-audiences", "lianluo", "activities:audiences"),
    Shot("directory", "lianluo", "org:directory"),
    Shot("duty-review", "lianluo", "ledger:review"),
    Shot("calendar", "lianluo", "planning:calendar"),
    Shot("plans", "lianluo", "planning:plans"),
    Shot("statistics", "lianluo", "dashboard:activities"),
    Shot("committees-below", "admin", "org:committees"),
    Shot("organisation", "admin", "org:organisation"),
    Shot("users", "admin", "accounts:users"),
    Shot("activity-rules", "admin", "activities:settings"),
)


def _kwargs(shot: Shot) -> dict[str, Any]:
    if shot.kwargs != "cross_level":
        return {}
    with scopes_disabled():
        training = Activity.objects.filter(committee__code=CITY, audience_committees__code=DISTRICT).first()
    if training is None:
        raise CommandError("示范数据中没有跨层级邀请的活动，请在新数据库中重新运行 load_demo")
    return {"pk": training.pk}


class Command(BaseCommand):
    help = "用示范数据重新生成使用说明的截图（docs/screenshots/）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"))
        parser.add_argument("--only", nargs="*", default=None, help="只生成这些截图（文件名，不含 .png）")

    def handle(self, *args: Any, output: str, only: list[str] | None, **options: Any) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:  # a development requirement: production installs need not carry a browser driver
            raise CommandError("需要 Playwright：pip install -r requirements-dev.txt") from None
        if not Path(CHROMIUM).exists():
            raise CommandError(f"找不到 Chromium：{CHROMIUM}")
        if not Committee.objects.filter(code=CITY).exists():
            raise CommandError("数据库中没有示范数据，请先运行 python manage.py load_demo")
        shots = [s for s in SHOTS if only is None or s.name in only]
        unknown = set(only or ()) - {s.name for s in SHOTS}
        if unknown:
            raise CommandError("没有这些截图：" + "、".join(sorted(unknown)))
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        # Playwright's sync API runs an event loop in this thread; Django's ORM calls here stay synchronous.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        server = self._serve()
        try:
            base = f"http://{server.host}:{server.port}"
            # Plain http on the loopback: cookies marked secure for the deployed site would never come back.
            local = override_settings(
                ALLOWED_HOSTS=[server.host], SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False
            )
            with local, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    for shot in shots:
                        self._take(browser, base, shot, folder)
                finally:
                    browser.close()
        finally:
            server.terminate()
            for conn in server.connections_override.values():
                conn.dec_thread_sharing()
        self.stdout.write(self.style.SUCCESS(f"已生成 {len(shots)} 张截图：{folder}"))

    def _serve(self) -> LiveServerThread:
        """The site on a free local port, in a thread, on this command's database (as Django's live server)."""
        shared = {
            alias: conn
            for alias, conn in ((a, connections[a]) for a in connections)
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        for conn in shared.values():
            conn.inc_thread_sharing()  # an in-memory database (the tests') is one connection the server thread shares
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override=shared, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise CommandError(f"无法启动本地服务：{server.error}")
        return server

    def _take(self, browser: Any, base: str, shot: Shot, folder: Path) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            path = reverse(shot.url_name, kwargs=_kwargs(shot))
        except NoReverseMatch:
            raise CommandError(f"找不到页面：{shot.url_name}") from None
        viewport = PHONE if shot.phone else DESKTOP
        context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=shot.phone, has_touch=shot.phone)
        try:
            page = context.new_page()
            page.goto(f"{base}/login/")
            page.fill("input[name=username]", shot.username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("form button[type=submit]")
            try:
                page.wait_for_url(lambda url: "/login/" not in url, timeout=30_000)
            except PlaywrightError:
                raise CommandError(f"{shot.name}：示范账号 {shot.username} 无法登录") from None
            response = page.goto(f"{base}{path}")
            if response is None or response.status != 200:
                raise CommandError(f"{shot.name}：{path} 返回 {response.status if response else '无响应'}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(folder / f"{shot.name}.png"), full_page=True)
        finally:
            context.close()
        self.stdout.write(f"  {shot.name}.png  {shot.username}  {path}")
