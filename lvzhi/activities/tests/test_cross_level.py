"""跨层级邀请 (issue 13): a city committee invites the members of a district below it. Only the members invited
are reached; they see, sign up and ask leave in their own committee; closing attendance writes their ledger row
in their own committee with the city's activity as its source; tenancy stays strict everywhere else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.tests.factories import move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Notification
from lvzhi.ledger.models import DutyRecord
from lvzhi.testing import World, build_world, make_activity, make_member

API = "/api/v1/activities"


@pytest.fixture
def district(world) -> World:
    """A district committee below the world's city, with its own staff, members and term."""
    below = build_world(code="district", name="示范区政协")
    below.committee.parent = world.committee
    below.committee.save(update_fields=["parent"])
    return below


def city_activity(world: World, district: World, **audience: object) -> Activity:
    return make_activity(
        world, audience=services.Audience(committee_ids=(district.committee.pk,), **audience), title="全市委员培训"
    )


def publish(world: World, activity: Activity) -> Activity:
    return services.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])


def test_an_invitation_to_a_lower_committee_reaches_only_its_members(world, district, outsider):
    woman = make_member(district, "王芳", gender="female")
    make_member(world, "城市女委员", gender="female")
    make_member(outsider, "邻市女委员", gender="female")
    activity = publish(world, city_activity(world, district, gender="female"))
    invited = set(Registration.objects.filter(activity=activity).values_list("member_id", flat=True))
    assert invited == {woman.pk}


def test_the_invited_member_is_told_in_their_own_committee(world, district):
    publish(world, city_activity(world, district))
    note = Notification.objects.get(user=district.member.user, kind="activity.invited")
    assert note.committee_id == district.committee.pk


def test_only_committees_below_may_be_invited(world, district, outsider):
    with pytest.raises(DomainError) as refused:
        city_activity(world, outsider)
    assert refused.value.fields == {"audience.committees": ["不存在"]}
    # Nor upwards: the district cannot invite the city's members.
    with pytest.raises(DomainError):
        make_activity(district, audience=services.Audience(committee_ids=(world.committee.pk,)))


def test_the_api_refuses_another_tree_and_names_the_field(world, outsider):
    start = timezone.now() + datetime.timedelta(days=5)
    body = {
        "title": "跨市邀请",
        "kind": "study",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=1)).isoformat(),
        "audience": {"committees": [outsider.committee.pk]},
    }
    response = world.client(Role.MEMBER_AFFAIRS).post(API, body, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["fields"]) == ("activity.bad_audience", {"audience.committees": ["不存在"]})


def test_the_lower_member_sees_and_signs_up_in_their_own_committee(world, district):
    activity = publish(world, city_activity(world, district))
    client = district.client(Role.MEMBER)
    mine = client.get(reverse("activities:mine"))
    assert "全市委员培训" in mine.content.decode()
    assert world.committee.name in mine.content.decode()  # says whose activity it is
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 200
    response = client.post(reverse("activities:signup", args=[activity.pk]))
    assert response.status_code == 302
    registration = Registration.objects.get(activity=activity, member=district.member)
    assert registration.status == Registration.Status.CONFIRMED


def _tile(page: str, testid: str, end: str) -> str:
    """One tile of the member home, up to its closing tag ("" when it is not there)."""
    start = page.find(f'data-testid="{testid}"')
    return page[start : page.find(end, start)] if start >= 0 else ""


def test_the_lower_members_home_shows_the_invitation_and_the_pending_leave(world, district):
    activity = publish(world, city_activity(world, district))
    client = district.client(Role.MEMBER)
    assert "全市委员培训" in _tile(
        client.get(reverse("portal:member_home")).content.decode(), "next-activity", "</article>"
    )
    services.request_leave(
        activity, member=district.member, kind="official", reason="区里有会", actor=district.member.user
    )
    home = client.get(reverse("portal:member_home")).content.decode()
    assert "全市委员培训" in _tile(home, "pending-leaves", "\n</div>")  # waiting for the city's decision
    # Another member of the district, not invited, sees nothing of it.
    other = make_member(district, "未邀请", user=True)
    client.force_login(other.user)
    assert 'data-testid="next-activity"' not in client.get(reverse("portal:member_home")).content.decode()


def test_the_lower_member_may_ask_leave_of_the_organiser(world, district):
    activity = publish(world, city_activity(world, district))
    response = district.client(Role.MEMBER).post(
        reverse("activities:leave", args=[activity.pk]), {"kind": "official", "reason": "区里有会"}
    )
    assert response.status_code == 302
    leave = activity.leave_requests.get()
    assert (leave.member_id, leave.committee_id) == (district.member.pk, world.committee.pk)


