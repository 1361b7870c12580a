"""Browser journey in real Chromium at phone width: a member drafts a proposal that saves itself, sees a similar
earlier proposal while typing, invites a co-signer found by name, and submits once the co-signer confirmed."""

import os
import re

import pytest
from playwright.sync_api import expect

from lvzhi.conftest import PHONE
from lvzhi.proposals import services
from lvzhi.proposals.models import Cosigner, Proposal
from lvzhi.proposals.tests.factories import proposal
from lvzhi.testing import PASSWORD, World, build_world, make_member

pytestmark = pytest.mark.browser
SLOW = 20_000


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def test_a_member_drafts_with_a_cosigner_sees_a_similar_proposal_and_submits(live_server, world, phone):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    zhao = make_member(world, "赵强")
    earlier = proposal(
        world, lead=zhao, text=("关于老旧小区加装电梯财政补贴的建议", "建议对老旧小区加装电梯给予财政补贴。")
    )
    wang = make_member(world, "王芳", user=True)
    member = world.member

    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", member.user.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)

    phone.goto(f"{live_server.url}/proposals/mine/")
    phone.get_by_test_id("new-proposal").click()
    expect(phone).to_have_url(re.compile(r"/proposals/\d+/edit/$"), timeout=SLOW)
    draft = Proposal.objects.get(lead=member)

    phone.fill("#id_title", "关于老旧小区加装电梯的建议")
    phone.select_option("#id_category", "society")
    phone.locator("#id_content").press_sequentially("老旧小区没有电梯，老人上下楼难，建议简化审批。", delay=5)
    # The similar earlier proposal appears beside the draft as the member types.
    expect(phone.get_by_test_id("similar")).to_contain_text(earlier.title, timeout=SLOW)
    # The draft saved itself, and the local copy is gone once the server has it.
    expect(phone.get_by_test_id("save-state")).to_contain_text("已保存", timeout=SLOW)
    draft.refresh_from_db()
    assert draft.title == "关于老旧小区加装电梯的建议" and "简化审批" in draft.content
    assert phone.evaluate(f"localStorage.getItem('lvzhi-proposal-{draft.pk}')") is None

    phone.get_by_test_id("cosigner-search").fill("王")
    phone.get_by_test_id(f"invite-{wang.pk}").click()
    expect(phone.get_by_test_id("cosigners")).to_contain_text("王芳", timeout=SLOW)
    expect(phone.get_by_test_id("cosigners")).to_contain_text("待确认")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Leaving the body saved it once more; wait for that before 王芳 (on her own phone) writes to the database.
    expect(phone.get_by_test_id("save-state")).to_contain_text("已保存", timeout=SLOW)
    # 王芳 confirms; then the lead proposer submits.
    services.respond_to_invitation(Cosigner.objects.get(proposal=draft), confirm=True, actor=wang.user)
    phone.get_by_test_id("submit").click()
    expect(phone).to_have_url(re.compile(rf"/proposals/{draft.pk}/$"), timeout=SLOW)
    expect(phone.get_by_test_id("status")).to_have_text("已提交")
    expect(phone.get_by_test_id("timeline")).to_contain_text("王芳 确认联名")
    draft.refresh_from_db()
    assert (draft.status, draft.proposer_kind) == (Proposal.Status.SUBMITTED, Proposal.ProposerKind.JOINT)
