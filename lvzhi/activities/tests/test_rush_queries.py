"""What a sign-up and a check-in cost in queries, pinned: in a rush (400 members for 100 seats, a 1,000-member plenary
at the door) every query is paid hundreds of times, and on SQLite the writing ones queue on one lock.

Counts inside a test include the SAVEPOINT and RELEASE the test's own transaction turns each atomic block into."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lvzhi.activities import services
from lvzhi.activities.models import Activity, CheckIn, Registration
from lvzhi.activities.services.common import lock_activity
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.ledger.taxonomy import ActivityKind

API = "/api/v1/activities"
SAVEPOINT = 2  # SAVEPOINT + RELEASE around the service's transaction, inside the test's


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get("/api/v1/me")  # the session and the committee are settled; what follows is the sign-up alone
    return client


@pytest.fixture
def staff(world):
    return world.users[Role.MEMBER_AFFAIRS]


@pytest.fixture
def plenary(world, staff):
    """An invited plenary starting in 30 minutes (its door is open), three members on the list."""
    activity = make_activity(world, mode=Activity.Mode.INVITE, kind=ActivityKind.PLENARY)
    services.invite_members(activity, members=crowd(world, 3), actor=staff)
    return move_start(activity, starts_in_minutes=30)


def test_a_sign_up_costs_five_queries_whether_it_gets_a_seat_or_waits(world, django_assert_num_queries):
    # who may sign up (1); lock the activity (1), places taken + own row + end of the queue (1), insert, audit
    activity = make_activity(world, capacity=1)
    first, second = crowd(world, 2)
    with django_assert_num_queries(5 + SAVEPOINT):
        seated = services.register_for_activity(activity, member=first, actor=first.user)
    with django_assert_num_queries(5 + SAVEPOINT):
        waiting = services.register_for_activity(activity, member=second, actor=second.user)
    assert (seated.status, waiting.status, waiting.position) == ("confirmed", "waitlisted", 1)


def test_a_sign_up_through_the_api_stays_within_its_budget(world, django_assert_max_num_queries):
    # session, user, roles, the activity and the member (5), then the service (5)
    activity = make_activity(world, capacity=10)
    (member,) = crowd(world, 1)
    client = client_of(member.user)
    with django_assert_max_num_queries(10 + SAVEPOINT):
        response = client.post(f"{API}/{activity.pk}/registrations")
    assert response.status_code == 201


def test_a_check_in_costs_three_queries_and_a_repeat_scan_three(world, plenary, django_assert_num_queries):
    # the activity as it is now (1); the place, any check-in and the wrong tries (1); insert (1)
    member = plenary.registrations.select_related("member__user").first().member
    code = services.current_venue_code(plenary)
    with django_assert_num_queries(3 + SAVEPOINT):
        checkin, created = services.check_in_with_venue_code(plenary, member=member, code=code, actor=member.user)
    with django_assert_num_queries(3):  # the activity, the place with its check-in, the check-in
        again, created_again = services.check_in_with_venue_code(plenary, member=member, code=code, actor=member.user)
    assert created and not created_again and again.pk == checkin.pk


def test_a_check_in_through_the_api_stays_within_its_budget(world, plenary, django_assert_max_num_queries):
    member = plenary.registrations.select_related("member__user").first().member
    client = client_of(member.user)
    with django_assert_max_num_queries(8 + SAVEPOINT):
        response = client.post(
            f"{API}/{plenary.pk}/checkins", {"code": services.current_venue_code(plenary)}, "application/json"
        )
    assert response.status_code == 201


def test_wrong_codes_still_lock_a_member_out_after_five(world, plenary):
    member = plenary.registrations.select_related("member__user").first().member
    for _ in range(5):
        with pytest.raises(DomainError):
            services.check_in_with_venue_code(plenary, member=member, code="000000", actor=member.user)
    with pytest.raises(Conflict) as error:
        services.check_in_with_venue_code(
            plenary, member=member, code=services.current_venue_code(plenary), actor=member.user
        )
    assert error.value.code == "checkin.too_many_tries"
    assert not CheckIn.objects.filter(activity=plenary).exists()


def test_a_staff_check_in_of_someone_already_in_returns_their_row(world, plenary, staff):
    member = plenary.registrations.select_related("member__user").first().member
    first, created = services.check_in_member(plenary, member=member, actor=staff)
    again, created_again = services.check_in_member(plenary, member=member, actor=staff)
    assert created and not created_again and again.pk == first.pk
    assert AuditEvent.objects.filter(action="checkin.manual").count() == 1


def _promotion_queries(world, staff, waiting: int) -> int:
    activity = make_activity(world, capacity=1)
    for member in crowd(world, waiting + 1):
        services.register_for_activity(activity, member=member, actor=member.user)
    Activity.objects.filter(pk=activity.pk).update(capacity=waiting + 1)
    with CaptureQueriesContext(connection) as queries:
        promoted = services.promote_waitlisted(lock_activity(activity), actor=staff)
    assert len(promoted) == waiting
    rows = AuditEvent.objects.filter(action="registration.promoted", object_id__in=[str(r.pk) for r in promoted])
    assert rows.filter(object_repr__endswith="确认参加").count() == waiting
    return len(queries)


def test_promoting_many_from_the_waiting_list_costs_what_promoting_one_does(world, staff):
    assert _promotion_queries(world, staff, 5) == _promotion_queries(world, staff, 1)


def _marking_queries(world, staff, more: int) -> tuple[int, int]:
    """(queries, members marked) for a 补录 of a meeting two days ago to which every serving member was invited."""
    crowd(world, more)
    activity = make_activity(world, mode=Activity.Mode.INVITE, starts_in_hours=-48, recorded_afterwards=True)
    with CaptureQueriesContext(connection) as queries:
        marked = services.mark_unmarked_attendance(activity, attendance="present", actor=staff)
    assert set(activity.registrations.values_list("attendance", flat=True)) == {"present"}
    ids = [str(pk) for pk in activity.registrations.values_list("pk", flat=True)]
    assert AuditEvent.objects.filter(action="attendance.set", object_id__in=ids).count() == marked
    return len(queries), marked


def test_marking_everyone_unmarked_costs_what_marking_a_few_does(world, staff):
    few, many = _marking_queries(world, staff, 1), _marking_queries(world, staff, 8)
    assert many[1] > few[1]
    assert many[0] == few[0]


def test_inviting_many_costs_what_inviting_one_does(world, staff):
    counts = []
    for size in (1, 8):
        activity = make_activity(world, mode=Activity.Mode.INVITE, capacity=4, publish=False)
        members = crowd(world, size)
        with CaptureQueriesContext(connection) as queries:
            services.invite_members(activity, members=members, actor=staff, overflow="waitlist")
        counts.append(len(queries))
        statuses = list(activity.registrations.order_by("id").values_list("status", "position"))
        assert statuses == [("invited", None)] * min(size, 4) + [("waitlisted", p) for p in range(1, size - 3)]
    assert counts[0] == counts[1]
    assert Registration.objects.filter(status="waitlisted").count() == 4
