import pytest
from django.test import Client

from lvzhi.activities import services
from lvzhi.activities.models import Activity, CheckIn, LeaveRequest, Registration
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import ActivityKind

API = "/api/v1/activities"


@pytest.fixture
def staff(world):
    return world.client(Role.MEMBER_AFFAIRS)


@pytest.fixture
def member(world):
    return world.client(Role.MEMBER)


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_signing_up_returns_the_place_and_conflicts_say_why(world, member):
    activity = make_activity(world, capacity=1)
    (first,) = crowd(world, 1)
    assert client_of(first.user).post(f"{API}/{activity.pk}/registrations").json() == {
        "status": "confirmed",
        "position": None,
    }
    response = member.post(f"{API}/{activity.pk}/registrations")
    assert (response.status_code, response.json()) == (201, {"status": "waitlisted", "position": 1})
    again = member.post(f"{API}/{activity.pk}/registrations")
    assert (again.status_code, again.json()["error"]["code"]) == (409, "registration.exists")


def test_signing_up_when_closed_is_409_and_outside_the_audience_403(world, staff, member):
    closed = make_activity(world)
    staff.post(f"{API}/{closed.pk}/close-registration")
    assert member.post(f"{API}/{closed.pk}/registrations").json()["error"]["code"] == "registration.closed"
    crowd(world, 1, sector_index=4)
    elsewhere = make_activity(world, audience=services.Audience(sector_ids=(world.sectors[4].pk,)))
    response = member.post(f"{API}/{elsewhere.pk}/registrations")
    assert (response.status_code, response.json()["error"]["code"]) == (403, "activity.not_in_audience")


def test_cancelling_my_sign_up_promotes_the_first_waiting(world, member):
    activity = make_activity(world, capacity=1)
    (waiting,) = crowd(world, 1)
    member.post(f"{API}/{activity.pk}/registrations")
    client_of(waiting.user).post(f"{API}/{activity.pk}/registrations")
    assert member.delete(f"{API}/{activity.pk}/registrations/me").status_code == 204
    assert activity.registrations.get(member=waiting).status == Registration.Status.CONFIRMED
    assert member.delete(f"{API}/{activity.pk}/registrations/me").status_code == 409


def test_the_organiser_reads_and_adjusts_the_list(world, staff):
    activity = make_activity(world, capacity=1)
    quiet = make_activity(world)
    first, second = crowd(world, 2)
    services.register_for_activity(activity, member=first, actor=first.user)
    services.register_for_activity(activity, member=second, actor=second.user)
    items = staff.get(f"{API}/{activity.pk}/registrations").json()["items"]
    assert [(i["member_id"], i["status"], i["position"]) for i in items] == [
        (first.pk, "confirmed", None),
        (second.pk, "waitlisted", 1),
    ]
    url = f"{API}/{activity.pk}/registrations/{first.pk}/adjust"
    moved = staff.post(url, {"action": "reassign", "to_activity_id": quiet.pk}, content_type="application/json")
    assert moved.json()["status"] == "confirmed"
    assert activity.registrations.get(member=second).status == "confirmed"
    url = f"{API}/{activity.pk}/registrations/{second.pk}/adjust"
    assert staff.post(url, {"action": "waitlist"}, content_type="application/json").json()["status"] == "waitlisted"
    assert staff.post(url, {"action": "reassign"}, content_type="application/json").status_code == 400


