"""Browser journey in real Chromium (issue 13): the administrator gives a station its organiser (联络站站长) on the
users screen at desktop width; the organiser starts an activity already in the station's name and for its members,
publishes it, and the station's member sees it on a phone. Every page is checked with axe-core."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.tests import browser
from lvzhi.activities.tests.browser import SLOW, sign_in
from lvzhi.conftest import PHONE
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.testing import make_member

pytestmark = pytest.mark.browser

# The journeys' shared fixtures, under the names the tests ask for.
world, pages = browser.world, browser.pages

ORGANISER_PASSWORD = "Zhanzhang-2026-cd"


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
