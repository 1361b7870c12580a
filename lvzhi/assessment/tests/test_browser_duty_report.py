"""Browser journey in real Chromium at phone width: a member writes their duty report from the pre-filled draft,
submits it, and finds it in their archive; the pages fit the phone and pass axe-core."""

import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lvzhi.assessment.models import DutyReport
from lvzhi.assessment.tests.test_archive import add
from lvzhi.conftest import PHONE
from lvzhi.ledger.models import DutyRecord
from lvzhi.testing import PASSWORD, World, build_world

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
