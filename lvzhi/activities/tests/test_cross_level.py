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
    with django_assert_max_num_queries(24):
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
