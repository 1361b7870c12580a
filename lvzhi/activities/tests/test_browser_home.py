"""Browser check in real Chromium at phone width: a member signs in, lands on 我的履职 home, nothing is wider
than the phone, and the check-in button of the meeting about to start leads to its check-in page."""

import re

import pytest
from playwright.sync_api import expect

from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity, move_start
from lvzhi.conftest import PHONE
from lvzhi.core.capabilities import Role, capabilities_of
from lvzhi.core.registry import registry
from lvzhi.testing import PASSWORD, World, build_world

pytestmark = pytest.mark.browser

PAGE_WIDTH = "document.documentElement.scrollWidth"
SLOW = 20_000  # ms


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


def test_a_member_lands_on_home_and_taps_check_in(live_server, world, phone):
    meeting = move_start(make_activity(world, title="常委会议", mode=Activity.Mode.INVITE), starts_in_minutes=10)
    make_activity(world, title="可报名的调研")

    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", world.member.user.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)
    expect(phone.get_by_test_id("open-menu")).to_contain_text("1")
    # One tile per registered shortcut a member may use (apps add their own through core.registry).
    shortcuts = [s for s in registry.shortcuts if s.capability in (None, *capabilities_of({Role.MEMBER}))]
    expect(phone.get_by_test_id("home-tile")).to_have_count(len(shortcuts))
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]

    phone.get_by_test_id("home-checkin").click()
    expect(phone).to_have_url(re.compile(rf"/activities/{meeting.pk}/checkin/$"), timeout=SLOW)
