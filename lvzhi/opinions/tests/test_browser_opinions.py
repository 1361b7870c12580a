"""Browser journey in real Chromium: a member sends a report from their phone, the information office edits it
at a desk (the author's text kept as revision 1) and records its adoption, and the member sees the adoption."""

import re

import pytest
from playwright.sync_api import expect

from lvzhi.conftest import PHONE
from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.opinions.models import Adoption, Opinion, Revision
from lvzhi.testing import PASSWORD, World, build_world
from lvzhi.testing_axe import DESKTOP

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms: CI runs the suite on two workers
CONTENT = (
    "城区多个老旧小区没有充电设施，电动自行车飞线充电、楼道停放现象普遍，存在较大火灾隐患。"
    "建议由街道牵头，利用小区闲置空间集中建设充电棚，并给予建设补贴。"
)
EDITED = CONTENT + "同时建议将充电设施纳入老旧小区改造必改项目。"


def _sign_in(page, url: str, username: str, landing: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page).to_have_url(re.compile(landing), timeout=SLOW)


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


def test_a_member_submits_on_a_phone_the_office_edits_and_adopts(live_server, world, phone):
    url = live_server.url

    # The member, on a phone: from 我的履职's grid of services to the form, and sends one matter.
    _sign_in(phone, url, world.member.user.username, r"/me/$")
    phone.get_by_role("link", name="报送社情民意").first.click()
    phone.fill("input[name=title]", "关于老旧小区电动自行车充电难的建议")
    phone.select_option("select[name=category]", "society")
    phone.fill("textarea[name=content]", CONTENT)
    phone.get_by_role("button", name="报送").click()
    expect(phone).to_have_url(re.compile(r"/opinions/mine/\d+/$"), timeout=SLOW)
    expect(phone.get_by_test_id("opinion-status")).to_have_text("待审查")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    report = Opinion.objects.get(title="关于老旧小区电动自行车充电难的建议")
    assert (report.author_member, report.source) == (world.member, Opinion.Source.MEMBER)

    # The information office, at a desk: from its tile to the report, edits it and records an adoption.
    phone.set_viewport_size(DESKTOP)
    _sign_in(phone, url, world.users[Role.INFORMATION_OFFICE].username, r"/desk/$")
    phone.get_by_test_id("opinions-office").get_by_role("link", name=re.compile("待审查 1 篇")).click()
    phone.get_by_role("link", name="关于老旧小区电动自行车充电难的建议").click()
    edit = phone.get_by_test_id("edit-form")
    edit.locator("textarea[name=content]").fill(EDITED)
    edit.locator("input[name=note]").fill("补充改造建议")
    edit.get_by_role("button", name="保存编辑稿").click()
    expect(phone.get_by_test_id("opinion-status")).to_have_text("已编辑", timeout=SLOW)
    phone.get_by_text("登记采用", exact=True).first.click()
    adopt = phone.get_by_test_id("adopt-form")
    adopt.locator("select[name=level]").select_option("province")
    adopt.locator("input[name=issue]").fill("省政协《社情民意》第8期")
    adopt.get_by_role("button", name="登记采用").click()
    expect(phone.get_by_test_id("adoption")).to_contain_text("省政协《社情民意》第8期", timeout=SLOW)

    revisions = list(Revision.objects.filter(opinion=report).order_by("number").values_list("content", "by_author"))
    assert revisions == [(CONTENT, True), (EDITED, False)]
    adoption = Adoption.objects.get(opinion=report)
    assert adoption.level == "province"
    row = DutyRecord.objects.get(source_type="opinions.adoption", source_id=adoption.pk)
    assert (row.member, row.role) == (world.member, "adopted_province")

    # The member, on the phone again, sees the adoption on their report.
    phone.set_viewport_size(PHONE)
    _sign_in(phone, url, world.member.user.username, r"/me/$")
    phone.get_by_test_id("opinions-mine").get_by_role("link", name=re.compile("采用 1")).click()
    expect(phone.get_by_test_id("adoption")).to_contain_text("省级")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
