"""Browser journey in real Chromium at phone width: a citizen writes to a member's mailbox without an account,
the member answers, and the citizen reads the answer through the private link and rates it."""

import os
import re

import pytest
from playwright.sync_api import expect

from lvzhi.conftest import PHONE
from lvzhi.liaison import services
from lvzhi.liaison.models import Letter
from lvzhi.testing import PASSWORD, World, build_world

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms: CI runs the suite on two workers


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


def test_a_citizen_writes_the_member_answers_the_citizen_reads(live_server, world, phone):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    mailbox = services.mailbox_for(world.member)

    # The citizen scans the code: no account, a phone.
    phone.goto(f"{live_server.url}/liaison/box/{mailbox.key}/")
    expect(phone.get_by_test_id("mailbox-title")).to_contain_text("李明")
    phone.select_option("select[name=kind]", "help")
    phone.fill("input[name=title]", "小区门口积水")
    phone.fill("textarea[name=content]", "每逢下雨小区门口就积水，老人孩子出入困难。")
    phone.fill("input[name=phone]", "13900005555")
    phone.get_by_test_id("send-letter").click()
    expect(phone).to_have_url(re.compile(r"/liaison/letter/[\w-]+/$"), timeout=SLOW)
    expect(phone.get_by_test_id("letter-title")).to_have_text("小区门口积水")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    private_link = phone.url
    letter = Letter.objects.get(title="小区门口积水")
    assert letter.assignee_id == world.member.pk

    # The member signs in and answers.
    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", world.member.user.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)
    phone.get_by_test_id("letters-to-answer").get_by_role("link", name=re.compile("小区门口积水")).click()
    phone.fill("textarea[name=answer-answer]", "已联系街道排水所，本周内疏通。")
    phone.get_by_test_id("submit-answer").click()
    expect(phone.get_by_test_id("letter-status")).to_have_text("已回复", timeout=SLOW)
    phone.context.clear_cookies()

    # The citizen opens the private link again, reads the answer and rates it.
    phone.goto(private_link)
    expect(phone.get_by_test_id("letter-answer")).to_have_text("已联系街道排水所，本周内疏通。")
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_test_id("rate-letter").click()
    expect(phone.get_by_test_id("letter-status")).to_have_text("已评价", timeout=SLOW)
    letter.refresh_from_db()
    assert letter.rating == Letter.Rating.SATISFIED
