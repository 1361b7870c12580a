import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, ActivityEvent
from lvzhi.activities.tests.factories import crowd, hours_from_now, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Notification
from lvzhi.core.sms import MemorySmsBackend
from lvzhi.ledger.taxonomy import ActivityKind


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "lvzhi.core.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    return MemorySmsBackend.outbox


@pytest.fixture
def staff(world):
    return world.users[Role.MEMBER_AFFAIRS]


def test_a_new_activity_is_a_draft_with_its_creation_on_the_timeline(world, staff):
    activity = make_activity(world, publish=False, capacity=30, goal="摸清情况", counterpart_department="市发改委")
    assert activity.status == Activity.Status.DRAFT
    assert activity.term == world.term
    assert list(activity.events.values_list("action", "to_status")) == [("create", "draft")]


def test_an_end_before_the_start_is_refused_with_the_field_named(world):
    with pytest.raises(DomainError) as error:
        make_activity(world, publish=False, hours=-1)
    assert "ends_at" in error.value.fields


def test_a_past_activity_is_published_only_when_recorded_afterwards(world, staff):
    activity = make_activity(world, publish=False, starts_in_hours=-24)
    with pytest.raises(Conflict) as error:
        services.publish_activity(activity, actor=staff)
    assert error.value.code == "activity.in_past"
    with pytest.raises(DomainError):
        make_activity(world, publish=False, recorded_afterwards=True)


