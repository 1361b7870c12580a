"""The organisers' daily watch: an activity below its minimum size (名额下限) before its registration deadline
warns its organisers once, who may extend the deadline (screen and API) or cancel; activities over but never
closed remind their organisers every day until attendance is confirmed, so the ledger misses nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from lvzhi.activities import services
from lvzhi.activities.models import Activity, ActivityEvent
from lvzhi.activities.tests.factories import crowd, hours_from_now, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Notification, RoleAssignment
from lvzhi.testing import make_user

A = Activity.Status


def undersized_activity(world, **data):
    """Sign-ups close in two days; at least three members wanted, one signed up."""
    activity = make_activity(
        world, starts_in_hours=24 * 5, min_participants=3, registration_closes_at=hours_from_now(48), **data
    )
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    return activity


def notes(user, kind):
    with scopes_disabled():
        return list(Notification.objects.filter(user=user, kind=kind))


def test_organisers_are_warned_once_before_the_deadline(world):
    activity = undersized_activity(world)
    assert services.send_undersize_warnings() == 1
    staff = world.users[Role.MEMBER_AFFAIRS]
    (note,) = notes(staff, "activity.undersized")
    assert "已报名 1 人" in note.body and "名额下限 3 人" in note.body
    assert ActivityEvent.objects.filter(activity=activity, action="undersize_warned").exists()
    assert services.send_undersize_warnings() == 0  # once per deadline


def test_no_warning_when_enough_signed_up_or_the_deadline_is_far(world):
    full = undersized_activity(world)
    for member in crowd(world, 2):
        services.register_for_activity(full, member=member, actor=member.user)
    make_activity(world, starts_in_hours=24 * 20, min_participants=3, registration_closes_at=hours_from_now(24 * 10))
    assert services.send_undersize_warnings() == 0
    assert not notes(world.users[Role.MEMBER_AFFAIRS], "activity.undersized")


def test_a_groups_activity_warns_its_convenor_too(world):
    convenor = make_user(world.committee, Role.GROUP_CONVENOR)
    RoleAssignment.objects.filter(user=convenor).update(sector_group=world.group)
    undersized_activity(world, organiser_group=world.group)
    services.send_undersize_warnings()
    assert notes(convenor, "activity.undersized") and notes(world.users[Role.MEMBER_AFFAIRS], "activity.undersized")


def test_extending_reopens_sign_ups_rearms_the_warning_and_is_on_the_timeline(world):
    activity = undersized_activity(world)
    services.send_undersize_warnings()
    services.close_registration(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    later = hours_from_now(24 * 4)
    services.extend_registration(activity, closes_at=later, actor=world.users[Role.MEMBER_AFFAIRS])
    activity.refresh_from_db()
    assert (activity.status, activity.registration_closes_at, activity.undersize_warned_at) == (
        A.PUBLISHED,
        later,
        None,
    )
    event = ActivityEvent.objects.get(activity=activity, action="extend_registration")
    assert event.from_status == A.REGISTRATION_CLOSED and event.data["new_deadline"] == later.isoformat()


@pytest.mark.parametrize(
    ("hours", "code"), [(-1, "activity.deadline_in_past"), (24 * 6, "activity.deadline_after_start")]
)
def test_a_bad_deadline_is_refused_in_chinese(world, hours, code):
    activity = undersized_activity(world)
    before = activity.registration_closes_at
    with pytest.raises(DomainError) as exc:
        services.extend_registration(activity, closes_at=hours_from_now(hours), actor=world.users[Role.MEMBER_AFFAIRS])
    assert exc.value.code == code and exc.value.message
    activity.refresh_from_db()
    assert activity.registration_closes_at == before


def test_the_detail_page_offers_extend_and_cancel_when_undersized(world):
    activity = undersized_activity(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    html = client.get(reverse("activities:manage_detail", args=[activity.pk])).content.decode()
    assert 'data-testid="undersized"' in html and 'data-testid="confirm-cancel"' in html
    later = timezone.localtime(hours_from_now(24 * 4)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("activities:manage_extend", args=[activity.pk]), {"closes_at": later.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.registration_closes_at == later
    page = client.get(reverse("activities:manage_detail", args=[activity.pk])).content.decode()
    assert "已延长报名" in page and "延长报名" in page


def test_the_page_says_why_an_extension_was_refused(world):
    activity = undersized_activity(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    too_late = timezone.localtime(hours_from_now(24 * 6)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(reverse("activities:manage_extend", args=[activity.pk]), {"closes_at": too_late}, follow=True)
    assert "报名截止时间不能晚于活动开始时间" in page.content.decode()


def test_the_api_extends_and_refuses_members_and_outsiders(world, outsider):
    activity = undersized_activity(world)
    url = f"/api/v1/activities/{activity.pk}/extend-registration"
    body = {"closes_at": hours_from_now(24 * 4).isoformat()}
    assert world.client(Role.MEMBER).post(url, body, content_type="application/json").status_code == 403
    assert outsider.client(Role.MEMBER_AFFAIRS).post(url, body, content_type="application/json").status_code == 404
    response = world.client(Role.MEMBER_AFFAIRS).post(url, body, content_type="application/json")
    assert (response.status_code, response.json()["status"]) == (200, "published")


def test_activities_never_closed_remind_their_organisers_daily(world, outsider):
    over = make_activity(world)
    move_start(over, starts_in_minutes=-300)
    closed = make_activity(world)
    move_start(closed, starts_in_minutes=-300)
    services.close_activity(closed, actor=world.users[Role.MEMBER_AFFAIRS])
    theirs = make_activity(outsider)
    move_start(theirs, starts_in_minutes=-300)
    out = StringIO()
    call_command("remind_organisers", stdout=out)
    assert "待确认考勤提醒 2 个活动" in out.getvalue()
    (note,) = notes(world.users[Role.MEMBER_AFFAIRS], "activity.needs_closing")
    assert over.title in note.title and note.source_id == over.pk
    assert len(notes(outsider.users[Role.MEMBER_AFFAIRS], "activity.needs_closing")) == 1
    assert services.remind_to_close() == 0  # once a day
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert services.remind_to_close(now=tomorrow) == 2
