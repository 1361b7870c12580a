"""Browser checks in real Chromium of the check-in an older member can do and the screens around it:
members at phone width (390×844), staff at desktop width. Taps are counted where the issue asked for them.

Screenshots of the new check-in screens are written to $LVZHI_SCREENSHOTS when it is set."""

import os
import re
from pathlib import Path

import pytest
import segno
from django.urls import reverse
from playwright.sync_api import Page, expect, sync_playwright

from lvzhi.activities import services
from lvzhi.activities.models import Activity, ActivityEvent, CheckIn, Registration
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from lvzhi.core.capabilities import Role
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.testing import PASSWORD, World, build_world

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 860}
SLOW = 20_000  # ms: CI machines run the suite on two workers
PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


@pytest.fixture
def desktop(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        browser.close()


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("LVZHI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def sign_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login/"), timeout=SLOW)


def font_px(page: Page, test_id: str) -> float:
    return float(page.get_by_test_id(test_id).evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def only_me(world: World) -> services.Audience:
    return services.Audience(member_ids=(world.member.pk,))


def test_an_older_member_checks_in_by_typing_six_digits_in_two_taps(live_server, world, phone):
    lecture = make_activity(
        world, title="政协大讲堂", kind=ActivityKind.LECTURE, mode=Activity.Mode.INVITE, audience=only_me(world)
    )
    lecture = move_start(lecture, starts_in_minutes=30)  # early: the check-in window opened half an hour ago
    sign_in(phone, live_server, world.member.user.username)
    expect(phone).to_have_url(re.compile(r"/me/$"), timeout=SLOW)

    taps = 0
    phone.get_by_test_id("home-checkin").click()  # 1: the 签到 button of the meeting on the home screen
    taps += 1
    expect(phone).to_have_url(re.compile(rf"/activities/{lecture.pk}/checkin/$"), timeout=SLOW)
    box = phone.get_by_test_id("code-input")
    expect(box).to_be_focused()  # the number pad is up at once: no tap into the box
    assert box.get_attribute("inputmode") == "numeric"
    assert font_px(phone, "code-input") >= 32
    wrong = str((int(services.current_venue_code(lecture)) + 1) % 10**6).zfill(6)
    phone.keyboard.type(wrong)
    phone.get_by_test_id("confirm-checkin").click()
    expect(phone.get_by_test_id("checkin-error")).to_contain_text("签到码不对或已过期", timeout=SLOW)
    expect(phone.get_by_test_id("code-input")).to_have_value(wrong)
    shot(phone, "member-checkin-wrong-code-phone")

    code = services.current_venue_code(lecture)
    phone.get_by_test_id("code-input").fill(f"{code[:3]} {code[3:]}")  # typed as the screen groups it
    phone.get_by_test_id("confirm-checkin").click()  # 2: 确认签到
    taps += 1
    expect(phone.get_by_test_id("checkin-record")).to_contain_text("已签到", timeout=SLOW)
    assert taps == 2  # before: 3 (签到, tap into the box, 确认签到)
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]
    shot(phone, "member-checkin-done-phone")
    checkin = CheckIn.objects.get(activity=lecture, member=world.member)
    assert checkin.method == CheckIn.Method.VENUE_CODE
    # Arriving early does not start the meeting: the organiser does.
    assert Activity.objects.get(pk=lecture.pk).status == lecture.status
    assert not ActivityEvent.objects.filter(activity=lecture, action="start").exists()


def test_a_member_checks_in_from_the_card_of_my_activities(live_server, world, phone):
    lecture = move_start(make_activity(world, title="政协大讲堂", mode=Activity.Mode.INVITE), starts_in_minutes=5)
    sign_in(phone, live_server, world.member.user.username)
    phone.goto(f"{live_server.url}{reverse('activities:mine')}")
    card = phone.locator("[data-testid=activity-card]", has_text="政协大讲堂")
    card.get_by_test_id("code-input").fill(services.current_venue_code(lecture))
    shot(phone, "member-card-checkin-phone")
    card.get_by_test_id("card-checkin-button").click()
    expect(phone.get_by_test_id("checkin-record")).to_contain_text("已签到", timeout=SLOW)
    assert CheckIn.objects.filter(activity=lecture, member=world.member).exists()


def test_my_code_shows_a_qr_and_six_large_digits(live_server, world, phone):
    sign_in(phone, live_server, world.member.user.username)
    phone.goto(f"{live_server.url}{reverse('activities:mine')}")
    phone.get_by_role("link", name="签到码").click()  # one tap on the tab bar
    expect(phone.get_by_test_id("member-qr").locator("svg")).to_be_visible(timeout=SLOW)
    number = services.member_number(world.member)
    expect(phone.get_by_test_id("member-number")).to_have_text(f"{number[:3]}\u2009{number[3:]}")
    assert font_px(phone, "member-number") >= 40
    assert phone.get_by_test_id("member-qr").bounding_box()["width"] >= 200
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]
    shot(phone, "member-my-code-phone")


