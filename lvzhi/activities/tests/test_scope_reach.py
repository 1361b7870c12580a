"""Staff scoped to one special committee, or a sector convenor scoped to one group, organise activities only in
their unit's name and for their unit's members (issue 8: they created and published an all-committee activity
in another special committee's name). Tested for every scoped role, through the API and the form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Registration
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import NotAllowed
from lvzhi.core.models import RoleAssignment
from lvzhi.core.tenancy import access_for
from lvzhi.org.models import SectorGroup, SpecialCommittee
from lvzhi.testing import World, make_activity, make_member

API = "/api/v1/activities"
SCOPED_ROLES = [Role.COMMITTEE_STAFF, Role.GROUP_CONVENOR]


def _scope(world: World, role: str) -> dict[str, object]:
    """The unit the role is narrowed to: the world's special committee, or its sector group."""
    unit = (
        {"special_committee": world.special_committee}
        if role == Role.COMMITTEE_STAFF
        else {"sector_group": world.group}
    )
    RoleAssignment.objects.filter(user=world.users[role], role=role).update(**unit)
    return unit


@pytest.fixture
def others(world) -> tuple[SpecialCommittee, SectorGroup]:
    other_committee = SpecialCommittee.objects.create(committee=world.committee, name="文化文史和学习委员会")
    other_group = SectorGroup.objects.create(
        committee=world.committee, term=world.term, name="文化艺术界活动组", special_committee=other_committee
    )
    return other_committee, other_group


def _when() -> dict[str, str]:
    start = timezone.now() + datetime.timedelta(days=10)
    return {"starts_at": start.isoformat(), "ends_at": (start + datetime.timedelta(hours=2)).isoformat()}


def own_body(world: World, role: str) -> dict[str, object]:
    """An activity inside the role's unit: organised in its name, open to its members."""
    if role == Role.COMMITTEE_STAFF:
        unit = {"organiser_special_committee_id": world.special_committee.pk}
        audience = {"special_committees": [world.special_committee.pk]}
    else:
        unit = {"organiser_group_id": world.group.pk}
        audience = {"groups": [world.group.pk]}
    return {"title": "本单位专题调研", "kind": "research", **_when(), **unit, "audience": audience}


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_scoped_staff_organise_within_their_unit(world, role):
    _scope(world, role)
    response = world.client(role).post(API, own_body(world, role), content_type="application/json")
    assert response.status_code == 201, response.content
    publish = world.client(role).post(f"{API}/{response.json()['id']}/publish")
    assert publish.status_code == 200, publish.content


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_scoped_staff_cannot_create_in_another_units_name(world, others, role):
    _scope(world, role)
    other_committee, other_group = others
    for organiser in (
        {"organiser_special_committee_id": other_committee.pk},
        {"organiser_group_id": other_group.pk},
        {"organiser_special_committee_id": None, "organiser_group_id": None},
    ):
        body = own_body(world, role)
        body.pop("organiser_special_committee_id", None)
        body.pop("organiser_group_id", None)
        response = world.client(role).post(API, {**body, **organiser}, content_type="application/json")
        assert response.status_code == 403, organiser
        assert response.json()["error"]["code"] == "activity.out_of_scope"
    assert not Activity.objects.exists()


