import datetime
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from lvzhi.activities import services
from lvzhi.activities.models import Activity, CheckIn, LeaveRequest
from lvzhi.activities.queries import live_board
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import AuditEvent
from lvzhi.ledger.taxonomy import ActivityKind


@pytest.fixture
def staff(world):
    return world.users[Role.MEMBER_AFFAIRS]


@pytest.fixture
def meeting(world):
    """An invited meeting starting in 30 minutes: members may check in already (window opens 60 minutes before)."""
    return move_start(make_activity(world, mode=Activity.Mode.INVITE, kind=ActivityKind.PLENARY), starts_in_minutes=30)


def scan(activity, member, code=None):
    code = services.current_venue_code(activity) if code is None else code
    return services.check_in_with_venue_code(activity, member=member, code=code, actor=member.user)


def test_the_venue_code_rotates_and_a_code_one_slot_old_still_works(world, meeting):
    now = timezone.now()
    slot = datetime.timedelta(seconds=services.VENUE_CODE_SLOT_SECONDS)
    code = services.current_venue_code(meeting, now)
    assert len(code) == 6 and code.isdigit()
    assert services.verify_venue_code(meeting, f"{code[:3]} {code[3:]}", now + slot)  # as the screen groups it
    assert not services.verify_venue_code(meeting, code, now + 2 * slot)
    assert services.current_venue_code(meeting, now + 2 * slot) != code


def test_a_member_checks_in_with_the_venue_code_and_a_second_scan_returns_the_same_record(world, meeting):
    checkin, created = scan(meeting, world.member)
    again, created_again = scan(meeting, world.member)
    assert (created, created_again) == (True, False)
    assert again.pk == checkin.pk and checkin.status == CheckIn.Status.PRESENT
    assert CheckIn.objects.filter(activity=meeting).count() == 1


def test_checking_in_never_starts_the_activity_the_organiser_does(world, meeting, staff):
    scan(meeting, world.member)  # half an hour early
    assert Activity.objects.get(pk=meeting.pk).status == meeting.status
    assert not meeting.events.filter(action="start").exists()
    started = move_start(meeting, starts_in_minutes=-5)
    services.check_in_member(started, member=crowd_member(world, started), actor=staff)
    assert Activity.objects.get(pk=meeting.pk).status == meeting.status
    # Begun early by hand, it can be ended before the scheduled start: 结束活动 answers what it offers.
    services.start_activity(move_start(meeting, starts_in_minutes=20), actor=staff)
    ended = services.end_activity(meeting, actor=staff)
    assert ended.status == Activity.Status.ENDED


def crowd_member(world, activity):
    (member,) = crowd(world, 1)
    services.invite_members(activity, members=[member], actor=world.users[Role.MEMBER_AFFAIRS])
    return member


def test_too_many_wrong_venue_codes_lock_the_member_out_for_a_while(world, meeting):
    right = services.current_venue_code(meeting)
    wrong = str((int(right) + 1) % 10**6).zfill(6)
    for _ in range(services.VENUE_CODE_TRIES):
        with pytest.raises(DomainError) as error:
            scan(meeting, world.member, code=wrong)
        assert error.value.code == "checkin.bad_code"
    with pytest.raises(Conflict) as error:
        scan(meeting, world.member, code=right)  # even the right code: guessing a million must not pay
    assert error.value.code == "checkin.too_many_tries"
    assert AuditEvent.objects.filter(action="checkin.bad_code", actor=world.member.user).count() == 5
    assert not CheckIn.objects.filter(activity=meeting).exists()


def test_arriving_after_the_late_threshold_is_marked_late(world, meeting):
    meeting = move_start(meeting, starts_in_minutes=-20)
    checkin, _ = scan(meeting, world.member)
    assert checkin.status == CheckIn.Status.LATE


def test_members_check_in_only_inside_the_window(world, meeting):
    too_early = move_start(meeting, starts_in_minutes=90)
    with pytest.raises(Conflict) as error:
        scan(too_early, world.member)
    assert error.value.code == "checkin.outside_window"
    after_the_end = move_start(meeting, starts_in_minutes=-180, minutes=120)
    with pytest.raises(Conflict):
        scan(after_the_end, world.member)


