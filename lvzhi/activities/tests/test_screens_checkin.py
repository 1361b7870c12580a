"""Check-in screens at the venue: the live board, the rotating venue QR code, staff scanning a member's code."""

import re

import pytest
import segno
from django.urls import reverse

from lvzhi.activities import services
from lvzhi.activities.models import Activity, CheckIn
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role


def url(name: str, activity: Activity) -> str:
    return reverse(f"activities:{name}", args=[activity.pk])


@pytest.fixture
def staff(world):
    return world.users[Role.MEMBER_AFFAIRS]


@pytest.fixture
def staff_client(world):
    return world.client(Role.MEMBER_AFFAIRS)


@pytest.fixture
def meeting(world, staff):
    """An invited meeting of five that started ten minutes ago: two here, one excused, two missing."""
    members = crowd(world, 5)
    activity = make_activity(
        world,
        mode=Activity.Mode.INVITE,
        audience=services.Audience(member_ids=tuple(m.pk for m in members)),
    )
    leave = services.request_leave(activity, member=members[2], kind="official", reason="公务", actor=members[2].user)
    services.approve_leave(leave, actor=staff)
    activity = move_start(activity, starts_in_minutes=-10)
    for member in members[:2]:
        services.check_in_member(activity, member=member, actor=staff)
    return Activity.objects.get(pk=activity.pk), members


def test_the_board_counts_expected_present_on_leave_and_missing(world, staff_client, meeting):
    activity, members = meeting
    response = staff_client.get(url("manage_board", activity))
    assert response.status_code == 200
    board = response.context["board"]
    assert (board.expected, board.present, board.late, board.on_leave, board.missing) == (5, 2, 0, 1, 2)
    page = response.content.decode()
    assert members[3].name in page and members[4].name in page
    assert 'hx-trigger="every 5s"' in page


def test_the_board_partial_refreshes_itself_until_attendance_is_closed(world, staff, staff_client, meeting):
    activity, members = meeting
    services.check_in_member(activity, member=members[3], actor=staff)
    partial = staff_client.get(url("manage_board_counts", activity))
    assert partial.templates[0].name == "activities/_board_counts.html"
    assert partial.context["board"].present == 3
    assert url("manage_board_counts", activity) in partial.content.decode()
    services.close_activity(activity, actor=staff)
    closed = staff_client.get(url("manage_board_counts", activity)).content.decode()
    assert "hx-trigger" not in closed and "签到已结束" in closed


def test_the_venue_screen_shows_the_current_code_as_a_qr_of_the_check_in_url(world, staff_client, meeting):
    activity, __ = meeting
    response = staff_client.get(url("manage_venue_code", activity))
    assert response.status_code == 200
    code = response.context["code"]
    assert services.verify_venue_code(activity, code)
    check_in_url = response.context["url"]
    assert check_in_url == f"http://testserver{url('checkin', activity)}?code={code}"
    page = response.content.decode()
    assert str(response.context["qr_svg"]) in page
    assert segno.make(check_in_url, error="m").designator in ("3-M", "4-M")  # a small symbol: scans from afar
    assert "<title>会场签到二维码</title>" in str(response.context["qr_svg"])
    # The six digits in large type, grouped in threes for reading aloud.
    assert re.search(rf'data-testid="venue-code"[^>]*>{code[:3]}&#8201;{code[3:]}<', page)
    assert "每 2 分钟更换一次" in page


def test_the_venue_qr_asks_for_the_next_code_when_it_rotates(world, staff_client, meeting):
    activity, __ = meeting
    response = staff_client.get(url("manage_venue_qr", activity))
    assert response.templates[0].name == "activities/_manage_venue_qr.html"
    delay = int(re.search(r"load delay:(\d+)s", response.content.decode())[1])
    assert 1 <= delay <= services.VENUE_CODE_SLOT_SECONDS
    assert response.context["arrived"] == 2 and response.context["expected"] == 5


def test_a_draft_shows_no_code(world, staff_client):
    activity = make_activity(world, publish=False)
    response = staff_client.get(url("manage_venue_code", activity))
    assert "code" not in response.context and "不开放签到" in response.content.decode()


