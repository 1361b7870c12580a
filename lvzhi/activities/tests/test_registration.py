import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.queries import waitlist_position
from lvzhi.activities.tests.factories import crowd, make_activity
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import Notification
from lvzhi.core.sms import MemorySmsBackend

R = Registration.Status


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "lvzhi.core.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    return MemorySmsBackend.outbox


@pytest.fixture
def staff(world):
    return world.users[Role.MEMBER_AFFAIRS]


def sign_up(activity, member):
    return services.register_for_activity(activity, member=member, actor=member.user)


def statuses(activity):
    return list(activity.registrations.order_by("id").values_list("status", "position"))


def test_members_take_places_until_full_then_queue_in_order(world):
    activity = make_activity(world, capacity=2)
    members = crowd(world, 4)
    results = [sign_up(activity, m) for m in members]
    assert [r.status for r in results] == [R.CONFIRMED, R.CONFIRMED, R.WAITLISTED, R.WAITLISTED]
    assert [waitlist_position(r) for r in results] == [None, None, 1, 2]


def test_signing_up_twice_is_a_conflict(world):
    activity = make_activity(world)
    sign_up(activity, world.member)
    with pytest.raises(Conflict) as error:
        sign_up(activity, world.member)
    assert error.value.code == "registration.exists"


def test_signing_up_after_the_deadline_or_once_closed_is_a_conflict(world, staff):
    activity = make_activity(world, registration_closes_at=timezone.now() + timezone.timedelta(hours=1))
    Activity.objects.filter(pk=activity.pk).update(registration_closes_at=timezone.now())
    with pytest.raises(Conflict) as error:
        sign_up(activity, world.member)
    assert error.value.code == "registration.closed"
    other = make_activity(world)
    services.close_registration(other, actor=staff)
    with pytest.raises(Conflict):
        sign_up(other, world.member)


def test_a_member_outside_the_audience_is_refused(world):
    activity = make_activity(world, audience=services.Audience(group_ids=(world.group.pk,)))
    (outside,) = crowd(world, 1, sector_index=3)
    with pytest.raises(NotAllowed) as error:
        sign_up(activity, outside)
    assert error.value.code == "activity.not_in_audience"
    assert sign_up(activity, world.member).status == R.CONFIRMED


def test_an_invited_meeting_takes_no_sign_ups_but_an_invited_member_confirms(world):
    activity = make_activity(
        world, mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=(world.member.pk,))
    )
    (stranger,) = crowd(world, 1)
    with pytest.raises(NotAllowed):
        sign_up(activity, stranger)
    assert sign_up(activity, world.member).status == R.CONFIRMED


def test_cancelling_gives_the_place_to_the_first_waiting_member_who_is_told(
    world, sms, django_capture_on_commit_callbacks
):
    activity = make_activity(world, capacity=1)
    first, second, third = crowd(world, 3)
    held = sign_up(activity, first)
    sign_up(activity, second)
    sign_up(activity, third)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(held, actor=first.user)
    assert statuses(activity) == [(R.CANCELLED, None), (R.CONFIRMED, None), (R.WAITLISTED, 2)]
    assert Notification.objects.get(kind="registration.promoted").user == second.user
    assert [m.to for m in sms] == [second.mobile]
    assert waitlist_position(activity.registrations.get(member=third)) == 1


def test_only_the_member_cancels_their_sign_up_and_an_invited_member_asks_for_leave(world):
    menu = make_activity(world)
    registration = sign_up(menu, world.member)
    with pytest.raises(NotAllowed):
        services.cancel_registration(registration, actor=world.users[Role.ADMIN])
    meeting = make_activity(world, mode=Activity.Mode.INVITE)
    invited = meeting.registrations.get(member=world.member)
    with pytest.raises(Conflict) as error:
        services.cancel_registration(invited, actor=world.member.user)
    assert error.value.code == "registration.use_leave"


def test_signing_up_again_after_cancelling_joins_the_end_of_the_queue(world):
    activity = make_activity(world, capacity=1)
    first, second, third = crowd(world, 3)
    sign_up(activity, first)
    left = sign_up(activity, second)
    sign_up(activity, third)
    services.cancel_registration(left, actor=second.user)
    back = sign_up(activity, second)
    assert back.status == R.WAITLISTED
    assert waitlist_position(back) == 2


