"""Browser journey in real Chromium at phone width: a member signs in, signs up for a menu activity, asks
for leave from a meeting they were invited to, and checks in to a third by opening the venue QR's URL."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from lvzhi.activities import services
from lvzhi.activities.models import Activity, CheckIn, LeaveRequest, Registration
from lvzhi.activities.tests.factories import make_activity, move_start
from lvzhi.conftest import PHONE
from lvzhi.core.capabilities import Role
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.testing import PASSWORD, World, build_world

pytestmark = pytest.mark.browser

PAGE_WIDTH = "document.documentElement.scrollWidth"
SLOW = 20_000  # ms: generous, because CI machines run the suite on two workers


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


@pytest.fixture
def activities(world):
    """A menu activity open to all, a meeting the member is invited to, and a lecture under way with check-in open."""
    only_me = services.Audience(member_ids=(world.member.pk,))
    research = make_activity(world, title="乡村振兴专题调研", capacity=10, organiser_name="农业农村委")
    meeting = make_activity(world, title="常委会议", mode=Activity.Mode.INVITE, audience=only_me)
    lecture = make_activity(
        world, title="政协大讲堂", kind=ActivityKind.LECTURE, mode=Activity.Mode.INVITE, audience=only_me
    )
    lecture = move_start(lecture, starts_in_minutes=-5)
    services.start_activity(lecture, actor=world.users[Role.MEMBER_AFFAIRS])
    return research, meeting, lecture


def fits_the_phone(page: Page) -> None:
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]


def test_a_member_signs_up_asks_for_leave_and_checks_in_on_a_phone(live_server, world, activities, phone):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # set by the `phone` fixture too; restored after the test
    research, meeting, lecture = activities
    member = world.member

    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", member.user.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)

    # 1. The menu: sign up for the research trip; htmx swaps its card with the outcome.
    phone.goto(f"{live_server.url}{reverse('activities:menu')}")
    card = phone.locator("[data-testid=activity-card]", has_text="乡村振兴专题调研")
    expect(card).to_contain_text("共 10 人，剩余 10")
    fits_the_phone(phone)
    card.get_by_test_id("sign-up").click()
    expect(card).to_contain_text("报名成功", timeout=SLOW)
    expect(card.get_by_test_id("my-status")).to_have_text("已报名")
    expect(card).to_contain_text("剩余 9")
    registration = Registration.objects.get(activity=research, member=member)
    assert registration.status == Registration.Status.CONFIRMED

    # 2. The meeting's page, reached from its card: ask for sick leave.
    phone.locator("[data-testid=activity-card]", has_text="常委会议").get_by_role("link", name="详情").click()
    expect(phone).to_have_url(re.compile(rf"/activities/{meeting.pk}/$"), timeout=SLOW)
    phone.select_option("select[name=kind]", "sick")
    phone.fill("textarea[name=reason]", "住院治疗，无法参会")
    fits_the_phone(phone)
    phone.get_by_test_id("request-leave").click()
    expect(phone.get_by_role("alert").first).to_contain_text("请假申请已提交", timeout=SLOW)
    expect(phone.get_by_test_id("leave-status").first).to_have_text("待审批")
    leave = LeaveRequest.objects.get(activity=meeting, member=member)
    assert (leave.kind, leave.status, leave.reason) == ("sick", LeaveRequest.Status.PENDING, "住院治疗，无法参会")

    # 3. The venue QR at the lecture encodes the check-in URL with the current code; the phone opens it.
    assert not CheckIn.objects.filter(activity=lecture).exists()
    code = services.current_venue_code(lecture)
    phone.goto(f"{live_server.url}{reverse('activities:checkin', args=[lecture.pk])}?code={code}")
    expect(phone.get_by_test_id("code-input")).to_have_value(code)
    assert not CheckIn.objects.filter(activity=lecture).exists()  # opening the link writes nothing
    fits_the_phone(phone)
    phone.get_by_test_id("confirm-checkin").click()
    expect(phone.get_by_test_id("checkin-record")).to_contain_text("已签到", timeout=SLOW)
    checkin = CheckIn.objects.get(activity=lecture, member=member)
    assert (checkin.status, checkin.method) == (CheckIn.Status.PRESENT, CheckIn.Method.VENUE_CODE)
    fits_the_phone(phone)
