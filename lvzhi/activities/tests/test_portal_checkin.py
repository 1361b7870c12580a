"""签到 on the phone: the venue QR opens a confirm page that writes nothing; the button checks in once,
late arrivals are marked, a second scan shows the same record; 我的签到码 shows the member's code as a QR."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, CheckIn
from lvzhi.activities.tests.factories import make_activity, move_start
from lvzhi.core.capabilities import Role


@pytest.fixture
def client(world):
    return world.client(Role.MEMBER)


@pytest.fixture
def meeting(world):
    """A meeting starting in half an hour with the world's member on the roster: check-in is open."""
    activity = make_activity(
        world, title="专题协商会", mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=(world.member.pk,))
    )
    return move_start(activity, starts_in_minutes=30)


def checkin_url(activity, code=None):
    url = reverse("activities:checkin", args=[activity.pk])
    return f"{url}?code={code}" if code is not None else url


def test_opening_the_venue_link_shows_a_confirm_page_and_writes_nothing(world, client, meeting):
    code = services.current_venue_code(meeting)
    response = client.get(checkin_url(meeting, code))
    html = response.content.decode()
    assert response.status_code == 200
    assert "专题协商会" in html and f'value="{code}"' in html and 'data-testid="confirm-checkin"' in html
    assert not CheckIn.objects.exists()


def test_pressing_the_button_checks_in_on_time(world, client, meeting):
    code = services.current_venue_code(meeting)
    response = client.post(checkin_url(meeting), {"code": code})
    assert response.status_code == 302
    checkin = CheckIn.objects.get(activity=meeting, member=world.member)
    assert (checkin.status, checkin.method) == (CheckIn.Status.PRESENT, CheckIn.Method.VENUE_CODE)
    html = client.get(checkin_url(meeting)).content.decode()
    assert "签到成功" in html and "已签到" in html and 'data-testid="checkin-record"' in html


def test_arriving_after_the_late_mark_records_late(world, client, meeting):
    meeting = move_start(meeting, starts_in_minutes=-30)
    client.post(checkin_url(meeting), {"code": services.current_venue_code(meeting)})
    assert CheckIn.objects.get(activity=meeting).status == CheckIn.Status.LATE
    assert "迟到" in client.get(checkin_url(meeting)).content.decode()


def test_checking_in_twice_shows_the_same_record(world, client, meeting):
    code = services.current_venue_code(meeting)
    client.post(checkin_url(meeting), {"code": code})
    first = CheckIn.objects.get()
    client.post(checkin_url(meeting), {"code": code})
    assert list(CheckIn.objects.all()) == [first]
    html = client.get(checkin_url(meeting)).content.decode()
    assert "您已签到，无需重复签到" in html
    assert timezone.localtime(first.checked_in_at).strftime("%H:%M:%S") in html


def test_a_member_who_cannot_scan_types_the_code(world, client, meeting):
    code = services.current_venue_code(meeting)
    client.post(checkin_url(meeting), {"code": f"  {code[:3]} {code[3:]} "})
    assert CheckIn.objects.filter(activity=meeting, member=world.member).exists()


def test_a_wrong_code_is_explained_and_kept(world, client, meeting):
    wrong = str((int(services.current_venue_code(meeting)) + 1) % 10**6).zfill(6)
    response = client.post(checkin_url(meeting), {"code": wrong})
    html = response.content.decode()
    assert response.status_code == 200
    assert "签到码不对或已过期" in html and f'value="{wrong}"' in html
    assert not CheckIn.objects.exists()


def test_outside_the_window_the_page_and_the_button_say_so(world, client):
    later = make_activity(world, mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=(world.member.pk,)))
    code = services.current_venue_code(later)
    assert "不在签到时间内" in client.get(checkin_url(later, code)).content.decode()
    response = client.post(checkin_url(later), {"code": code})
    assert "不在签到时间内" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_member_not_on_the_list_is_told(world, client):
    activity = move_start(make_activity(world), starts_in_minutes=30)
    html = client.get(checkin_url(activity, services.current_venue_code(activity))).content.decode()
    assert "您不在本活动的参加名单中" in html
    response = client.post(checkin_url(activity), {"code": services.current_venue_code(activity)})
    assert "您不在本活动的参加名单中" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_my_code_shows_a_qr_of_my_personal_code(world, client):
    response = client.get(reverse("activities:my_code"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and 'data-testid="member-qr"' in html
    code = response.context["code"]
    assert services.member_from_code(code, committee=world.committee) == world.member
    number = services.member_number(world.member)
    assert f"{number[:3]}&#8201;{number[3:]}" in html  # six digits in large type under the QR
    refresh = int(re.search(r'data-lz-reload-after="(\d+)"', html)[1])
    assert 1 <= refresh <= services.MEMBER_NUMBER_SLOT_SECONDS


def test_roles_without_participate_get_403(world, meeting):
    client = world.client(Role.HANDLING_UNIT)
    assert client.get(checkin_url(meeting)).status_code == 403
    assert client.post(checkin_url(meeting), {"code": services.current_venue_code(meeting)}).status_code == 403
    assert client.get(reverse("activities:my_code")).status_code == 403


def test_outsiders_get_404(world, outsider, meeting):
    client = outsider.client(Role.MEMBER)
    assert client.get(checkin_url(meeting)).status_code == 404
    assert client.post(checkin_url(meeting), {"code": services.current_venue_code(meeting)}).status_code == 404
    assert not CheckIn.objects.exists()
