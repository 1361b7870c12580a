"""面向范围 filters (issue 13): 女委员专项视察, 全体新任委员培训, 召集人会议 and activities for a regional group or a
station are set, not hand-picked. The filters narrow the units chosen; the members named outright always count;
the roster (invite mode), sign-up (menu mode) and the member's menu all agree on who is in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.queries import audience_members
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import RoleAssignment
from lvzhi.org.models import GroupSeat, Membership, Position, RegionalGroup
from lvzhi.testing import make_activity, make_member

API = "/api/v1/activities"
Audience = services.Audience


@pytest.fixture
def people(world):
    """A woman re-appointed, a new man who is a sector convenor, a new woman in a regional group, a man at no unit."""
    woman = make_member(world, "王芳", gender="female", user=True)
    Membership.objects.filter(member=woman).update(appointment=Membership.Appointment.REAPPOINTED)
    convenor = make_member(world, "赵强")
    seat = convenor.memberships.get()
    Position.objects.create(
        committee=world.committee, membership=seat, title=Position.Title.CONVENOR, started_on=datetime.date(2022, 1, 1)
    )
    area = RegionalGroup.objects.create(committee=world.committee, term=world.term, name="东区联络组")
    newcomer = make_member(world, "孙丽", gender="female")
    Membership.objects.filter(member=newcomer).update(regional_group=area)
    Membership.objects.filter(member=world.member).update(appointment=Membership.Appointment.REAPPOINTED)
    return {"woman": woman, "convenor": convenor, "newcomer": newcomer, "area": area}


def names(activity: Activity) -> set[str]:
    return set(audience_members(activity).values_list("name", flat=True))


def test_gender_narrows_everyone_to_the_women(world, people):
    assert names(make_activity(world, audience=Audience(all=True, gender="female"))) == {"王芳", "孙丽"}


def test_new_only_keeps_the_members_new_this_term(world, people):
    assert names(make_activity(world, audience=Audience(all=True, new_only=True))) == {"赵强", "孙丽"}


def test_a_position_keeps_its_holders_and_the_seat_roles_of_that_name(world, people):
    liaison = make_member(world, "钱进")
    GroupSeat.objects.create(
        committee=world.committee, membership=liaison.memberships.get(), group=world.group, role="liaison"
    )
    activity = make_activity(world, audience=Audience(all=True, positions=("convenor", "liaison")))
    assert names(activity) == {"赵强", "钱进"}
    # An ended position no longer counts.
    Position.objects.filter(membership__member=people["convenor"]).update(ended_on=datetime.date(2023, 1, 1))
    assert names(activity) == {"钱进"}


def test_filters_combine_and_named_members_always_count(world, people):
    activity = make_activity(
        world, audience=Audience(all=True, gender="female", new_only=True, member_ids=(world.member.pk,))
    )
    assert names(activity) == {"孙丽", "李明"}


def test_a_regional_group_and_a_station_are_units(world, people):
    assert names(make_activity(world, audience=Audience(regional_group_ids=(people["area"].pk,)))) == {"孙丽"}
    assert names(make_activity(world, audience=Audience(station_ids=(world.station.pk,)))) == {"李明"}


def test_filters_without_a_unit_are_refused(world, people):
    with pytest.raises(DomainError) as refused:
        make_activity(world, audience=Audience(gender="female", member_ids=(world.member.pk,)))
    assert "audience.all" in refused.value.fields


@pytest.mark.parametrize(
    ("audience", "field"),
    [
        (Audience(all=True, gender="other"), "audience.gender"),
        (Audience(all=True, positions=("emperor",)), "audience.positions"),
        (Audience(regional_group_ids=(999_999,)), "audience.regional_groups"),
        (Audience(station_ids=(999_999,)), "audience.stations"),
    ],
)
def test_unknown_values_are_refused_naming_the_field(world, audience, field):
    with pytest.raises(DomainError) as refused:
        make_activity(world, audience=audience)
    assert field in refused.value.fields


def test_sign_up_and_the_menu_follow_the_filters(world, people):
    activity = make_activity(world, mode=Activity.Mode.MENU, audience=Audience(all=True, gender="female"))
    services.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    audience = audience_members(activity)
    assert audience.filter(pk=people["woman"].pk).exists() and not audience.filter(pk=world.member.pk).exists()
    assert set(Activity.objects.open_to(people["woman"])) == {activity}
    assert not Activity.objects.open_to(world.member).filter(pk=activity.pk).exists()
    with pytest.raises(NotAllowed):
        services.register_for_activity(activity, member=world.member, actor=world.member.user)
    services.register_for_activity(activity, member=people["woman"], actor=people["woman"].user)
    assert world.client(Role.MEMBER).get(reverse("activities:detail", args=[activity.pk])).status_code == 404


def test_invite_mode_invites_exactly_the_filtered_audience(world, people):
    activity = make_activity(world, audience=Audience(all=True, new_only=True))
    services.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    invited = set(Registration.objects.filter(activity=activity).values_list("member__name", flat=True))
    assert invited == {"赵强", "孙丽"}


def _body(**audience: object) -> dict[str, object]:
    start = timezone.now() + datetime.timedelta(days=5)
    return {
        "title": "女委员专项视察",
        "kind": "inspection",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=3)).isoformat(),
        "audience": audience,
    }


def test_the_api_takes_and_returns_the_filters(world, people):
    body = _body(all=True, gender="female", new_only=True, positions=["convenor"])
    response = world.client(Role.MEMBER_AFFAIRS).post(API, body, content_type="application/json")
    assert response.status_code == 201, response.content
    audience = response.json()["audience"]
    assert (audience["gender"], audience["new_only"], audience["positions"]) == ("female", True, ["convenor"])


@pytest.mark.parametrize(
    "audience",
    [{"all": True, "gender": "x"}, {"all": True, "positions": ["emperor"]}, {"all": True, "new_only": "maybe"}],
)
def test_the_api_refuses_bad_filter_values(world, audience):
    response = world.client(Role.MEMBER_AFFAIRS).post(API, _body(**audience), content_type="application/json")
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_a_scoped_organiser_cannot_reach_beyond_their_unit(world, people):
    RoleAssignment.objects.filter(user=world.users[Role.COMMITTEE_STAFF]).update(
        special_committee=world.special_committee
    )
    body = {
        **_body(regional_groups=[people["area"].pk], special_committees=[world.special_committee.pk]),
        "organiser_special_committee_id": world.special_committee.pk,
    }
    response = world.client(Role.COMMITTEE_STAFF).post(API, body, content_type="application/json")
    assert response.status_code == 403
    # Narrowing their own unit is fine.
    body["audience"] = {"special_committees": [world.special_committee.pk], "gender": "female"}
    response = world.client(Role.COMMITTEE_STAFF).post(API, body, content_type="application/json")
    assert response.status_code == 201, response.content


def test_the_form_sets_the_filters_and_the_detail_shows_them(world, people):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=5))
    form = {
        "title": "新任委员培训",
        "kind": "study",
        "mode": "invite",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "checkin_opens_before": 60,
        "checkin_closes_after": 0,
        "late_after": 15,
        "audience_all": "on",
        "audience_new_only": "on",
        "audience_gender": "female",
        "audience_positions": ["convenor"],
        "audience_regional_groups": [people["area"].pk],
    }
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(reverse("activities:manage_create"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get(title="新任委员培训")
    assert (activity.audience_gender, activity.audience_new_only, activity.position_list) == (
        "female",
        True,
        ["convenor"],
    )
    page = client.get(reverse("activities:manage_detail", args=[activity.pk])).content.decode()
    assert "本届新任" in page and "东区联络组" in page and "界别召集人" in page


def test_the_form_shows_a_bad_filter_combination_next_to_the_field(world):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=5))
    form = {
        "title": "只选了性别",
        "kind": "study",
        "mode": "invite",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "checkin_opens_before": 60,
        "checkin_closes_after": 0,
        "late_after": 15,
        "audience_gender": "female",
    }
    response = world.client(Role.MEMBER_AFFAIRS).post(reverse("activities:manage_create"), form)
    assert response.status_code == 200
    assert "请先选择全体委员或具体范围" in response.content.decode()
    assert not Activity.objects.filter(title="只选了性别").exists()


def test_a_regional_groups_convenor_counts_for_the_position(world, people):
    """Regional groups have seats too (召集人, 联络员): the same 职务 filter finds them."""
    Membership.objects.filter(member=people["newcomer"]).update(regional_group_role="liaison")
    activity = make_activity(world, mode=Activity.Mode.MENU, audience=Audience(all=True, positions=("liaison",)))
    assert names(activity) == {"孙丽"}
    services.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    assert Activity.objects.open_to(people["newcomer"]).filter(pk=activity.pk).exists()
    assert not Activity.objects.open_to(people["woman"]).filter(pk=activity.pk).exists()
