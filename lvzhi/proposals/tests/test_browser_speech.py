"""Browser journey in real Chromium at phone width: a member submits a plenary speech and sees it waiting for the
office's selection (axe-core checks the page)."""

import os
import re

import pytest
from playwright.sync_api import expect

from lvzhi.org.models import Session
from lvzhi.proposals.models import Speech
from lvzhi.testing import PASSWORD, World, build_world, today

pytestmark = pytest.mark.browser
SLOW = 20_000


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def test_a_member_submits_a_plenary_speech_on_a_phone(live_server, world, phone):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    Session.objects.create(committee=world.committee, term=world.term, number=5, year=today().year)
    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", world.member.user.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)

    phone.goto(f"{live_server.url}/proposals/speeches/")
    form = phone.get_by_test_id("speech-form")
    form.get_by_label("题目").fill("关于发展银发经济的发言")
    form.get_by_label("发言稿").fill("银发经济潜力大。建议完善养老服务标准，培育适老产品市场。")
    form.get_by_role("button", name="提交").click()
    expect(phone.get_by_test_id("speech")).to_contain_text("已提交", timeout=SLOW)
    assert Speech.objects.get().title == "关于发展银发经济的发言"