def test_publishing_an_invited_meeting_invites_the_audience_and_tells_them(
    world, staff, sms, mailoutbox, django_capture_on_commit_callbacks
):
    world.member.email = "liming@example.cn"
    world.member.save()
    others = crowd(world, 3, sector_index=1)
    activity = make_activity(
        world,
        publish=False,
        mode=Activity.Mode.INVITE,
        kind=ActivityKind.COMMITTEE_MEETING,
        audience=services.Audience(sector_ids=(world.sectors[0].pk,)),
    )
    services.invite_members(activity, members=others[:1], actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_activity(activity, actor=staff)
    invited = set(activity.registrations.values_list("member_id", "status"))
    assert invited == {(world.member.pk, "invited"), (others[0].pk, "invited")}
    assert Notification.objects.filter(kind="activity.invited").count() == 2
    assert sorted(m.to for m in sms) == sorted([world.member.mobile, others[0].mobile])
    assert mailoutbox[0].to == ["liming@example.cn"]
    assert activity.title in mailoutbox[0].subject


def test_publishing_a_menu_item_announces_it_in_the_inbox_only(
    world, sms, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        activity = make_activity(world)
    assert activity.status == Activity.Status.PUBLISHED
    assert Notification.objects.filter(user=world.member.user, kind="activity.published").exists()
    assert sms == [] and mailoutbox == []
    assert not activity.registrations.exists()


def test_a_menu_item_with_nobody_in_its_audience_cannot_be_published(world, staff):
    activity = make_activity(world, publish=False, audience=services.Audience(sector_ids=(world.sectors[5].pk,)))
    with pytest.raises(DomainError) as error:
        services.publish_activity(activity, actor=staff)
    assert error.value.code == "activity.no_audience"


def test_withdrawing_goes_back_to_draft_until_someone_signs_up(world, staff):
    activity = make_activity(world)
    services.withdraw_activity(activity, actor=staff, reason="议题调整")
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.DRAFT
    services.publish_activity(activity, actor=staff)
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    with pytest.raises(Conflict) as error:
        services.withdraw_activity(activity, actor=staff)
    assert error.value.code == "activity.has_registrations"


def test_cancelling_tells_everyone_on_the_list_and_the_waiting_list(
    world, staff, sms, django_capture_on_commit_callbacks
):
    first, second = crowd(world, 2)
    activity = make_activity(world, capacity=1)
    services.register_for_activity(activity, member=first, actor=first.user)
    services.register_for_activity(activity, member=second, actor=second.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_activity(activity, actor=staff, reason="天气原因")
    told = set(Notification.objects.filter(kind="activity.cancelled").values_list("user_id", flat=True))
    assert told == {first.user_id, second.user_id}
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.CANCELLED
    assert ActivityEvent.objects.get(activity=activity, action="cancel").note == "天气原因"


def test_rescheduling_keeps_the_old_time_on_the_timeline_and_tells_everyone(world, staff):
    activity = make_activity(world)
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    old_start = activity.starts_at
    new_start = hours_from_now(72)
    services.reschedule_activity(
        activity,
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(hours=2),
        location="政协二楼",
        reason="与常委会冲突",
        actor=staff,
    )
    event = ActivityEvent.objects.get(activity=activity, action="reschedule")
    assert event.data["old"]["starts_at"] == old_start.isoformat()
    assert event.data["new"]["location"] == "政协二楼"
    assert Activity.objects.get(pk=activity.pk).starts_at == new_start
    assert Notification.objects.filter(user=world.member.user, kind="activity.rescheduled").exists()


def test_time_and_place_change_after_publishing_only_by_rescheduling(world, staff):
    activity = make_activity(world)
    with pytest.raises(Conflict) as error:
        services.update_activity(activity, data={"location": "别处"}, actor=staff)
    assert error.value.code == "activity.use_reschedule"
    services.update_activity(activity, data={"goal": "形成调研报告"}, actor=staff)
    assert Activity.objects.get(pk=activity.pk).goal == "形成调研报告"


def test_capacity_cannot_drop_below_the_places_taken(world, staff):
    activity = make_activity(world, capacity=5)
    for member in crowd(world, 2):
        services.register_for_activity(activity, member=member, actor=member.user)
    with pytest.raises(Conflict) as error:
        services.update_activity(activity, data={"capacity": 1}, actor=staff)
    assert error.value.code == "activity.capacity_below_confirmed"


def test_the_organiser_walks_an_activity_through_to_the_archive(world, staff):
    activity = make_activity(world)
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    services.close_registration(activity, actor=staff)
    services.confirm_list(activity, actor=staff)
    services.send_notice(activity, actor=staff, note="请携带材料")
    activity = move_start(activity, starts_in_minutes=-10)
    services.start_activity(activity, actor=staff)
    services.end_activity(activity, actor=staff)
    services.close_activity(activity, actor=staff)
    services.record_outcome(activity, minutes="会议纪要……", outcome="形成建议6条", suggestions_count=6, actor=staff)
    services.archive_activity(activity, actor=staff)
    steps = list(activity.events.values_list("to_status", flat=True))
    assert steps == [
        "draft",
        "published",
        "registration_closed",
        "list_confirmed",
        "notified",
        "in_progress",
        "ended",
        "attendance_confirmed",
        "outcome_recorded",
        "archived",
    ]
    assert Activity.objects.get(pk=activity.pk).suggestions_count == 6


def test_reminders_go_the_day_before_once_and_again_after_a_reschedule(world, staff):
    tomorrow_ten = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(10))
    )
    activity = make_activity(world, mode=Activity.Mode.INVITE, starts_in_hours=24 * 5)
    Activity.objects.filter(pk=activity.pk).update(starts_at=tomorrow_ten, ends_at=tomorrow_ten)
    make_activity(world, mode=Activity.Mode.INVITE, starts_in_hours=24 * 5)

    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "1" in out.getvalue()
    assert services.send_reminders() == 0
    reminded = Notification.objects.filter(kind="activity.reminder")
    assert list(reminded.values_list("user_id", "source_id")) == [(world.member.user_id, activity.pk)]

    services.reschedule_activity(
        activity, starts_at=tomorrow_ten, ends_at=tomorrow_ten + datetime.timedelta(hours=1), reason="延长", actor=staff
    )
    assert services.send_reminders() == 1