def test_closing_writes_each_ledger_in_the_members_own_committee(world, district):
    activity = make_activity(
        world,
        audience=services.Audience(committee_ids=(district.committee.pk,), member_ids=(world.member.pk,)),
    )
    activity = publish(world, activity)
    for registration in Registration.objects.filter(activity=activity):
        services.set_attendance(registration, attendance="present", actor=world.users[Role.MEMBER_AFFAIRS])
    move_start(activity, starts_in_minutes=-60)
    services.close_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    theirs = DutyRecord.objects.get(member=district.member)
    ours = DutyRecord.objects.get(member=world.member)
    assert (theirs.committee_id, theirs.source_id, theirs.role) == (district.committee.pk, activity.pk, "present")
    assert theirs.term.committee_id == district.committee.pk
    assert world.committee.name in theirs.recorded_by_dept
    assert ours.committee_id == world.committee.pk
    # The member sees it in their own ledger.
    page = district.client(Role.MEMBER).get(reverse("ledger:mine"))
    assert activity.title in page.content.decode()


def test_a_correction_after_closing_rewrites_the_lower_row(world, district):
    activity = publish(world, city_activity(world, district))
    move_start(activity, starts_in_minutes=-60)
    services.close_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    assert DutyRecord.objects.get(member=district.member).role == "absent"
    registration = Registration.objects.get(activity=activity, member=district.member)
    services.set_attendance(
        registration, attendance="present", actor=world.users[Role.MEMBER_AFFAIRS], note="签到机故障"
    )
    rows = DutyRecord.objects.filter(member=district.member).order_by("pk")
    assert [(r.role, r.status, r.committee_id) for r in rows] == [
        ("absent", "voided", district.committee.pk),
        ("present", "confirmed", district.committee.pk),
    ]


def test_tenancy_stays_strict_around_a_cross_level_activity(world, district):
    activity = publish(world, city_activity(world, district))
    draft = make_activity(world, title="市里的草稿")
    # The district office does not see the city's activity at all.
    staff = district.client(Role.MEMBER_AFFAIRS)
    assert staff.get(reverse("activities:manage_detail", args=[activity.pk])).status_code == 404
    assert staff.get(f"{API}/{activity.pk}").status_code == 404
    # A district member sees the invitation, never the city's other activities.
    member = district.client(Role.MEMBER)
    assert member.get(reverse("activities:detail", args=[draft.pk])).status_code == 404
    other = make_member(district, "未邀请", user=True)
    Registration.objects.filter(activity=activity, member=other).delete()
    activity.audience_committees.clear()
    other_client = district.client(Role.MEMBER)
    other_client.force_login(other.user)
    assert other_client.get(reverse("activities:detail", args=[activity.pk])).status_code == 404


def test_a_committee_below_the_lower_one_is_reached_as_well(world, district):
    town = build_world(code="town", name="示范镇")
    town.committee.parent = district.committee
    town.committee.save(update_fields=["parent"])
    activity = publish(world, city_activity(world, town))
    assert Registration.objects.filter(activity=activity, member=town.member).exists()
    # Two levels down, the member still sees it.
    page = town.client(Role.MEMBER).get(reverse("activities:detail", args=[activity.pk]))
    assert page.status_code == 200


def test_the_lower_members_portal_costs_a_bounded_number_of_queries(world, district, django_assert_max_num_queries):
    for _ in range(3):
        publish(world, make_activity(world, audience=services.Audience(committee_ids=(district.committee.pk,))))
    client = district.client(Role.MEMBER)
    client.get(reverse("activities:mine"))
    with django_assert_max_num_queries(22):
        assert client.get(reverse("activities:mine")).status_code == 200


def test_the_organiser_decides_the_lower_members_leave_and_they_are_told_at_home(world, district):
    activity = publish(world, city_activity(world, district))
    district.client(Role.MEMBER).post(
        reverse("activities:leave", args=[activity.pk]), {"kind": "official", "reason": "区里有会"}
    )
    leave = activity.leave_requests.get()
    services.approve_leave(leave, actor=world.users[Role.MEMBER_AFFAIRS])
    told = Notification.objects.filter(user=district.member.user).exclude(kind="activity.invited").get()
    assert told.committee_id == district.committee.pk


