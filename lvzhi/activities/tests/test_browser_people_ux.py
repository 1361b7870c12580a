"""Browser checks in real Chromium of choosing people and of the confirmations before hard-to-undo moves
(staff at desktop width), and of a member's taps for sign-up and leave and their calendar (phone width)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect, sync_playwright

from lvzhi.activities import services
from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.tests.factories import make_activity
from lvzhi.activities.tests.test_browser_checkin_ux import DESKTOP, SLOW, shot, sign_in
from lvzhi.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from lvzhi.core.capabilities import Role
from lvzhi.org.models import GroupSeat, Position
from lvzhi.org.services.members import add_position
from lvzhi.testing import World, build_world, make_member, today

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


@pytest.fixture
def desktop(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        browser.close()


def staff_in(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server, world.users[Role.MEMBER_AFFAIRS].username)


def test_staff_invite_by_search_and_by_whole_group_and_see_who_gets_the_last_seat(live_server, world, desktop):
    zhang = make_member(world, "张伟")
    wang = make_member(world, "王芳")
    GroupSeat.objects.create(committee=world.committee, membership=wang.memberships.get(), group=world.group)
    meeting = make_activity(
        world,
        title="常委会议",
        mode=Activity.Mode.INVITE,
        capacity=2,
        audience=services.Audience(member_ids=(world.member.pk,)),
    )
    staff_in(desktop, live_server, world)
    desktop.goto(f"{live_server.url}{reverse('activities:manage_roster', args=[meeting.pk])}")
    desktop.get_by_text("邀请更多委员").click()
    picker = desktop.get_by_test_id("people-picker")
    picker.get_by_test_id("people-q").fill("zw")  # pinyin initials of 张伟
    results = picker.get_by_test_id("people-results")
    expect(results).to_contain_text("张伟", timeout=SLOW)
    results.get_by_role("button", name="选择 张伟").click()
    picker.get_by_test_id("people-q").fill("")
    picker.get_by_test_id("people-group").select_option(str(world.group.pk))  # 经济界活动组: 李明 and 王芳
    expect(results).to_contain_text("王芳", timeout=SLOW)
    results.get_by_test_id("people-pick-all").click()
    expect(picker).to_contain_text("已选 3 人")
    preview = desktop.get_by_test_id("invite-preview")
    expect(preview).to_contain_text("现剩 1 个名额", timeout=SLOW)
    expect(preview.get_by_test_id("invite-seated")).to_contain_text("张伟")
    expect(preview.get_by_test_id("invite-waitlisted")).to_contain_text("王芳")
    expect(preview).to_contain_text("已在名单中，不重复邀请：李明")
    shot(desktop, "staff-people-picker-desktop")
    preview.get_by_test_id("invite-confirm").click()
    expect(desktop.get_by_role("alert").first).to_contain_text("已邀请 1 人；王芳 进入候补", timeout=SLOW)
    statuses = dict(meeting.registrations.values_list("member_id", "status"))
    assert statuses == {
        world.member.pk: Registration.Status.INVITED,
        zhang.pk: Registration.Status.INVITED,
        wang.pk: Registration.Status.WAITLISTED,
    }


def test_publishing_and_removing_say_who_will_be_told_first(live_server, world, desktop):
    others = [make_member(world, name) for name in ("张伟", "王芳")]
    audience = services.Audience(member_ids=(world.member.pk, *(m.pk for m in others)))
    meeting = make_activity(world, title="常委会议", mode=Activity.Mode.INVITE, audience=audience, publish=False)
    staff_in(desktop, live_server, world)
    desktop.goto(f"{live_server.url}{reverse('activities:manage_detail', args=[meeting.pk])}")
    confirm = desktop.get_by_test_id("confirm-publish")
    confirm.locator("summary").click()
    expect(confirm.get_by_test_id("preview")).to_contain_text("发布后将邀请并通知以下 3 位委员")
    expect(confirm.get_by_test_id("preview")).to_contain_text("李明、王芳、张伟")
    assert Activity.objects.get(pk=meeting.pk).status == Activity.Status.DRAFT  # opening it changed nothing
    shot(desktop, "staff-publish-confirm-desktop")
    confirm.get_by_test_id("confirm-button").click()
    expect(desktop.get_by_role("alert").first).to_contain_text("已完成：发布", timeout=SLOW)

    desktop.goto(f"{live_server.url}{reverse('activities:manage_roster', args=[meeting.pk])}")
    said: list[str] = []
    desktop.once("dialog", lambda dialog: (said.append(dialog.message), dialog.dismiss()))
    desktop.locator("#reg-" + str(meeting.registrations.get(member=others[0]).pk)).get_by_role(
        "button", name="移出"
    ).click()
    assert said == ["将 张伟 移出参加名单，并通知本人。确定吗？"]
    assert meeting.registrations.get(member=others[0]).status == Registration.Status.INVITED  # taken back
    desktop.once("dialog", lambda dialog: dialog.accept())
    desktop.locator("#reg-" + str(meeting.registrations.get(member=others[0]).pk)).get_by_role(
        "button", name="移出"
    ).click()
    expect(desktop.get_by_role("alert").first).to_contain_text("张伟", timeout=SLOW)
    assert meeting.registrations.get(member=others[0]).status == Registration.Status.CANCELLED


def test_removing_someone_from_a_post_asks_in_words(live_server, world, desktop):
    post = add_position(world.member.memberships.get(), title="liaison", started_on=today(), actor=None)
    staff_in(desktop, live_server, world)
    desktop.goto(f"{live_server.url}{reverse('org:member_detail', args=[world.member.pk])}")
    said: list[str] = []
    desktop.once("dialog", lambda dialog: (said.append(dialog.message), dialog.dismiss()))
    desktop.get_by_test_id("position-end").click()
    assert said and said[0].startswith(f"免去 李明 的“{post.get_title_display()}”职务")
    assert Position.objects.get(pk=post.pk).ended_on is None
    desktop.once("dialog", lambda dialog: dialog.accept())
    desktop.get_by_test_id("position-end").click()
    expect(desktop.get_by_role("alert").first).to_be_visible(timeout=SLOW)
    assert Position.objects.get(pk=post.pk).ended_on is not None


def test_member_taps_for_sign_up_and_leave_and_an_excused_meeting_leaves_the_calendar(live_server, world, phone):
    make_activity(world, title="乡村振兴专题调研", capacity=10)
    meeting = make_activity(
        world, title="常委会议", mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=(world.member.pk,))
    )
    sign_in(phone, live_server, world.member.user.username)
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)

    # Sign-up from home: 正在报名的活动 → 报名 = 2 taps.
    phone.get_by_test_id("open-menu").click()
    card = phone.locator("[data-testid=activity-card]", has_text="乡村振兴专题调研")
    card.get_by_test_id("sign-up").click()
    expect(card).to_contain_text("报名成功", timeout=SLOW)

    # Leave from home: the meeting → the kind → 提交请假 = 3 taps (and the reason typed).
    phone.goto(f"{live_server.url}{reverse('portal:member_home')}")
    phone.get_by_test_id("next-activity").filter(has_text="常委会议").get_by_role("link", name="常委会议").click()
    phone.select_option("select[name=kind]", "sick")
    phone.fill("textarea[name=reason]", "住院治疗")
    phone.get_by_test_id("request-leave").click()
    expect(phone.get_by_test_id("leave-status").first).to_have_text("待审批", timeout=SLOW)

    month = timezone.localtime(meeting.starts_at).strftime("%Y-%m")
    calendar = f"{live_server.url}{reverse('activities:calendar')}?month={month}"
    phone.goto(calendar)
    expect(phone.locator("main")).to_contain_text("常委会议")

    # The office approves (and is told what that means first); the meeting leaves the member's calendar.
    office = phone.context.browser.new_context(viewport=DESKTOP, locale="zh-CN")
    desk = office.new_page()
    staff_in(desk, live_server, world)
    desk.goto(f"{live_server.url}{reverse('activities:leave_queue')}")
    said: list[str] = []
    desk.once("dialog", lambda dialog: (said.append(dialog.message), dialog.accept()))
    desk.get_by_test_id("leave-request").get_by_role("button", name="同意", exact=True).click()
    expect(desk.get_by_role("alert").first).to_be_visible(timeout=SLOW)
    office.close()
    assert said == ["同意 李明 请假（病假）不参加“常委会议”：将通知本人，考勤确认时记为“请假”。确定吗？"]
    assert LeaveRequest.objects.get(activity=meeting).status == LeaveRequest.Status.APPROVED
    phone.goto(calendar)
    expect(phone.locator("main")).not_to_contain_text("常委会议")
    expect(phone.locator("main")).to_contain_text("乡村振兴专题调研")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
