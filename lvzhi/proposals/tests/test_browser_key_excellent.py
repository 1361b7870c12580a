"""Browser journey in real Chromium at desktop width: the proposal office shortlists and nominates, records the
leaders' meeting's decision and names the supervising leaders; the leader records a supervision with its minutes
(from their home's tile) and scores the nomination; the office awards (axe-core checks every page it opens)."""

import os
import re

import pytest
from playwright.sync_api import expect

from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.proposals.models import Honour, SupervisionRecord
from lvzhi.proposals.tests.factories import replied
from lvzhi.testing import PASSWORD, PDF, World, build_world, today

pytestmark = pytest.mark.browser
SLOW = 20_000


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def _sign_in(page, url: str, user) -> None:
    user.set_password(PASSWORD)
    user.save()
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/desk/$"), timeout=SLOW)


def test_key_and_excellent_proposals_from_shortlist_to_supervision_and_award(live_server, world, desktop, tmp_path):
    item = replied(world, "A")
    office, leader = world.users[Role.PROPOSAL_OFFICE], world.users[Role.LEADER]
    leader.display_name = "王副主席"
    leader.save()
    desktop.on("dialog", lambda dialog: dialog.accept())

    _sign_in(desktop, live_server.url, office)
    desktop.goto(f"{live_server.url}/proposals/manage/{item.pk}/")
    for kind, reason in (("key", "事关民生"), ("excellent", "选题准确、成效显著")):
        form = desktop.get_by_test_id("mark-form")
        form.locator("select[name=kind]").select_option(kind)
        form.locator("input[name=reason]").fill(reason)
        form.get_by_role("button", name="提交候选").click()
        expect(desktop.locator(".alert-success")).to_be_visible(timeout=SLOW)
    assert not DutyRecord.objects.filter(kind=DutyKind.KEY_PROPOSAL).exists()

    desktop.goto(f"{live_server.url}/proposals/key/")
    candidates = desktop.get_by_test_id("key-candidates")
    candidates.locator("select").first.select_option("approve")
    candidates.locator("input[name=meeting]").fill("第5次主席会议")
    candidates.locator("input[name=held_on]").fill(str(today()))
    candidates.get_by_role("button", name="记录主席会议决定").click()
    expect(desktop.get_by_test_id("key-decided")).to_contain_text(item.title, timeout=SLOW)
    assert DutyRecord.objects.filter(kind=DutyKind.KEY_PROPOSAL).count() == 1

    desktop.get_by_test_id("key-decided").get_by_role("link", name=item.title).click()
    chooser = desktop.get_by_test_id("supervisors-form")
    chooser.get_by_label("王副主席").check()
    chooser.locator("input[name=names]").fill("市政府李副市长")
    chooser.get_by_role("button", name="保存督办领导").click()
    expect(desktop.get_by_test_id("supervisors")).to_contain_text("市政府李副市长", timeout=SLOW)

    desktop.goto(f"{live_server.url}/proposals/excellent/")
    desktop.get_by_test_id("nomination").locator("input[name=score]").fill("88")
    desktop.get_by_test_id("nomination").get_by_role("button", name="评分").click()
    expect(desktop.get_by_test_id("mean")).to_have_text("88.0", timeout=SLOW)

    # The leader's home shows the key proposal not yet supervised and the nomination waiting for their score.
    _sign_in(desktop, live_server.url, leader)
    home = desktop.get_by_test_id("tile-leader-proposals")
    expect(home.get_by_test_id("tile-key")).to_contain_text("尚无督办记录", timeout=SLOW)
    expect(home.get_by_test_id("tile-unscored")).to_contain_text(item.title)
    home.get_by_test_id("tile-key").get_by_role("link", name=item.title).click()
    form = desktop.get_by_test_id("record-form")
    form.get_by_label("督办形式").select_option("survey")
    form.get_by_label("日期").fill(str(today()))
    form.get_by_label("地点").fill("城东老旧小区")
    form.get_by_label("参加人员").fill("王副主席、市住建局")
    form.get_by_label("督办情况").fill("实地调研加装电梯进展，要求年底前完成试点。")
    minutes = tmp_path / "调研纪要.pdf"
    minutes.write_bytes(PDF)
    form.get_by_label("附件（可选：会议纪要、照片）").set_input_files(str(minutes))
    form.get_by_role("button", name="保存督办记录").click()
    expect(desktop.get_by_test_id("supervision-record")).to_contain_text("城东老旧小区", timeout=SLOW)
    expect(desktop.get_by_test_id("supervision-record")).to_contain_text("调研纪要.pdf")
    assert SupervisionRecord.objects.get().created_by == leader
    desktop.screenshot(path=os.environ.get("LVZHI_SCREENSHOT", "/tmp/key-proposal-leader.png"), full_page=True)

    desktop.goto(f"{live_server.url}/proposals/excellent/")
    desktop.get_by_test_id("nomination").locator("input[name=score]").fill("80")
    desktop.get_by_test_id("nomination").get_by_role("button", name="评分").click()
    expect(desktop.get_by_test_id("mean")).to_have_text("84.0", timeout=SLOW)
    desktop.goto(f"{live_server.url}/desk/")
    expect(desktop.get_by_test_id("tile-key")).to_contain_text(f"最近督办 {today():%Y-%m-%d}", timeout=SLOW)
    expect(desktop.get_by_test_id("tile-unscored")).to_have_count(0)

    _sign_in(desktop, live_server.url, office)
    desktop.goto(f"{live_server.url}/proposals/excellent/")
    expect(desktop.locator("input[name=honour_ids]")).to_be_checked()
    desktop.locator("input[name=meeting]").fill("第9次主席会议")
    desktop.locator("input[name=held_on]").fill(str(today()))
    desktop.get_by_role("button", name="评定", exact=True).click()
    expect(desktop.get_by_test_id("excellent-closed")).to_be_visible(timeout=SLOW)
    assert Honour.objects.get(kind="excellent").status == "approved"
    assert DutyRecord.objects.filter(kind=DutyKind.EXCELLENT_PROPOSAL).count() == 1
