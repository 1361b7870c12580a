"""Browser journey in real Chromium (issue 13): the city office invites a district's members to a city activity at
desktop width, a district member confirms at phone width in their own committee, the office closes attendance, and
the member's own ledger shows the row. Both pages are checked with axe-core."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.tests import browser
from lvzhi.activities.tests.browser import SLOW, sign_in
from lvzhi.activities.tests.factories import move_start
from lvzhi.conftest import PHONE
from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.testing import World, build_world

pytestmark = pytest.mark.browser

# The journeys' shared fixtures, under the names the tests ask for.
world, pages = browser.world, browser.pages


@pytest.fixture
def district(world) -> World:
    below = build_world(code="district", name="示范区政协")
    below.committee.parent = world.committee
    below.committee.save(update_fields=["parent"])
    return below


def test_a_city_invites_a_districts_members_and_their_ledger_shows_it(live_server, world, district, pages):
    office, phone = pages
    staff = world.users[Role.MEMBER_AFFAIRS]

    # 1. The city office creates the activity for every member of the district below it, and publishes it.
    sign_in(office, live_server, staff.username)
    office.goto(f"{live_server.url}{reverse('activities:manage_create')}")
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=3))
    office.fill("input[name=title]", "全市委员履职培训")
    office.select_option("select[name=kind]", "study")
    office.check("input[name=mode][value=invite]")
    office.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT%H:%M"))
    office.fill("input[name=ends_at]", (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    office.get_by_label("示范区政协").check()
    office.get_by_role("button", name="保存为草稿").click()
    expect(office.get_by_test_id("audience-committees")).to_contain_text("示范区政协", timeout=SLOW)
    office.get_by_test_id("confirm-publish").locator("summary").click()
    office.get_by_test_id("confirm-publish").get_by_test_id("confirm-button").click()
    expect(office.get_by_role("alert").first).to_contain_text("已完成", timeout=SLOW)
    activity = Activity.objects.get(title="全市委员履职培训")
    assert activity.status == Activity.Status.PUBLISHED

    # 2. The district member, on a phone in their own committee, sees whose activity it is and confirms.
    sign_in(phone, live_server, district.member.user.username)
    phone.goto(f"{live_server.url}{reverse('activities:mine')}")
    card = phone.locator("[data-testid=activity-card]", has_text="全市委员履职培训")
    expect(card).to_contain_text("示范市政协")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card.get_by_test_id("sign-up").click()
    expect(card.get_by_test_id("my-status")).to_have_text("确认参加", timeout=SLOW)
    registration = Registration.objects.get(activity=activity, member=district.member)
    assert (registration.status, registration.committee_id) == (Registration.Status.CONFIRMED, world.committee.pk)

    # 3. The day comes; the office marks them present and closes attendance.
    move_start(activity, starts_in_minutes=-90)
    services.set_attendance(registration, attendance="present", actor=staff)
    office.goto(f"{live_server.url}{reverse('activities:manage_detail', args=[activity.pk])}")
    office.get_by_test_id("close-confirm").locator("summary").click()
    office.get_by_test_id("close-confirm").get_by_test_id("confirm-button").click()
    expect(office.get_by_role("alert").first).to_contain_text("已完成", timeout=SLOW)

    # 4. The row is in the district's ledger, and the member sees it on their phone.
    row = DutyRecord.objects.get(member=district.member)
    assert (row.committee_id, row.role, row.source_id) == (district.committee.pk, "present", activity.pk)
    phone.goto(f"{live_server.url}{reverse('ledger:mine')}")
    expect(phone.locator("main")).to_contain_text("全市委员履职培训", timeout=SLOW)
    expect(phone.locator("main")).to_contain_text("出席")
