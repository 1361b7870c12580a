"""Browser journey in real Chromium: a member opens their frozen score at phone width (390 px), disputes a line with
a reason and evidence, and the office resolves it on a desktop; the member's score changes."""

import re

import pytest
from playwright.sync_api import expect

from lvzhi.assessment.models import LineCheck, Score
from lvzhi.assessment.tests.cycle_factories import THREE_ONES, YEAR, lines, year_in
from lvzhi.core.capabilities import Role
from lvzhi.testing import PASSWORD, World, build_world
from lvzhi.testing_axe import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PAGE_WIDTH = "document.documentElement.scrollWidth"
SLOW = 20_000  # ms: generous, because CI machines run the suite on two workers
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login/"), timeout=SLOW)


def test_a_member_disputes_a_line_on_the_phone_and_the_office_corrects_it(live_server, world, phone, tmp_path):
    rows = lines(world, world.member, *THREE_ONES, ("plenary", "absent"))
    assessment = year_in(world, "checking")
    absent = next(r for r in rows if r.role == "absent")

    # The member: from the home's call to check, to the year's lines with their points and the frozen score.
    sign_in(phone, live_server.url, world.member.user.username)
    phone.locator('[data-testid="check-my-year"]').click()
    expect(phone.locator('[data-testid="my-score"]')).to_have_text("45.00", timeout=SLOW)
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]
    line = phone.locator(f'[data-testid="line-{absent.pk}"]')
    expect(line).to_contain_text("-10")
    phone.locator(f'[data-testid="dispute-{absent.pk}"]').click()
    phone.fill("textarea[name=reason]", "当天下午我在会场，签到表可证")
    evidence = tmp_path / "签到表.pdf"
    evidence.write_bytes(PDF)
    phone.set_input_files("input[name=evidence_file]", str(evidence))
    phone.locator('[data-testid="submit-dispute"]').click()
    expect(phone.locator(f'[data-testid="line-{absent.pk}"]')).to_contain_text("异议待复核", timeout=SLOW)
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]
    check = LineCheck.objects.get(record=absent)

    # The office on a desktop: the queue, the evidence, the correction.
    context = phone.context.browser.new_context(viewport=DESKTOP, locale="zh-CN", bypass_csp=True)
    desk = context.new_page()
    sign_in(desk, live_server.url, world.users[Role.MEMBER_AFFAIRS].username)
    desk.goto(f"{live_server.url}/assessment/cycle/{YEAR}/")
    desk.locator('[data-testid="dispute-queue"]').click()
    desk.locator(f'[data-testid="dispute-{check.pk}"]').click()
    expect(desk.get_by_text("签到表可证")).to_be_visible(timeout=SLOW)
    desk.get_by_label("更正：改记为下列记录").check()
    desk.fill("textarea[name=note]", "经核签到表，应为出席")
    desk.select_option("select[name=kind]", "plenary")
    desk.select_option("select[name=role]", "present")
    desk.locator('[data-testid="resolve"]').click()
    expect(desk.get_by_text("已复核")).to_be_visible(timeout=SLOW)
    context.close()

    # The member sees the corrected line and the new score.
    phone.reload()
    expect(phone.locator('[data-testid="my-score"]')).to_have_text("70.00", timeout=SLOW)
    expect(phone.locator(f'[data-testid="line-{absent.pk}"]')).to_contain_text("已更正")
    assert Score.objects.get(assessment=assessment, member=world.member).score == 70