@pytest.mark.parametrize("role", SCOPED_ROLES)
@pytest.mark.parametrize(
    "audience",
    [{"all": True}, {"sectors": "first"}, {"special_committees": "other"}, {"groups": "other"}, {"members": "outside"}],
    ids=["all", "sectors", "other-committee", "other-group", "member-outside"],
)
def test_scoped_staff_cannot_open_an_activity_beyond_their_unit(world, others, role, audience):
    _scope(world, role)
    other_committee, other_group = others
    outsider = make_member(world, "王芳", sector=world.sectors[1])
    values = {
        "first": [world.sectors[0].pk],
        "other": [other_committee.pk] if "special_committees" in audience else [other_group.pk],
        "outside": [outsider.pk],
    }
    wide = {key: values.get(value, value) for key, value in audience.items()}
    body = {**own_body(world, role), "audience": wide}
    response = world.client(role).post(API, body, content_type="application/json")
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "activity.out_of_scope"
    assert not Activity.objects.exists()


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_scoped_staff_cannot_move_their_activity_out_of_their_unit(world, others, role):
    _scope(world, role)
    client = world.client(role)
    activity_id = client.post(API, own_body(world, role), content_type="application/json").json()["id"]
    other_committee, _other_group = others
    for change in ({"organiser_special_committee_id": other_committee.pk}, {"audience": {"all": True}}):
        response = client.patch(f"{API}/{activity_id}", change, content_type="application/json")
        assert response.status_code == 403, change
    activity = Activity.objects.get(pk=activity_id)
    assert activity.organiser_special_committee_id != other_committee.pk
    assert not activity.audience_all


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_what_scoped_staff_once_created_for_another_unit_is_not_theirs_to_manage(world, others, role):
    """An activity made before the rule, in another unit's name, no longer follows its creator."""
    _scope(world, role)
    other_committee, _other_group = others
    activity = make_activity(world, organiser_special_committee=other_committee)
    Activity.objects.filter(pk=activity.pk).update(created_by=world.users[role])
    response = world.client(role).post(f"{API}/{activity.pk}/publish")
    assert response.status_code == 403
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.DRAFT


def test_a_committee_staff_member_may_organise_for_a_group_their_committee_supervises(world):
    _scope(world, Role.COMMITTEE_STAFF)
    body = {
        **own_body(world, Role.COMMITTEE_STAFF),
        "organiser_special_committee_id": None,
        "organiser_group_id": world.group.pk,
        "audience": {"groups": [world.group.pk]},
    }
    response = world.client(Role.COMMITTEE_STAFF).post(API, body, content_type="application/json")
    assert response.status_code == 201, response.content


def test_unscoped_staff_still_organise_for_everyone(world, others):
    other_committee, _other_group = others
    body = {
        "title": "全体委员学习会",
        "kind": "study",
        **_when(),
        "organiser_special_committee_id": other_committee.pk,
        "audience": {"all": True},
    }
    response = world.client(Role.MEMBER_AFFAIRS).post(API, body, content_type="application/json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_the_form_refuses_another_units_name_and_creates_nothing(world, others, role):
    _scope(world, role)
    other_committee, _other_group = others
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=10))
    form = {
        "title": "以他人名义的活动",
        "kind": "research",
        "mode": "invite",
        "organiser_special_committee": other_committee.pk,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "checkin_opens_before": "30",
        "checkin_closes_after": "0",
        "late_after": "15",
        "audience_all": "on",
    }
    response = world.client(role).post(reverse("activities:manage_create"), form)
    assert response.status_code == 200
    assert "只能以本单位名义组织活动" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_the_service_itself_refuses_given_the_organisers_access(world, others, role):
    _scope(world, role)
    other_committee, _other_group = others
    start = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(NotAllowed) as refused:
        services.create_activity(
            committee=world.committee,
            data={
                "title": "越权活动",
                "kind": "research",
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=2),
                "organiser_special_committee": other_committee,
            },
            audience=services.Audience(all=True),
            actor=world.users[role],
            access=access_for(world.users[role], world.committee),
        )
    assert refused.value.code == "activity.out_of_scope"


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_scoped_staff_invite_only_their_units_members(world, role):
    _scope(world, role)
    client = world.client(role)
    activity_id = client.post(API, own_body(world, role), content_type="application/json").json()["id"]
    outsider = make_member(world, "王芳", sector=world.sectors[1])
    url = f"{API}/{activity_id}/invitations"
    refused = client.post(url, {"member_ids": [outsider.pk]}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "activity.out_of_scope"
    assert not Registration.objects.filter(activity_id=activity_id, member=outsider).exists()
    page = client.post(reverse("activities:manage_invite", args=[activity_id]), {"members": [outsider.pk]})
    assert page.status_code == 302
    assert not Registration.objects.filter(activity_id=activity_id, member=outsider).exists()
    accepted = client.post(url, {"member_ids": [world.member.pk]}, content_type="application/json")
    assert accepted.status_code == 200, accepted.content
