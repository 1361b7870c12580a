"""Browser journey in real Chromium (issue 13): the administrator gives a station its organiser (联络站站长) on the
users screen at desktop width; the organiser starts an activity already in the station's name and for its members,
publishes it, and the station's member sees it on a phone. Every page is checked with axe-core."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from lvzhi.activities.models import Activity, Registration
from lvzhi.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.testing import PASSWORD, World, build_world, make_member

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms: CI machines run the suite on two workers
ORGANISER_PASSWORD = "Zhanzhang-2026-cd"


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


@pytest.fixture
def pages(monkeypatch):
    """The office at desktop width and the member on a phone, each page checked with axe-core at the end."""
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


def test_a_station_organiser_is_made_on_the_users_screen_and_runs_the_stations_activity(live_server, world, pages):
    office, phone = pages
    station = world.station
    make_member(world, "站外委员")  # not at the station: must not be invited

    # 1. The administrator creates the organiser's account, narrowed to the station.
    sign_in(office, live_server, world.users[Role.ADMIN].username)
    office.goto(f"{live_server.url}{reverse('accounts:user_create')}")
    office.fill("input[name=username]", "chengdong-zhan")
    office.fill("input[name=display_name]", "城东工作室站长")
    office.fill("input[name=password]", ORGANISER_PASSWORD)
    office.fill("input[name=password2]", ORGANISER_PASSWORD)
    office.check("input[name=roles][value=group_convenor]")
    office.select_option("select[name=station]", str(station.pk))
    office.get_by_role("button", name="创建").click()
    expect(office.locator("main")).to_contain_text(f"限定委员工作站点：{station.name}", timeout=SLOW)
    assert RoleAssignment.objects.get(user__username="chengdong-zhan").station_id == station.pk

    # 2. The organiser starts an activity: the station is already the organiser and the audience.
    sign_in(office, live_server, "chengdong-zhan", ORGANISER_PASSWORD)
    office.goto(f"{live_server.url}{reverse('activities:manage_create')}")
    expect(office.locator("select[name=organiser_station]")).to_have_value(str(station.pk))
    expect(office.locator(f"input[name=audience_stations][value='{station.pk}']")).to_be_checked()
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=4))
    office.fill("input[name=title]", "城东工作室接待日")
    office.select_option("select[name=kind]", "research")
    office.check("input[name=mode][value=invite]")
    office.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT%H:%M"))
    office.fill("input[name=ends_at]", (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    office.get_by_role("button", name="保存为草稿").click()
    office.get_by_test_id("confirm-publish").locator("summary").click()
    office.get_by_test_id("confirm-publish").get_by_test_id("confirm-button").click()
    expect(office.get_by_role("alert").first).to_contain_text("已完成", timeout=SLOW)
    activity = Activity.objects.get(title="城东工作室接待日")
    assert (activity.status, activity.organiser_station_id) == (Activity.Status.PUBLISHED, station.pk)
    assert list(Registration.objects.filter(activity=activity).values_list("member_id", flat=True)) == [world.member.pk]

    # 3. The station's member sees it on their phone, in the station's name.
    sign_in(phone, live_server, world.member.user.username)
    phone.goto(f"{live_server.url}{reverse('activities:mine')}")
    card = phone.locator("[data-testid=activity-card]", has_text="城东工作室接待日")
    expect(card).to_contain_text(station.name, timeout=SLOW)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
