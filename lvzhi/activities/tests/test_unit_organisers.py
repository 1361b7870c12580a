"""Organisers narrowed to a regional group (联络组召集人/联络员) or a station (联络站站长/联络员), issue 13: the users
screen and API attach the scope, the holder sees only its members, and organises activities only in its name and
for its members, starting from a form preset to it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.accounts import services as accounts
from lvzhi.assessment.groups import visible_groups
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import RoleAssignment
from lvzhi.core.tenancy import access_for
from lvzhi.org.models import Membership, RegionalGroup, Station
from lvzhi.org.queries.members import visible_members
from lvzhi.org.services.stations import delete_station
from lvzhi.org.services.structure import delete_regional_group
from lvzhi.planning.plan_queries import units
from lvzhi.testing import make_activity, make_member

API = "/api/v1/activities"
KINDS = ["regional_group", "station"]


@pytest.fixture
def regional(world) -> RegionalGroup:
    group = RegionalGroup.objects.create(committee=world.committee, term=world.term, name="东片联络组")
    Membership.objects.filter(member=world.member).update(regional_group=group)
    return group


@pytest.fixture
def stranger(world):
    """A member of neither the world's station nor its regional group."""
    return make_member(world, "周强", sector=world.sectors[2])


def _unit(world, regional, kind: str):
    return regional if kind == "regional_group" else world.station


def _narrow(world, regional, kind: str):
    """The world's convenor narrowed to the regional group or the station (the world's member is in both)."""
    user = world.users[Role.GROUP_CONVENOR]
    RoleAssignment.objects.filter(user=user, role=Role.GROUP_CONVENOR).update(**{kind: _unit(world, regional, kind)})
    return user


def _body(world, regional, kind: str, **changes) -> dict:
    start = timezone.now() + datetime.timedelta(days=10)
    unit = _unit(world, regional, kind).pk
    audience_key = "regional_groups" if kind == "regional_group" else "stations"
    return {
        "title": "联络组进站活动",
        "kind": "research",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
        f"organiser_{kind}_id": unit,
        "audience": {audience_key: [unit]},
        **changes,
    }


def test_the_users_api_attaches_a_regional_group_or_a_station(world, regional):
    admin = world.client(Role.ADMIN)
    leader = world.users[Role.LEADER]
    url = f"/api/v1/users/{leader.pk}/roles"
    given = admin.post(url, {"role": "group_convenor", "regional_group_id": regional.pk}, "application/json")
    assert given.status_code == 201, given.content
    assert given.json()["regional_group"] == {"id": regional.pk, "name": "东片联络组"}
    listed = admin.get("/api/v1/users?q=" + leader.username).json()["items"][0]["roles"]
    assert any(r["regional_group"] and r["regional_group"]["id"] == regional.pk for r in listed)

    created = admin.post(
        "/api/v1/users",
        {
            "username": "chengdong-station",
            "password": "Chengdong-2026-zhan",
            "display_name": "城东联络站站长",
            "committee": world.committee.code,
            "roles": ["group_convenor"],
            "station_id": world.station.pk,
        },
        "application/json",
    )
    assert created.status_code == 201, created.content
    assert RoleAssignment.objects.get(user_id=created.json()["id"]).station == world.station


def test_one_role_takes_one_scope_of_its_own_kind_and_of_this_committee(world, outsider, regional):
    admin = world.client(Role.ADMIN)
    url = f"/api/v1/users/{world.users[Role.LEADER].pk}/roles"
    before = RoleAssignment.objects.count()
    both = admin.post(
        url,
        {"role": "group_convenor", "regional_group_id": regional.pk, "station_id": world.station.pk},
        "application/json",
    )
    assert both.status_code == 400
    assert "只能限定一个范围" in both.json()["error"]["message"]
    staff = admin.post(url, {"role": "committee_staff", "station_id": world.station.pk}, "application/json")
    assert staff.status_code == 400
    assert "请选择专委会" in staff.json()["error"]["message"]
    elsewhere = admin.post(url, {"role": "group_convenor", "station_id": outsider.station.pk}, "application/json")
    assert elsewhere.status_code == 404
    assert RoleAssignment.objects.count() == before


