"""Special committees (专委会), sector groups (界别活动组) and regional groups (联络组/活动组)."""

import pytest
from django.urls import reverse

from lvzhi.accounts.services import assign_role
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import RegionalGroup, Sector, SectorGroup, SpecialCommittee
from lvzhi.org.services import structure as svc


@pytest.fixture
def culture(world):
    return svc.create_special_committee(committee=world.committee, name="文化文史和学习委员会", actor=None)


@pytest.fixture
def region(world):
    return svc.create_regional_group(term=world.term, name="城南联络组", area="城南街道", actor=None)


def test_staff_create_a_special_committee(world):
    response = world.client(Role.ADMIN).post(
        reverse("org:special_committee_create"), {"name": "提案委员会", "order": 1, "is_active": "on"}
    )
    assert response.status_code == 302
    body = SpecialCommittee.objects.get(committee=world.committee, name="提案委员会")
    assert body.is_active
    assert AuditEvent.objects.filter(action="special_committee.created", object_id=str(body.pk)).exists()


def test_a_special_committee_with_members_is_deactivated_not_deleted(world):
    client = world.client(Role.ADMIN)
    body = world.special_committee
    response = client.post(reverse("org:special_committee_delete", args=[body.pk]), follow=True)
    assert "该专委会已有委员，不能删除；可改为停用" in response.content.decode()
    client.post(reverse("org:special_committee_edit", args=[body.pk]), {"name": body.name, "order": 0})
    assert not SpecialCommittee.objects.get(pk=body.pk).is_active


def test_an_unused_special_committee_is_deleted(world, culture):
    response = world.client(Role.ADMIN).post(reverse("org:special_committee_delete", args=[culture.pk]))
    assert response.status_code == 302
    assert not SpecialCommittee.objects.filter(pk=culture.pk).exists()


def test_a_special_committee_that_scopes_a_staff_account_stays(world, culture):
    assign_role(
        world.users[Role.COMMITTEE_STAFF],
        committee=world.committee,
        role=Role.COMMITTEE_STAFF,
        special_committee=culture,
        actor=None,
    )
    with pytest.raises(Conflict) as exc:
        svc.delete_special_committee(culture, actor=None)
    assert "请先调整其角色" in exc.value.message


def test_a_sector_group_spans_sectors_under_a_supervising_committee(world, culture):
    client = world.client(Role.MEMBER_AFFAIRS)
    sectors = world.sectors[12:14]
    response = client.post(
        reverse("org:sector_group_create", args=[world.term.pk]),
        {"name": "文艺体育界活动组", "sectors": [s.pk for s in sectors], "special_committee": culture.pk, "order": 2},
    )
    assert response.status_code == 302
    group = SectorGroup.objects.get(term=world.term, name="文艺体育界活动组")
    assert set(group.sectors.all()) == set(sectors)
    assert group.special_committee == culture
    assert AuditEvent.objects.get(action="sector_group.created").data["sectors"] == [s.name for s in sectors]


def test_a_sector_group_cannot_include_another_terms_sector(world):
    term = svc.prepare_term(committee=world.committee, start_year=2027, actor=None)
    new_sector = Sector.objects.filter(term=term).first()
    with pytest.raises(DomainError) as exc:
        svc.create_sector_group(term=world.term, name="混合组", sectors=[new_sector], actor=None)
    assert exc.value.code == "sector_group.bad_sector"


def test_editing_a_group_replaces_its_sectors_and_records_the_change(world):
    client = world.client(Role.ADMIN)
    group = world.group
    response = client.post(
        reverse("org:sector_group_edit", args=[group.pk]),
        {"name": group.name, "sectors": [world.sectors[1].pk, world.sectors[2].pk], "order": 0},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert set(group.sectors.all()) == {world.sectors[1], world.sectors[2]}
    assert group.special_committee is None
    changes = AuditEvent.objects.get(action="sector_group.updated").data["changes"]
    assert set(changes) == {"special_committee", "sectors"}


def test_a_sector_group_with_members_cannot_be_deleted(world):
    with pytest.raises(Conflict) as exc:
        svc.delete_sector_group(world.group, actor=None)
    assert exc.value.message == "该活动组已有成员，不能删除"


def test_a_sector_in_a_group_cannot_be_deleted(world):
    sector = svc.create_sector(term=world.term, name="新阶层人士", actor=None)
    world.group.sectors.add(sector)
    with pytest.raises(Conflict) as exc:
        svc.delete_sector(sector, actor=None)
    assert "界别活动组" in exc.value.message


def test_an_empty_sector_group_is_deleted_with_its_sector_links(world):
    group = svc.create_sector_group(term=world.term, name="临时组", sectors=world.sectors[:2], actor=None)
    response = world.client(Role.ADMIN).post(reverse("org:sector_group_delete", args=[group.pk]))
    assert response.status_code == 302
    assert not SectorGroup.objects.filter(pk=group.pk).exists()
    assert Sector.objects.filter(pk=world.sectors[0].pk).exists()


def test_regional_groups_are_created_edited_and_deleted(world, region):
    client = world.client(Role.ADMIN)
    response = client.post(
        reverse("org:regional_group_edit", args=[region.pk]), {"name": "城南活动组", "kind": "activity", "area": "城南"}
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert (region.name, region.kind) == ("城南活动组", RegionalGroup.Kind.ACTIVITY)
    delete = reverse("org:regional_group_delete", args=[region.pk])
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert not RegionalGroup.objects.filter(pk=region.pk).exists()
    assert AuditEvent.objects.filter(action="regional_group.deleted").exists()


def test_a_regional_group_with_members_stays(world, region):
    membership = world.member.memberships.get()
    membership.regional_group = region
    membership.save()
    with pytest.raises(Conflict):
        svc.delete_regional_group(region, actor=None)


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER, Role.GROUP_CONVENOR])
def test_roles_without_manage_org_get_403(world, role, culture, region):
    client = world.client(role)
    assert client.post(reverse("org:special_committee_delete", args=[culture.pk])).status_code == 403
    assert client.get(reverse("org:sector_group_edit", args=[world.group.pk])).status_code == 403
    assert client.post(reverse("org:regional_group_delete", args=[region.pk])).status_code == 403
    assert RegionalGroup.objects.filter(pk=region.pk).exists()


def test_outsiders_get_404_for_this_committees_bodies(world, outsider, culture, region):
    client = outsider.client(Role.ADMIN)
    assert client.get(reverse("org:special_committee_edit", args=[culture.pk])).status_code == 404
    assert client.post(reverse("org:special_committee_delete", args=[culture.pk])).status_code == 404
    assert client.get(reverse("org:sector_group_edit", args=[world.group.pk])).status_code == 404
    assert client.post(reverse("org:sector_group_create", args=[world.term.pk]), {"name": "x"}).status_code == 404
    assert client.post(reverse("org:regional_group_delete", args=[region.pk])).status_code == 404
    assert SpecialCommittee.objects.filter(pk=culture.pk).exists()
