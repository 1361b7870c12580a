"""Browser check in real Chromium at phone width: a leader opens the 履职工作看板, the target cards and the three
ECharts charts (vendored, SVG) render, nothing is wider than the phone, and axe finds no violation."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from lvzhi.conftest import PHONE
from lvzhi.core.capabilities import Role
from lvzhi.dashboard.tests.test_activity_stats import held
from lvzhi.ledger.taxonomy import ActivityKind as K
from lvzhi.testing import PASSWORD, World, build_world, make_member, make_user

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


def test_a_leader_reads_the_dashboard_on_a_phone(live_server, world, phone):
    wang = make_member(world, "王芳")
    year = datetime.date.today().year
    held(
        world,
        K.STUDY,
        [world.member, wang],
        checked_in=[world.member],
        group=world.group,
        day=datetime.date(year, 1, 5),
    )
    leader = make_user(world.committee, Role.LEADER, username="leader")

    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", leader.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).not_to_have_url(re.compile(r"/login/"), timeout=SLOW)
    phone.goto(f"{live_server.url}/stats/leaders/?year={year}")
    expect(phone.locator("[data-target]")).to_have_count(8)
    expect(phone.locator("[data-target=study_sessions]")).to_contain_text("1")
    for source in ("chart-bands", "chart-buckets", "chart-groups"):
        expect(phone.locator(f".lz-chart[data-source={source}] svg")).to_have_count(1, timeout=SLOW)
    expect(phone.locator(".lz-chart[data-source=chart-groups] svg")).to_contain_text("经济界活动组")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
