"""Rows rendered as Jinja2 fragments keep working when htmx swaps them (issue 7): a member on a phone marks messages
read one after another, staff confirm a self-report in the review queue. Every form in a fragment carries the
page's one CSRF token, so a second post after a swap must still be accepted."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from lvzhi.core import notify
from lvzhi.core.capabilities import Role
from lvzhi.ledger.services import self_report_duty
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.testing import PASSWORD, World, build_world

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def sign_in(page: Page, base: str, username: str, home: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page).to_have_url(re.compile(home), timeout=SLOW)


def test_a_member_marks_two_messages_read_in_place(live_server, world, phone):
    for title in ("会议通知一", "会议通知二"):
        notify.notify(committee=world.committee, recipients=[world.member.user], kind="test", title=title, email=False)
    sign_in(phone, live_server.url, world.member.user.username, r"/me/$")
    phone.goto(f"{live_server.url}/inbox/")
    unread = phone.locator("[data-testid=message][data-unread]")
    expect(unread).to_have_count(2)
    unread.first.get_by_test_id("mark-read").click()
    expect(unread).to_have_count(1, timeout=SLOW)
    unread.first.get_by_test_id("mark-read").click()
    expect(unread).to_have_count(0, timeout=SLOW)
    expect(phone.get_by_test_id("message")).to_have_count(2)


def test_staff_confirm_a_self_report_in_the_queue(live_server, world, desktop):
    self_report_duty(
        member=world.member,
        kind=DutyKind.PUBLIC_SERVICE,
        title="社区义诊",
        event_date=datetime.date.today(),
        evidence="照片",
        actor=world.member.user,
    )
    sign_in(desktop, live_server.url, world.users[Role.MEMBER_AFFAIRS].username, r"/desk/$")
    desktop.goto(f"{live_server.url}/ledger/review/")
    row = desktop.get_by_test_id("duty-record").filter(has_text="社区义诊")
    row.locator("input[name=note]").fill("材料齐全")
    row.get_by_test_id("confirm-duty").click()
    expect(desktop.locator(".lz-duty .alert-success")).to_be_visible(timeout=SLOW)
    expect(desktop.get_by_test_id("duty-status")).to_have_text("已确认")