def test_scanning_a_members_code_checks_them_in_once(world, staff, staff_client, meeting):
    activity, members = meeting
    code = services.member_code(members[3])
    response = staff_client.post(url("manage_scan", activity), {"code": code}, follow=True)
    assert "已签到：" in response.content.decode()
    checkin = CheckIn.objects.get(activity=activity, member=members[3])
    assert checkin.method == CheckIn.Method.MEMBER_CODE and checkin.recorded_by == staff
    response = staff_client.post(url("manage_scan", activity), {"code": code}, follow=True)
    assert "此前已签到" in response.content.decode()
    assert CheckIn.objects.filter(activity=activity, member=members[3]).count() == 1


def test_a_scanned_link_carrying_the_code_also_works(world, staff_client, meeting):
    activity, members = meeting
    link = f"https://lvzhi.example.cn/activities/my-code/?code={services.member_code(members[4])}"
    staff_client.post(url("manage_scan", activity), {"code": link})
    assert CheckIn.objects.filter(activity=activity, member=members[4]).exists()


def test_staff_type_the_six_digits_from_the_members_phone(world, staff_client, meeting):
    activity, members = meeting
    number = services.member_number(members[4])
    response = staff_client.post(url("manage_scan", activity), {"code": number}, follow=True)
    assert f"已签到：{members[4].name}" in response.content.decode()


def test_the_camera_page_gets_the_answer_as_a_panel_and_keeps_running(world, staff_client, meeting):
    activity, members = meeting
    code = services.member_code(members[3])
    response = staff_client.post(url("manage_scan", activity), {"code": code}, headers={"HX-Request": "true"})
    assert response.templates[0].name == "activities/_manage_scan_panel.html"
    page = response.content.decode()
    assert f"已签到：{members[3].name}" in page and "已签到 3 / 应到 5" in page
    again = staff_client.post(url("manage_scan", activity), {"code": code}, headers={"HX-Request": "true"})
    assert "此前已签到" in again.content.decode()
    bad = staff_client.post(url("manage_scan", activity), {"code": "123"}, headers={"HX-Request": "true"})
    assert "alert-danger" in bad.content.decode() and "委员码无效或已过期" in bad.content.decode()
    empty = staff_client.post(url("manage_scan", activity), {"code": ""}, headers={"HX-Request": "true"})
    assert "请扫描委员码或输入 6 位数字码" in empty.content.decode()


def test_the_scan_page_serves_the_qr_decoder_itself(world, staff_client, meeting):
    activity, __ = meeting
    page = staff_client.get(url("manage_scan", activity)).content.decode()
    assert "/static/vendor/jsqr/jsQR.js" in page and "/static/js/camera-scan.js" in page
    assert "http://" not in page.split("<body", 1)[1].replace("http://testserver", "")


def test_a_bad_code_is_refused_and_stays_in_the_box(world, staff_client, meeting):
    activity, __ = meeting
    response = staff_client.post(url("manage_scan", activity), {"code": "1.2:forged"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "委员码无效或已过期" in page and 'value="1.2:forged"' in page


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT])
def test_roles_without_the_capability_get_403(world, role, meeting):
    activity, members = meeting
    client = world.client(role)
    for name in ("manage_board", "manage_board_counts", "manage_venue_code", "manage_venue_qr", "manage_scan"):
        assert client.get(url(name, activity)).status_code == 403
    assert client.post(url("manage_scan", activity), {"code": services.member_code(members[3])}).status_code == 403
    assert not CheckIn.objects.filter(member=members[3]).exists()


def test_outsiders_get_404(world, outsider, meeting):
    activity, members = meeting
    client = outsider.client(Role.ADMIN)
    for name in ("manage_board", "manage_board_counts", "manage_venue_code", "manage_venue_qr", "manage_scan"):
        assert client.get(url(name, activity)).status_code == 404
    assert client.post(url("manage_scan", activity), {"code": services.member_code(members[3])}).status_code == 404