def test_the_lower_member_checks_in_with_the_venue_code(world, district):
    activity = publish(world, city_activity(world, district))
    activity = move_start(activity, starts_in_minutes=10)
    code = services.current_venue_code(activity)
    response = district.client(Role.MEMBER).post(reverse("activities:checkin", args=[activity.pk]), {"code": code})
    assert response.status_code == 302
    assert activity.checkins.get().member_id == district.member.pk


def test_the_lower_member_does_it_all_through_the_api(world, district):
    activity = publish(world, city_activity(world, district))
    other = publish(world, make_activity(world, title="市里自己的会"))  # the city's own, not for the district
    client = district.client(Role.MEMBER)
    listed = client.get(API).json()
    assert [a["id"] for a in listed["items"]] == [activity.pk]
    seen = client.get(f"{API}/{activity.pk}")
    assert seen.status_code == 200
    assert seen.json()["me"]["status"] == "invited"
    assert client.get(f"{API}/{other.pk}").status_code == 404

    signed = client.post(f"{API}/{activity.pk}/registrations")
    assert signed.status_code == 201, signed.content
    assert signed.json()["status"] == "confirmed"
    leave = client.post(f"{API}/{activity.pk}/leave", {"kind": "official", "reason": "区里有会"}, "application/json")
    assert leave.status_code == 201, leave.content
    withdrawn = client.post(f"/api/v1/leave-requests/{leave.json()['id']}/withdraw")
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["status"] == "withdrawn"

    activity = move_start(activity, starts_in_minutes=10)
    code = services.current_venue_code(activity)
    checked = client.post(f"{API}/{activity.pk}/checkins", {"code": code}, "application/json")
    assert checked.status_code == 201, checked.content
    assert Registration.objects.get(activity=activity, member=district.member).status == "confirmed"


def test_the_lower_members_ledger_shows_the_city_as_the_source_through_the_api(world, district):
    activity = publish(world, city_activity(world, district))
    registration = Registration.objects.get(activity=activity, member=district.member)
    services.set_attendance(registration, attendance="present", actor=world.users[Role.MEMBER_AFFAIRS])
    move_start(activity, starts_in_minutes=-60)
    services.close_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    url = f"/api/v1/members/{district.member.pk}/duty-records"
    for role in (Role.MEMBER, Role.MEMBER_AFFAIRS):  # the member, and their own committee's office
        rows = district.client(role).get(url).json()["items"]
        assert [(r["title"], r["role"], r["source"]["id"]) for r in rows] == [(activity.title, "present", activity.pk)]
        assert world.committee.name in rows[0]["recorded_by_dept"]
    # The source is the member's to open; the district office sees the row, never the city's activity.
    assert district.client(Role.MEMBER).get(f"{API}/{activity.pk}").status_code == 200
    assert district.client(Role.MEMBER_AFFAIRS).get(f"{API}/{activity.pk}").status_code == 404


def test_the_api_shows_a_district_nothing_of_the_city_beyond_its_invitations(world, district):
    activity = publish(world, city_activity(world, district))
    draft = make_activity(world, audience=services.Audience(committee_ids=(district.committee.pk,)), title="草稿")
    uninvited = make_member(district, "未邀请", user=True)
    Registration.objects.filter(activity=activity, member=uninvited).delete()
    activity.audience_committees.clear()
    theirs = district.client(Role.MEMBER)
    theirs.force_login(uninvited.user)
    assert theirs.get(API).json()["count"] == 0
    for path in (f"{API}/{activity.pk}", f"{API}/{draft.pk}"):
        assert theirs.get(path).status_code == 404
    assert theirs.post(f"{API}/{activity.pk}/registrations").status_code == 404
    refused = theirs.post(f"{API}/{activity.pk}/leave", {"kind": "official", "reason": "有事"}, "application/json")
    assert refused.status_code == 404
    # The invited member still sees theirs (registered before the audience changed), not the draft.
    invited = district.client(Role.MEMBER)
    assert [a["id"] for a in invited.get(API).json()["items"]] == [activity.pk]
    assert invited.get(f"{API}/{draft.pk}").status_code == 404
    # The district's staff list their own committee's activities only.
    for role in (Role.MEMBER_AFFAIRS, Role.GROUP_CONVENOR, Role.LEADER):
        assert district.client(role).get(API).json()["count"] == 0
    # Nor may anyone withdraw another member's leave across the levels.
    leave = services.request_leave(
        activity, member=district.member, kind="official", reason="区里有会", actor=district.member.user
    )
    assert theirs.post(f"/api/v1/leave-requests/{leave.pk}/withdraw").status_code == 404
