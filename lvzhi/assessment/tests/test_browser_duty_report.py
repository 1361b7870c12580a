"""Browser journey in real Chromium at phone width: a member writes their duty report from the pre-filled draft,
submits it, and finds it in their archive; staff review it and record it at a 述职会. Every page passes axe-core."""

import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lvzhi.assessment.models import DutyReport
from lvzhi.assessment.services import reports as services
from lvzhi.assessment.tests.test_archive import add
from lvzhi.conftest import PHONE
from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.testing import PASSWORD, World, build_world, make_activity

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms: generous, because CI machines run the suite on two workers


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_member_writes_and_submits_the_duty_report_on_a_phone(live_server, world, phone, tmp_path):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    year = timezone.localdate().year
    add(world, world.member, ("proposal", "first_proposer", "关于完善城市停车设施的提案", 1), year=year)

    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", world.member.user.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)

    phone.goto(f"{live_server.url}/assessment/archive/reports/")
    phone.get_by_test_id("start-report").first.click()
    expect(phone.get_by_label("履职成效")).to_contain_text("《关于完善城市停车设施的提案》", timeout=SLOW)
    fits_the_phone(phone)
    phone.get_by_label("本职工作").fill("立足岗位，完成年度工作任务。")
    phone.get_by_test_id("submit-report").click()
    expect(phone.get_by_test_id("report-status")).to_have_text("已提交", timeout=SLOW)
    report = DutyReport.objects.get(member=world.member, year=year)
    assert DutyRecord.objects.filter(source_type="assessment.dutyreport", source_id=report.pk).exists()

    phone.goto(f"{live_server.url}/assessment/archive/me/?year={year}")
    expect(phone.get_by_test_id("archive-report")).to_contain_text("立足岗位", timeout=SLOW)
    expect(phone.get_by_test_id("archive-line").first).to_be_visible()
    fits_the_phone(phone)
    phone.screenshot(path=str(tmp_path / "archive.png"), full_page=True)
    os.environ.setdefault("ARCHIVE_SHOT", str(tmp_path / "archive.png"))


def test_staff_review_a_report_and_record_it_at_a_duty_report_meeting(live_server, world, desktop):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    year = timezone.localdate().year
    report = services.start_report(world.member, year=year, kind="member_yearly", actor=world.member.user)
    services.submit_report(report, actor=world.member.user, data={"achievements": "全年认真履职。"})
    meeting = make_activity(world, kind="duty_report_meeting", title=f"{year}年度委员述职会")
    staff = world.users[Role.MEMBER_AFFAIRS]

    desktop.goto(f"{live_server.url}/login/")
    desktop.fill("input[name=username]", staff.username)
    desktop.fill("input[name=password]", PASSWORD)
    desktop.click("form button[type=submit]")
    desktop.wait_for_url(re.compile(r"/desk/$"), timeout=SLOW)

    desktop.goto(f"{live_server.url}/assessment/archive/reports/desk/")
    desktop.get_by_test_id("desk-report").get_by_role("link", name="李明").click()
    desktop.get_by_label("审阅意见（退回时必填）").fill("内容详实")
    desktop.get_by_test_id("review-report").click()
    expect(desktop.get_by_test_id("report-status")).to_have_text("已审阅", timeout=SLOW)

    desktop.goto(f"{live_server.url}/assessment/archive/reports/desk/")
    desktop.get_by_test_id("meeting-link").click()
    desktop.get_by_test_id("link-report").click()
    expect(desktop.get_by_test_id("meeting-report")).to_contain_text("李明", timeout=SLOW)
    report.refresh_from_db()
    assert (report.meeting_id, report.oral) == (meeting.pk, True)
