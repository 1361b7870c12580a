"""Browser journey in real Chromium at phone width: a member reads a notice, completes a study assignment with
its quiz, and posts a contribution to an open topic."""

import os
import re

import pytest
from playwright.sync_api import Page, expect

from lvzhi.conftest import PHONE
from lvzhi.ledger.models import DutyRecord
from lvzhi.notices.models import Contribution, NoticeRecipient
from lvzhi.notices.tests.factories import make_assignment, make_notice, make_topic
from lvzhi.testing import PASSWORD, World, build_world

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms: generous, because CI machines run the suite on two workers


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_member_reads_studies_and_contributes_on_a_phone(live_server, world, phone):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    notice = make_notice(world, title="关于召开常委会议的通知", content="会议定于周四上午九时召开。")
    assignment = make_assignment(world, pass_mark=100)
    topic = make_topic(world)

    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", world.member.user.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)

    # 1. The unread tile leads to the notice; opening it is reading it.
    phone.get_by_test_id("notices-unread").click()
    phone.get_by_role("link", name=notice.title).click()
    expect(phone.get_by_test_id("notice-content")).to_contain_text("周四上午九时", timeout=SLOW)
    fits_the_phone(phone)
    assert NoticeRecipient.objects.get(notice=notice).read_at is not None

    # 2. The study tile leads to the assignment: study, then answer the quiz right.
    phone.goto(f"{live_server.url}/me/")
    phone.get_by_test_id("study-pending").get_by_role("link", name=assignment.title).click()
    phone.get_by_role("button", name="我已学习以上资料").click()
    phone.get_by_label("专门协商机构").check()
    phone.get_by_label("政治协商").check()
    phone.get_by_label("民主监督").check()
    fits_the_phone(phone)
    phone.get_by_role("button", name="提交答卷").click()
    expect(phone.get_by_test_id("study-done")).to_contain_text("已记入履职档案", timeout=SLOW)
    assert DutyRecord.objects.filter(member=world.member, kind="study", source_id=assignment.pk).exists()

    # 3. The open topic: post a contribution.
    phone.goto(f"{live_server.url}/notices/topics/")
    phone.get_by_role("link", name=topic.title).click()
    phone.get_by_label("我的建言").fill("建议分批改造，先易后难。")
    phone.get_by_role("button", name="发表建言").click()
    expect(phone.get_by_test_id("thread")).to_contain_text("先易后难", timeout=SLOW)
    fits_the_phone(phone)
    assert Contribution.objects.get(topic=topic).member == world.member
