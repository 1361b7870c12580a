"""Seat roles: staff set a member's role in each special committee (主任/副主任/委员) and sector group
(召集人/副召集人/联络员/成员) on the edit form and through PATCH /members/{id}; the history says what changed."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import GroupSeat, SpecialCommittee, SpecialCommitteeSeat
from lvzhi.org.services.members import set_member_seats

API = "/api/v1"


@pytest.fixture
def membership(world):
    return world.member.memberships.get()


@pytest.fixture
def culture(world):
    """A second special committee the member is not yet on."""
    return SpecialCommittee.objects.create(committee=world.committee, name="文化文史和学习委员会")


def edit_data(world, membership, **extra):
    return {
        "name": "李明",
        "gender": "male",
        "political_affiliation": "13",
        "sector": membership.sector_id,
        "appointment": "new",
        "joined_on": membership.joined_on.isoformat(),
        "mobile": world.member.mobile,
        "station": world.station.pk,
        **extra,
    }


def test_the_edit_form_shows_a_role_choice_beside_each_body(world):
    html = world.client(Role.MEMBER_AFFAIRS).get(reverse("org:member_edit", args=[world.member.pk])).content.decode()
    assert f'name="special_committees_role_{world.special_committee.pk}"' in html
    assert f'name="groups_role_{world.group.pk}"' in html
    assert "副主任" in html and "副召集人" in html


def test_staff_change_roles_and_add_a_seat_with_a_role(world, membership, culture):
    data = edit_data(
        world,
        membership,
        special_committees=[world.special_committee.pk, culture.pk],
        groups=[world.group.pk],
        **{
            f"special_committees_role_{world.special_committee.pk}": "director",
            f"special_committees_role_{culture.pk}": "deputy_director",
            f"groups_role_{world.group.pk}": "convenor",
        },
    )
    response = world.client(Role.MEMBER_AFFAIRS).post(reverse("org:member_edit", args=[world.member.pk]), data)
    assert response.status_code == 302
    roles = dict(SpecialCommitteeSeat.objects.filter(membership=membership).values_list("special_committee", "role"))
    assert roles == {world.special_committee.pk: "director", culture.pk: "deputy_director"}
    assert GroupSeat.objects.get(membership=membership).role == "convenor"
    data = AuditEvent.objects.get(action="member.seats_changed").data
    assert data["special_committees"]["added"] == ["文化文史和学习委员会"]
    assert "经济委员会：委员 → 主任" in data["special_committees"]["roles"]
    assert "经济界活动组：成员 → 召集人" in data["groups"]["roles"]
    history = world.client(Role.MEMBER_AFFAIRS).get(reverse("org:member_detail", args=[world.member.pk]))
    assert "经济委员会：委员 → 主任" in history.content.decode()


def test_a_bad_role_is_refused_and_nothing_changes(world, membership):
    data = edit_data(world, membership, groups=[world.group.pk], **{f"groups_role_{world.group.pk}": "emperor"})
    response = world.client(Role.MEMBER_AFFAIRS).post(reverse("org:member_edit", args=[world.member.pk]), data)
    assert response.status_code == 200
    assert "请从列表中选择" in response.content.decode()
    assert GroupSeat.objects.get(membership=membership).role == "member"


def test_the_service_refuses_a_role_of_the_other_kind(world, membership):
    with pytest.raises(DomainError) as exc:
        set_member_seats(
            membership,
            special_committees=[world.special_committee],
            groups=[world.group],
            special_committee_roles={world.special_committee.pk: "convenor"},
            actor=None,
        )
    assert exc.value.code == "member.bad_seat_role"


def test_a_role_not_sent_keeps_the_seats_role(world, membership):
    GroupSeat.objects.filter(membership=membership).update(role="liaison")
    set_member_seats(membership, special_committees=[], groups=[world.group], actor=None)
    assert GroupSeat.objects.get(membership=membership).role == "liaison"


def test_patch_sets_seats_with_roles_and_leaves_the_other_kind_alone(world, membership, culture):
    body = {"special_committees": [{"id": culture.pk, "role": "director"}]}
    response = world.client(Role.MEMBER_AFFAIRS).patch(
        f"{API}/members/{world.member.pk}", body, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["special_committees"] == [{"id": culture.pk, "name": culture.name, "role": "director"}]
    assert response.json()["groups"] == [{"id": world.group.pk, "name": world.group.name, "role": "member"}]
    assert list(
        SpecialCommitteeSeat.objects.filter(membership=membership).values_list("special_committee", "role")
    ) == [(culture.pk, "director")]


def test_patch_refuses_a_group_of_another_committee_or_a_bad_role(world, outsider):
    client = world.client(Role.ADMIN)
    url = f"{API}/members/{world.member.pk}"
    foreign = client.patch(url, {"groups": [{"id": outsider.group.pk}]}, content_type="application/json")
    assert foreign.status_code == 400 and "groups" in foreign.json()["error"]["fields"]
    bad = client.patch(url, {"groups": [{"id": world.group.pk, "role": "director"}]}, content_type="application/json")
    assert bad.status_code == 400
    assert GroupSeat.objects.filter(membership__member=world.member, group=world.group, role="member").exists()


def test_patch_of_seats_needs_manage_members(world, culture):
    body = {"special_committees": [{"id": culture.pk, "role": "director"}]}
    url = f"{API}/members/{world.member.pk}"
    assert world.client(Role.LEADER).patch(url, body, content_type="application/json").status_code == 403
    assert not SpecialCommitteeSeat.objects.filter(special_committee=culture).exists()
