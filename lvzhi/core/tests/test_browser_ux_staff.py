"""Staff in real Chromium: at a desktop, the home's to-do tiles lead to the work, breadcrumbs and the global search
find things, the menu is readable on the red bar, and pages print on A4 without navigation or buttons; at phone
width the roster becomes cards and the statistics chart keeps its labels apart. axe-core checks every page opened,
at phone and desktop width (see lvzhi/testing_axe.py)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from lvzhi.activities import services
from lvzhi.activities.models import Activity, LeaveRequest
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.testing import PASSWORD, World, build_world

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms
A4_POINTS = (595, 842)

CONTRAST = """el => {
  const rgb = (css) => css.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = (c) => { const [r, g, b] = c.map(channel); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const fg = lum(rgb(getComputedStyle(el).color));
  const bg = lum(rgb(getComputedStyle(el.closest('.lz-navbar')).backgroundColor));
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}"""


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/desk/$"), timeout=SLOW)


def test_staff_work_from_the_home_find_things_and_print(live_server, world, desktop):
    over = move_start(make_activity(world, title="已开过的调研", mode=Activity.Mode.INVITE), starts_in_minutes=-240)
    coming = make_activity(world, title="下周座谈", mode=Activity.Mode.INVITE)
    services.request_leave(
        coming, member=world.member, kind=LeaveRequest.Kind.OFFICIAL, reason="外出", actor=world.member.user
    )
    sign_in(desktop, live_server.url, world.users[Role.MEMBER_AFFAIRS].username)

    # The menu reads on the red bar (it was 2.9:1).
    for link in desktop.locator(".lz-navbar .nav-link").all():
        assert link.evaluate(CONTRAST) >= 4.5

    # The home: what waits, with counts, and the next activities.
    expect(desktop.get_by_test_id("todo-leave-count")).to_have_text("1")
    expect(desktop.get_by_test_id("todo-close-count")).to_have_text("1")
    expect(desktop.get_by_test_id("upcoming")).to_contain_text("下周座谈")
    desktop.get_by_test_id("todo-close").click()
    expect(desktop.get_by_test_id("to-close-filter")).to_be_visible(timeout=SLOW)
    expect(desktop.locator("#activity-rows tbody tr")).to_have_count(1)
    expect(desktop.locator("#activity-rows tbody tr")).to_contain_text(over.title)
    crumbs = desktop.get_by_test_id("breadcrumbs")
    expect(crumbs.get_by_role("link")).to_have_text(["首页"])
    expect(crumbs.locator("[aria-current=page]")).to_have_text("会议活动管理")

    # Global search by pinyin initials, then the record, then its printable registration form.
    desktop.get_by_test_id("global-search").get_by_role("searchbox").fill("lm")
    desktop.get_by_test_id("global-search").get_by_role("button", name="搜索").click()
    desktop.get_by_test_id("search-members").get_by_role("link", name="李明").click()
    expect(desktop).to_have_url(re.compile(rf"/org/members/{world.member.pk}/$"), timeout=SLOW)
    expect(desktop.get_by_test_id("breadcrumbs")).to_contain_text("委员通讯录")
    assert desktop.get_by_test_id("help-link").get_attribute("href") == "/help/#member-record"
    desktop.get_by_test_id("print-form-link").click()
    expect(desktop.get_by_test_id("member-form")).to_contain_text("委员登记表")

    # Printed: no navigation, buttons or inputs; A4 pages numbered in the footer.
    desktop.emulate_media(media="print")
    for hidden in (".lz-navbar", "[data-testid=print-button]", "[data-testid=breadcrumbs]", "#lz-search"):
        expect(desktop.locator(hidden)).to_be_hidden()
    expect(desktop.get_by_test_id("member-form")).to_be_visible()
    page_rule = desktop.evaluate(
        "[...document.styleSheets].flatMap(s => [...s.cssRules]).filter(r => r instanceof CSSPageRule)"
        ".map(r => r.cssText).join(' ')"
    )
    assert "size: a4" in page_rule.lower() and "counter(page)" in page_rule
    pdf = desktop.pdf(prefer_css_page_size=True)
    width, height = (float(v) for v in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (round(width), round(height)) == A4_POINTS
    desktop.emulate_media(media="screen")

    # The printed directory: every member on A4 pages, the filters and buttons left out.
    desktop.goto(live_server.url + reverse("org:directory"))
    desktop.get_by_test_id("print-directory-link").click()
    expect(desktop.get_by_test_id("printed-directory")).to_contain_text("李明")
    desktop.emulate_media(media="print")
    expect(desktop.locator(".lz-navbar")).to_be_hidden()
    expect(desktop.locator("button:visible, input:visible, select:visible")).to_have_count(0)


def test_staff_on_a_phone_read_the_roster_as_cards_and_the_chart_untangled(live_server, world, phone):
    members = crowd(world, 12)
    sectors = world.sectors[:8]
    for i, member in enumerate(members):  # members across eight sectors with long names
        member.memberships.update(sector=sectors[i % len(sectors)])
    meeting = make_activity(world, title="界别协商座谈会", mode=Activity.Mode.INVITE, kind=ActivityKind.CONSULTATION)
    meeting = move_start(meeting, starts_in_minutes=-240)
    staff = world.users[Role.MEMBER_AFFAIRS]
    for registration in meeting.registrations.all():
        services.set_attendance(registration, attendance="present", actor=staff)
    services.close_activity(meeting, actor=staff)
    sign_in(phone, live_server.url, staff.username)

    phone.goto(live_server.url + reverse("activities:manage_roster", args=[meeting.pk]))
    first = phone.locator("[data-testid=roster] tbody tr").first
    expect(first).to_be_visible()
    name = first.locator("td").first
    line = name.evaluate("td => parseFloat(getComputedStyle(td).lineHeight)")
    assert name.bounding_box()["height"] < 2 * line  # one line, not a character per line
    assert first.bounding_box()["width"] > 300  # a card across the phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.goto(live_server.url + reverse("dashboard:activities") + "?group_by=sector")
    chart = phone.locator("#stats-chart")
    expect(chart).to_have_attribute("data-layout", "horizontal", timeout=SLOW)
    labels = chart.locator("svg text").evaluate_all(
        "els => els.filter(e => e.getBBox().width > 0).map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom, e.textContent]; })"
    )
    names = [b for b in labels if b[4] in {s.name for s in sectors}]
    assert len(names) == len(sectors)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"{a[4]} overlaps {b[4]}"
        assert a[0] >= 0 and a[2] <= 390  # inside the phone


def test_the_staff_console_has_breadcrumbs_and_help_on_every_page(live_server, world, desktop):
    meeting = make_activity(world, title="常委会议", mode=Activity.Mode.INVITE)
    sign_in(desktop, live_server.url, world.users[Role.ADMIN].username)
    pages = [
        reverse("org:organisation"),
        reverse("accounts:users"),
        reverse("accounts:user_detail", args=[world.users[Role.LEADER].pk]),
        reverse("org:station_detail", args=[world.station.pk]),
        reverse("activities:manage_detail", args=[meeting.pk]),
        reverse("activities:manage_roster", args=[meeting.pk]),
        reverse("activities:leave_queue"),
        reverse("planning:calendar"),
        reverse("planning:plans"),
        reverse("ledger:review"),
        reverse("ledger:member", args=[world.member.pk]),
        reverse("inbox"),
        reverse("help"),
    ]
    for path in pages:
        desktop.goto(live_server.url + path)
        expect(desktop.get_by_test_id("breadcrumbs").get_by_role("link", name="首页")).to_be_visible()
        expect(desktop.get_by_test_id("help-link")).to_have_attribute("href", re.compile(r"^/help/#[a-z-]+$"))
