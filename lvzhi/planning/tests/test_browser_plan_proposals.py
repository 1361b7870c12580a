"""Browser check in real Chromium: a member's 提案 plan item shows the proposals it counts, at phone width."""

import os
import re

import pytest
from playwright.sync_api import expect

from lvzhi.conftest import PHONE
from lvzhi.planning import services
from lvzhi.planning.models import PlanItem
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.tests.factories import proposal
from lvzhi.testing import PASSWORD, World, build_world, today

pytestmark = pytest.mark.browser
SLOW = 20_000


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def test_a_member_sees_their_proposals_complete_their_plan_item_on_a_phone(live_server, world, phone):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    data = {
        "year": today().year,
        "level": PlanItem.Level.MEMBER,
        "title": "全年提交提案",
        "item_type": PlanItem.Type.PROPOSAL,
        "target_count": 2,
        "member": world.member,
    }
    item = services.create_plan_item(committee=world.committee, data=data, actor=None)
    submitted = proposal(world, Proposal.Status.ACCEPTED)

    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", world.member.user.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)

    phone.goto(f"{live_server.url}/planning/plans/mine/")
    card = phone.get_by_test_id(f"my-item-{item.pk}")
    expect(card).to_contain_text("已完成 1/2 件", timeout=SLOW)
    expect(card.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "50")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card.get_by_test_id("counted-proposals").get_by_role("link", name=submitted.title).click()
    expect(phone).to_have_url(re.compile(rf"/proposals/{submitted.pk}/$"), timeout=SLOW)