def test_the_venue_screen_shows_six_digits_readable_across_the_room(live_server, world, desktop):
    lecture = move_start(make_activity(world, title="政协大讲堂", mode=Activity.Mode.INVITE), starts_in_minutes=20)
    sign_in(desktop, live_server, world.users[Role.MEMBER_AFFAIRS].username)
    desktop.goto(f"{live_server.url}{reverse('activities:manage_venue_code', args=[lecture.pk])}")
    code = services.current_venue_code(lecture)
    expect(desktop.get_by_test_id("venue-code")).to_have_text(f"{code[:3]}\u2009{code[3:]}", timeout=SLOW)
    assert font_px(desktop, "venue-code") >= 100
    expect(desktop.get_by_test_id("venue-qr").locator("svg")).to_be_visible()
    expect(desktop.locator("#venue-qr")).to_contain_text("每 2 分钟更换一次")
    expect(desktop.get_by_test_id("venue-count")).to_have_text("已签到 0 / 应到 1")
    shot(desktop, "staff-venue-code-desktop")


def _camera_feed(path: Path, text: str) -> None:
    """A Y4M video of the member's QR on white, for Chromium's fake camera."""
    width, height, scale = 640, 480, 8
    rows = [bytes(0 if dark else 255 for dark in row) for row in segno.make(text, error="m").matrix_iter(scale=scale)]
    size = len(rows)
    top, left = (height - size) // 2, (width - size) // 2
    luma = bytearray([255]) * (width * height)
    for y, row in enumerate(rows):
        luma[(top + y) * width + left : (top + y) * width + left + size] = row
    chroma = bytes([128]) * (width * height // 4)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    path.write_bytes(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode() + frame * 5)


def test_staff_check_members_in_with_the_laptop_camera_and_by_typing_six_digits(
    live_server, world, tmp_path, monkeypatch
):
    meeting = move_start(make_activity(world, title="常委会议", mode=Activity.Mode.INVITE), starts_in_minutes=10)
    (other,) = crowd(world, 1)
    services.invite_members(meeting, members=[other], actor=world.users[Role.MEMBER_AFFAIRS])
    feed = tmp_path / "member-qr.y4m"
    _camera_feed(feed, services.member_code(world.member))
    camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={feed}",
    ]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *camera])
        page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        sign_in(page, live_server, world.users[Role.MEMBER_AFFAIRS].username)
        page.goto(f"{live_server.url}{reverse('activities:manage_scan', args=[meeting.pk])}")
        page.get_by_test_id("camera-start").click()
        expect(page.get_by_test_id("scan-result")).to_contain_text("已签到：李明", timeout=SLOW)
        expect(page.get_by_test_id("scan-count")).to_contain_text("已签到 1 / 应到 2")
        expect(page.locator("video")).to_be_visible()  # still running for the next member
        shot(page, "staff-camera-scan-desktop")
        # The USB scanner (or staff typing the digits under the QR) uses the same box; Enter submits.
        page.locator("input[name=code]").fill(services.member_number(other))
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("scan-result")).to_contain_text(f"已签到：{other.name}", timeout=SLOW)
        expect(page.locator("input[name=code]")).to_have_value("")
        browser.close()
    methods = dict(CheckIn.objects.filter(activity=meeting).values_list("member_id", "method"))
    assert methods == {world.member.pk: CheckIn.Method.MEMBER_CODE, other.pk: CheckIn.Method.MEMBER_CODE}


def test_every_button_offered_works_from_the_state_shown(live_server, world, desktop):
    meeting = move_start(make_activity(world, title="常委会议", mode=Activity.Mode.INVITE), starts_in_minutes=30)
    services.check_in_with_venue_code(
        meeting, member=world.member, code=services.current_venue_code(meeting), actor=world.member.user
    )
    sign_in(desktop, live_server, world.users[Role.MEMBER_AFFAIRS].username)
    desktop.goto(f"{live_server.url}{reverse('activities:manage_detail', args=[meeting.pk])}")
    buttons = desktop.get_by_test_id("workflow-buttons")
    expect(buttons).to_contain_text("开始活动", timeout=SLOW)
    expect(buttons).not_to_contain_text("结束活动")  # an early arrival did not start it
    expect(buttons).not_to_contain_text("确认考勤")
    buttons.get_by_role("button", name="开始活动").click()
    expect(desktop.get_by_role("alert").first).to_contain_text("开始", timeout=SLOW)
    desktop.get_by_test_id("workflow-buttons").get_by_role("button", name="结束活动").click()
    expect(desktop.get_by_role("alert").first).not_to_contain_text("活动尚未开始", timeout=SLOW)
    assert Activity.objects.get(pk=meeting.pk).status == Activity.Status.ENDED
    # Offered now, before the scheduled start, because the meeting has been held: it works too.
    desktop.get_by_test_id("close-confirm").locator("summary").click()
    expect(desktop.get_by_test_id("close-confirm")).to_contain_text("出席（1）")
    desktop.get_by_test_id("close-confirm").get_by_test_id("confirm-button").click()
    expect(desktop.get_by_role("alert").first).to_contain_text("确认考勤", timeout=SLOW)
    assert Activity.objects.get(pk=meeting.pk).status == Activity.Status.ATTENDANCE_CONFIRMED
    registration = Registration.objects.get(activity=meeting, member=world.member)
    assert registration.attendance == Registration.Attendance.PRESENT
