"""Browser journey in real Chromium at desktop width: the proposal office shortlists a key proposal, chases an overdue
unit, and reads the statistics with their ECharts charts drawn (axe-core checks every page it opens)."""

import datetime
import os
import re

import pytest
from playwright.sync_api import expect

from lvzhi.core.capabilities import Role
from lvzhi.proposals.models import Assignment, Honour
from lvzhi.proposals.tests.factories import assigned, replied
from lvzhi.testing import PASSWORD, World, build_world, today

pytestmark = pytest.mark.browser
SLOW = 20_000


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def test_the_office_shortlists_chases_and_reads_the_statistics(live_server, world, desktop):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    done = replied(world, "A")
    late, _assignment = assigned(world)
    Assignment.objects.filter(proposal=late).update(due_date=today() - datetime.timedelta(days=3))
    clerk = world.users[Role.PROPOSAL_OFFICE]
    clerk.set_password(PASSWORD)
    clerk.save()

    desktop.goto(f"{live_server.url}/login/")
    desktop.fill("input[name=username]", clerk.username)
    desktop.fill("input[name=password]", PASSWORD)
    desktop.click("form button[type=submit]")
    expect(desktop).to_have_url(re.compile(r"/desk/$"), timeout=SLOW)

    desktop.goto(f"{live_server.url}/proposals/manage/{done.pk}/")
    form = desktop.get_by_test_id("mark-form")
    form.locator("select[name=kind]").select_option("key")
    form.locator("input[name=reason]").fill("事关民生")
    form.get_by_role("button", name="提交候选").click()
    expect(desktop.get_by_test_id("honours")).to_contain_text("遴选候选", timeout=SLOW)
    assert Honour.objects.get().status == "candidate"

    desktop.goto(f"{live_server.url}/proposals/manage/overdue/")
    row = desktop.get_by_test_id("overdue-replies")
    expect(row).to_contain_text(late.title)
    row.get_by_role("button", name="催办").click()
    expect(desktop.locator(".alert-success")).to_contain_text("已催办", timeout=SLOW)
    assert late.events.filter(action="chase").exists()

    desktop.goto(f"{live_server.url}/proposals/stats/")
    expect(desktop.locator("#stat-received")).to_have_text("2")
    expect(desktop.locator("#chart-flow svg")).to_have_count(1, timeout=SLOW)
    expect(desktop.locator("#chart-grades svg")).to_have_count(1, timeout=SLOW)
    desktop.screenshot(path=os.environ.get("LVZHI_SCREENSHOT", "/tmp/proposal-stats.png"), full_page=True)