def test_the_users_screen_creates_a_station_organiser(world, regional):
    response = world.client(Role.ADMIN).post(
        reverse("accounts:user_create"),
        {
            "username": "dongpian",
            "display_name": "东片联络组联络员",
            "password": "Dongpian-2026-lian",
            "password2": "Dongpian-2026-lian",
            "roles": ["group_convenor"],
            "regional_group": regional.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    assignment = RoleAssignment.objects.get(user__username="dongpian")
    assert assignment.regional_group == regional and assignment.sector_group is None
    page = world.client(Role.ADMIN).get(response.url).content.decode()
    assert "限定联络组：东片联络组" in page


@pytest.mark.parametrize("kind", KINDS)
def test_a_unit_organiser_sees_only_its_members(world, regional, stranger, kind):
    access = access_for(_narrow(world, regional, kind), world.committee)
    assert list(visible_members(access)) == [world.member]
    coverage = world.client(Role.GROUP_CONVENOR).get("/api/v1/contact-coverage").json()
    assert [row["member_id"] for row in coverage["members"]] == [world.member.pk]
    # Not the whole committee anywhere else either: no plans, no sector groups to assess.
    assert not units(access, C.MANAGE_ACTIVITIES).everything
    assert visible_groups(access) == set()


@pytest.mark.parametrize("kind", KINDS)
def test_a_unit_organiser_organises_in_its_name_for_its_members(world, regional, kind):
    _narrow(world, regional, kind)
    client = world.client(Role.GROUP_CONVENOR)
    created = client.post(API, _body(world, regional, kind), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()[f"organiser_{kind}_id"] == _unit(world, regional, kind).pk
    published = client.post(f"{API}/{created.json()['id']}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["confirmed"] == 1  # the world's member, invited as one of the unit's members


@pytest.mark.parametrize("kind", KINDS)
def test_a_unit_organiser_is_refused_beyond_its_unit(world, regional, kind):
    _narrow(world, regional, kind)
    other_station = Station.objects.create(committee=world.committee, name="城西联络站", kind=Station.Kind.HOME)
    other_group = RegionalGroup.objects.create(committee=world.committee, term=world.term, name="西片联络组")
    other = {"regional_group": other_group, "station": other_station}[kind]
    client = world.client(Role.GROUP_CONVENOR)
    for changes in (
        {f"organiser_{kind}_id": other.pk},
        {f"organiser_{kind}_id": None},
        {"audience": {"all": True}},
        {"audience": {"stations" if kind == "station" else "regional_groups": [other.pk]}},
        {"audience": {"committees": [world.committee.pk]}},
    ):
        response = client.post(API, _body(world, regional, kind, **changes), content_type="application/json")
        assert response.status_code in (403, 422), (changes, response.content)
    # Someone else's activity is not theirs to run.
    office = make_activity(world)
    assert client.post(f"{API}/{office.pk}/publish").status_code == 403


@pytest.mark.parametrize("kind", KINDS)
def test_the_form_starts_in_the_units_name_for_its_members(world, regional, kind):
    _narrow(world, regional, kind)
    page = world.client(Role.GROUP_CONVENOR).get(reverse("activities:manage_create")).content.decode()
    unit = _unit(world, regional, kind)
    audience = "audience_regional_groups" if kind == "regional_group" else "audience_stations"
    assert f'<option value="{unit.pk}" selected>{unit.name}</option>' in page
    assert f'name="{audience}" value="{unit.pk}"' in page
    assert "checked" in page.split(f'name="{audience}" value="{unit.pk}"')[1].split(">")[0]


def test_a_convenor_role_without_a_scope_is_refused(world):
    with pytest.raises(DomainError, match="须限定范围"):
        accounts.assign_role(world.users[Role.LEADER], committee=world.committee, role=Role.GROUP_CONVENOR, actor=None)


@pytest.mark.parametrize("kind", KINDS)
def test_a_unit_with_an_organiser_is_not_deleted_under_them(world, regional, kind):
    Membership.objects.update(regional_group=None, station=None)
    _narrow(world, regional, kind)
    delete = delete_regional_group if kind == "regional_group" else delete_station
    with pytest.raises(DomainError, match="请先调整其角色"):
        delete(_unit(world, regional, kind), actor=None)
    assert RoleAssignment.objects.filter(**{kind: _unit(world, regional, kind)}).exists()