def test_a_wrong_or_stale_code_is_refused(world, meeting):
    stale = services.current_venue_code(meeting, timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(DomainError) as error:
        scan(meeting, world.member, code=stale)
    assert error.value.code == "checkin.bad_code"
    with pytest.raises(DomainError):
        scan(meeting, world.member, code=services.current_venue_code(make_activity(world)))


def test_a_member_not_on_the_list_cannot_check_in(world):
    activity = move_start(make_activity(world), starts_in_minutes=10)
    with pytest.raises(NotAllowed) as error:
        scan(activity, world.member)
    assert error.value.code == "checkin.not_on_list"


def test_staff_check_a_member_in_by_hand_after_the_end_and_it_is_audited(world, meeting, staff):
    meeting = move_start(meeting, starts_in_minutes=-300)
    checkin, created = services.check_in_member(meeting, member=world.member, actor=staff)
    assert created and checkin.method == CheckIn.Method.MANUAL and checkin.recorded_by == staff
    assert AuditEvent.objects.filter(action="checkin.manual", object_id=str(checkin.pk), actor=staff).exists()
    services.close_activity(meeting, actor=staff)
    with pytest.raises(Conflict) as error:
        services.check_in_member(meeting, member=world.member, actor=staff)
    assert error.value.code == "checkin.closed"


def test_staff_scan_the_members_personal_code(world, meeting, staff):
    code = services.member_code(world.member)
    checkin, created = services.check_in_with_member_code(meeting, code=code, actor=staff)
    assert created and checkin.member == world.member and checkin.method == CheckIn.Method.MEMBER_CODE
    with pytest.raises(DomainError) as error:
        services.check_in_with_member_code(meeting, code=code[:-2] + "xx", actor=staff)
    assert error.value.code == "checkin.bad_member_code"


def test_staff_type_the_six_digits_under_the_members_qr(world, meeting, staff):
    number = services.member_number(world.member)
    assert len(number) == 6 and number.isdigit()
    checkin, created = services.check_in_with_member_code(meeting, code=f"{number[:3]} {number[3:]}", actor=staff)
    assert created and checkin.member == world.member and checkin.method == CheckIn.Method.MEMBER_CODE
    __, again = services.check_in_with_member_code(meeting, code=number, actor=staff)
    assert again is False
    later = timezone.now() + datetime.timedelta(seconds=2 * services.MEMBER_NUMBER_SLOT_SECONDS)
    with pytest.raises(DomainError) as error:
        services.member_from_number(meeting, number, later)
    assert error.value.code == "checkin.bad_member_code"


def test_a_members_six_digits_mean_nothing_at_an_activity_they_are_not_on(world, staff):
    elsewhere = move_start(make_activity(world), starts_in_minutes=10)
    with pytest.raises(DomainError) as error:
        services.check_in_with_member_code(elsewhere, code=services.member_number(world.member), actor=staff)
    assert "不在本活动的参加名单中" in error.value.message


def test_a_personal_code_expires(world, meeting, staff, monkeypatch):
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - services.MEMBER_CODE_MAX_AGE - 1)
    code = services.member_code(world.member)
    monkeypatch.undo()
    with pytest.raises(DomainError):
        services.check_in_with_member_code(meeting, code=code, actor=staff)


def test_the_live_board_counts_present_late_excused_and_missing(world, staff):
    members = crowd(world, 4)
    activity = make_activity(
        world, mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=tuple(m.pk for m in members))
    )
    leave = services.request_leave(activity, member=members[3], kind="sick", reason="住院", actor=members[3].user)
    services.approve_leave(leave, actor=staff)
    activity = move_start(activity, starts_in_minutes=-30)
    services.check_in_member(activity, member=members[0], actor=staff)
    Activity.objects.filter(pk=activity.pk).update(late_after=60)
    activity.refresh_from_db()
    services.check_in_member(activity, member=members[1], actor=staff)
    board = live_board(activity)
    assert (board.expected, board.present, board.late, board.on_leave, board.missing) == (4, 1, 1, 1, 1)
    assert board.missing_members == [members[2]]
    assert LeaveRequest.objects.get(pk=leave.pk).status == LeaveRequest.Status.APPROVED


@pytest.mark.django_db(transaction=True)
def test_simultaneous_scans_give_one_record_per_member(world, file_db):
    """PostgreSQL locks rows; SQLite (a file database, as deployed) serialises writers with IMMEDIATE transactions."""
    members = crowd(world, 30)
    activity = make_activity(
        world, mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=tuple(m.pk for m in members))
    )
    activity = move_start(activity, starts_in_minutes=10)
    # Every member scans three times at once: 90 attempts, 30 connections racing at a time.
    attempts = [m for m in members for _ in range(3)]
    start = threading.Barrier(len(attempts))
    # SQLite queues writers on one lock (20 s busy timeout): fewer at a time keep the queue within it.
    connections = threading.BoundedSemaphore(30 if connection.vendor == "postgresql" else 8)

    def attempt(member):
        start.wait()
        with connections:
            try:
                with scope(committee=world.committee):
                    checkin, created = scan(activity, member)
                    return checkin.pk, created
            finally:
                connection.close()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        outcomes = list(pool.map(attempt, attempts))
    elapsed = time.perf_counter() - began
    print(f"\n{len(attempts)} simultaneous scans by {len(members)} members: {elapsed:.2f}s")
    assert CheckIn.objects.filter(activity=activity).count() == 30
    assert sum(created for _, created in outcomes) == 30
    assert len({pk for pk, _ in outcomes}) == 30
    assert Activity.objects.get(pk=activity.pk).status == activity.status  # arrivals do not start it
    assert not activity.events.filter(action="start").exists()