def test_leave_is_asked_and_decided_by_the_routed_approver(world, member):
    activity = make_activity(world, mode=Activity.Mode.INVITE, kind=ActivityKind.PLENARY)
    response = member.post(
        f"{API}/{activity.pk}/leave", {"kind": "official", "reason": "外出招商"}, content_type="application/json"
    )
    assert response.status_code == 201
    leave = response.json()
    assert (leave["status"], leave["route"]) == ("pending", "leader")
    leader = world.client(Role.LEADER)
    assert [i["id"] for i in leader.get("/api/v1/leave-requests").json()["items"]] == [leave["id"]]
    refused = world.client(Role.MEMBER_AFFAIRS).post(
        f"/api/v1/leave-requests/{leave['id']}/approve", {}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "leave.not_approver")
    approved = leader.post(
        f"/api/v1/leave-requests/{leave['id']}/approve", {"note": "同意"}, content_type="application/json"
    )
    assert approved.json()["status"] == "approved"
    withdrawn = member.post(f"/api/v1/leave-requests/{leave['id']}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"


def test_leave_rejected_keeps_the_member_expected(world, member):
    activity = make_activity(world, mode=Activity.Mode.INVITE, kind=ActivityKind.STANDING_MEETING)
    leave_id = member.post(
        f"{API}/{activity.pk}/leave", {"reason": "家中有事"}, content_type="application/json"
    ).json()["id"]
    rejected = world.client(Role.LEADER).post(
        f"/api/v1/leave-requests/{leave_id}/reject", {"note": "请出席"}, content_type="application/json"
    )
    assert rejected.json()["status"] == "rejected"
    assert LeaveRequest.objects.get(pk=leave_id).registration.status == Registration.Status.INVITED


def test_a_member_checks_in_once_201_then_200_with_the_same_record(world, member):
    activity = move_start(make_activity(world, mode=Activity.Mode.INVITE), starts_in_minutes=20)
    code = services.current_venue_code(activity)
    first = member.post(f"{API}/{activity.pk}/checkins", {"code": code}, content_type="application/json")
    second = member.post(f"{API}/{activity.pk}/checkins", {"code": code}, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and first.json()["status"] == "present"
    assert CheckIn.objects.count() == 1


def test_checking_in_outside_the_window_is_409_and_a_wrong_code_400(world, member):
    early = move_start(make_activity(world, mode=Activity.Mode.INVITE), starts_in_minutes=120)
    response = member.post(
        f"{API}/{early.pk}/checkins", {"code": services.current_venue_code(early)}, content_type="application/json"
    )
    assert (response.status_code, response.json()["error"]["code"]) == (409, "checkin.outside_window")
    now = move_start(early, starts_in_minutes=10)
    wrong = member.post(f"{API}/{now.pk}/checkins", {"code": "zzzzzzzz"}, content_type="application/json")
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (400, "checkin.bad_code")


def test_staff_check_members_in_by_id_or_by_their_code_until_closed(world, staff, member):
    activity = move_start(make_activity(world, mode=Activity.Mode.INVITE), starts_in_minutes=-200)
    (other,) = crowd(world, 1)
    services.invite_members(activity, members=[other], actor=world.users[Role.MEMBER_AFFAIRS])
    by_id = staff.post(f"{API}/{activity.pk}/checkins", {"member_id": world.member.pk}, content_type="application/json")
    assert (by_id.status_code, by_id.json()["status"]) == (201, "late")
    assert AuditEvent.objects.filter(action="checkin.manual").count() == 1
    code = member.get("/api/v1/me/member-code").json()["code"]
    by_code = staff.post(f"{API}/{activity.pk}/checkins", {"member_code": code}, content_type="application/json")
    assert (by_code.status_code, by_code.json()["member_id"]) == (200, world.member.pk)
    number = services.member_number(other)
    by_number = staff.post(f"{API}/{activity.pk}/checkins", {"member_code": number}, content_type="application/json")
    assert (by_number.status_code, by_number.json()["member_id"]) == (201, other.pk)
    mine = member.get("/api/v1/me/member-code").json()
    assert mine["number"] == services.member_number(world.member) and mine["refresh_at"].endswith("+08:00")
    staff.post(f"{API}/{activity.pk}/close")
    closed = staff.post(f"{API}/{activity.pk}/checkins", {"member_id": other.pk}, content_type="application/json")
    assert (closed.status_code, closed.json()["error"]["code"]) == (409, "checkin.closed")  # already in, now closed


def test_the_organiser_sees_the_board_and_the_venue_code(world, staff):
    activity = move_start(make_activity(world, mode=Activity.Mode.INVITE), starts_in_minutes=-5)
    crowd_members = crowd(world, 2)
    services.invite_members(activity, members=crowd_members, actor=world.users[Role.MEMBER_AFFAIRS])
    services.check_in_member(activity, member=world.member, actor=world.users[Role.MEMBER_AFFAIRS])
    board = staff.get(f"{API}/{activity.pk}/board").json()
    assert (board["expected"], board["present"], board["missing"]) == (3, 1, 2)
    assert {m["id"] for m in board["missing_members"]} == {m.pk for m in crowd_members}
    venue = staff.get(f"{API}/{activity.pk}/venue-code").json()
    assert services.verify_venue_code(activity, venue["code"])
    assert venue["refresh_at"].endswith("+08:00")


def test_staff_mark_attendance_by_hand_and_closing_writes_the_ledger(world, staff):
    activity = move_start(make_activity(world, mode=Activity.Mode.INVITE), starts_in_minutes=-200)
    marked = staff.post(
        f"{API}/{activity.pk}/attendance",
        {"member_id": world.member.pk, "attendance": "left_early"},
        content_type="application/json",
    )
    assert marked.json()["attendance"] == "left_early"
    staff.post(f"{API}/{activity.pk}/close")
    assert DutyRecord.objects.get(member=world.member).role == "left_early"


def test_places_on_the_waiting_list_run_on_across_pages_in_a_fixed_number_of_queries(
    world, staff, django_assert_max_num_queries
):
    activity = make_activity(world, capacity=1)
    people = crowd(world, 4)
    for person in people:
        services.register_for_activity(activity, member=person, actor=person.user)
    staff.get(f"{API}/{activity.pk}/registrations")  # the session's first refresh is a write; not this page's
    with django_assert_max_num_queries(7):
        second_page = staff.get(f"{API}/{activity.pk}/registrations?page=2&page_size=2").json()
    assert second_page["count"] == 4
    assert [(i["member_id"], i["status"], i["position"]) for i in second_page["items"]] == [
        (people[2].pk, "waitlisted", 2),
        (people[3].pk, "waitlisted", 3),
    ]