def test_the_organiser_swaps_a_confirmed_member_for_a_waiting_one_and_both_are_told(world, staff):
    activity = make_activity(world, capacity=1)
    first, second = crowd(world, 2)
    held = sign_up(activity, first)
    waiting = sign_up(activity, second)
    with pytest.raises(Conflict) as error:
        services.adjust_registration(waiting, action="confirm", actor=staff)
    assert error.value.code == "activity.full"
    services.adjust_registration(held, action="waitlist", actor=staff, note="平衡界别")
    assert activity.registrations.get(member=second).status == R.WAITLISTED  # no automatic promotion
    services.adjust_registration(waiting, action="confirm", actor=staff)
    assert dict(activity.registrations.values_list("member_id", "status")) == {
        first.pk: R.WAITLISTED,
        second.pk: R.CONFIRMED,
    }
    told = Notification.objects.filter(kind="registration.adjusted").values_list("user_id", flat=True)
    assert sorted(told) == sorted([first.user_id, second.user_id])


def test_removing_a_member_promotes_the_next_in_line(world, staff):
    activity = make_activity(world, capacity=1)
    first, second = crowd(world, 2)
    held = sign_up(activity, first)
    sign_up(activity, second)
    services.adjust_registration(held, action="remove", actor=staff)
    assert activity.registrations.get(member=second).status == R.CONFIRMED


def test_reassigning_moves_a_member_to_another_activity_and_frees_the_place(world, staff):
    crowded = make_activity(world, capacity=1)
    quiet = make_activity(world, capacity=10)
    first, second = crowd(world, 2)
    held = sign_up(crowded, first)
    sign_up(crowded, second)
    moved = services.reassign_registration(held, to_activity=quiet, actor=staff, note="名额调剂")
    assert moved.activity == quiet and moved.status == R.CONFIRMED
    held.refresh_from_db()
    assert held.status == R.REASSIGNED and held.reassigned_to == quiet
    assert crowded.registrations.get(member=second).status == R.CONFIRMED
    assert Notification.objects.filter(user=first.user, kind="registration.reassigned").exists()
    with pytest.raises(DomainError):
        services.reassign_registration(moved, to_activity=quiet, actor=staff)


def test_raising_the_capacity_promotes_from_the_waiting_list(world, staff):
    activity = make_activity(world, capacity=1)
    members = crowd(world, 3)
    for member in members:
        sign_up(activity, member)
    services.update_activity(activity, data={"capacity": 2}, actor=staff)
    assert activity.registrations.filter(status=R.CONFIRMED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_hundred_simultaneous_sign_ups_never_overfill_fifty_seats(world, file_db):
    """PostgreSQL locks rows; SQLite (a file database, as deployed) serialises writers with IMMEDIATE transactions."""
    members = crowd(world, 200)
    activity = make_activity(world, capacity=50)
    start = threading.Barrier(200)
    # PostgreSQL allows 100 connections here and other work shares them: 40 transactions race at a time. SQLite
    # queues writers on one lock with a 20 s busy timeout: 8 at a time keep the queue within it on a loaded machine.
    connections = threading.BoundedSemaphore(40 if connection.vendor == "postgresql" else 8)

    def attempt(member):
        start.wait()
        with connections:
            try:
                with scope(committee=world.committee):
                    return sign_up(activity, member).status
            finally:
                connection.close()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=200) as pool:
        outcomes = list(pool.map(attempt, members))
    elapsed = time.perf_counter() - began
    print(f"\n200 sign-ups for 50 seats: {elapsed:.2f}s, {200 / elapsed:.0f}/s")
    assert outcomes.count(R.CONFIRMED) == 50
    assert outcomes.count(R.WAITLISTED) == 150
    assert activity.registrations.filter(status=R.CONFIRMED).count() == 50
    positions = sorted(activity.registrations.filter(status=R.WAITLISTED).values_list("position", flat=True))
    assert positions == list(range(1, 151))

    cancelled = activity.registrations.filter(status=R.CONFIRMED).first()
    first_waiting = activity.registrations.filter(status=R.WAITLISTED).order_by("position").first()
    with scope(committee=world.committee):
        services.cancel_registration(cancelled, actor=cancelled.member.user)
    first_waiting.refresh_from_db()
    assert first_waiting.status == R.CONFIRMED
    assert activity.registrations.filter(status=R.CONFIRMED).count() == 50
