"""Sectors (界别): a per-term dictionary, filled from a preset or by hand; a sector with members stays."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Sector
from lvzhi.org.services import structure as svc


@pytest.fixture
def unused(world):
    return svc.create_sector(term=world.term, name="新经济组织和新社会阶层人士", actor=None)


def test_a_sector_gets_the_next_order_and_a_free_code(world, unused):
    assert (unused.order, unused.code) == (24, "S24")
    assert unused.committee == world.committee


def test_a_sector_name_is_unique_within_the_term(world):
    with pytest.raises(Conflict) as exc:
        svc.create_sector(term=world.term, name=world.sectors[0].name, actor=None)
    assert exc.value.fields == {"name": ["名称已存在"]}


def test_a_preset_adds_only_the_sectors_the_term_lacks(world):
    added = svc.apply_sector_preset(term=world.term, preset="city23", actor=None)
    assert added == 0
    added = svc.apply_sector_preset(term=world.term, preset="national34", actor=None)
    names = set(Sector.objects.filter(term=world.term).values_list("name", flat=True))
    codes = list(Sector.objects.filter(term=world.term).values_list("code", flat=True))
    assert "中国国民党革命委员会" in names and "文化艺术界" in names
    assert added == len(names) - 23
    assert len(codes) == len(set(codes))
    assert AuditEvent.objects.filter(action="sector.preset_applied").exists()


def test_staff_add_and_rename_a_sector(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(reverse("org:sector_create", args=[world.term.pk]), {"name": "港澳台侨界", "code": "GAT"})
    assert response.status_code == 302
    sector = Sector.objects.get(term=world.term, code="GAT")
    response = client.post(reverse("org:sector_edit", args=[sector.pk]), {"name": "台港澳侨界", "code": "GAT"})
    assert response.status_code == 302
    assert Sector.objects.get(pk=sector.pk).name == "台港澳侨界"
    event = AuditEvent.objects.get(action="sector.updated")
    assert event.data["changes"]["name"] == ["港澳台侨界", "台港澳侨界"]


def test_a_duplicate_name_on_the_form_is_shown_next_to_the_field(world):
    response = world.client(Role.ADMIN).post(
        reverse("org:sector_create", args=[world.term.pk]), {"name": world.sectors[1].name}
    )
    assert response.status_code == 200
    assert "名称已存在" in response.content.decode()


def test_a_sector_with_members_cannot_be_deleted(world):
    sector = world.sectors[0]
    response = world.client(Role.ADMIN).post(reverse("org:sector_delete", args=[sector.pk]), follow=True)
    assert "该界别已有委员，不能删除" in response.content.decode()
    assert Sector.objects.filter(pk=sector.pk).exists()


def test_an_unused_sector_is_deleted_by_post_only(world, unused):
    client = world.client(Role.ADMIN)
    url = reverse("org:sector_delete", args=[unused.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Sector.objects.filter(pk=unused.pk).exists()
    assert AuditEvent.objects.filter(action="sector.deleted", object_id=str(unused.pk)).exists()


def test_the_preset_button_fills_the_term(world):
    response = world.client(Role.ADMIN).post(
        reverse("org:sector_preset", args=[world.term.pk]), {"preset": "national34"}
    )
    assert response.status_code == 302
    assert Sector.objects.filter(term=world.term).count() > 23


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER])
def test_roles_without_manage_org_get_403(world, role, unused):
    client = world.client(role)
    assert client.post(reverse("org:sector_delete", args=[unused.pk])).status_code == 403
    assert client.post(reverse("org:sector_create", args=[world.term.pk]), {"name": "x"}).status_code == 403
    assert Sector.objects.filter(pk=unused.pk).exists()


def test_outsiders_get_404_for_this_committees_sectors(world, outsider, unused):
    client = outsider.client(Role.ADMIN)
    assert client.get(reverse("org:sector_edit", args=[unused.pk])).status_code == 404
    assert client.post(reverse("org:sector_delete", args=[unused.pk])).status_code == 404
    assert client.post(reverse("org:sector_preset", args=[world.term.pk]), {"preset": "city23"}).status_code == 404
    assert Sector.objects.filter(pk=unused.pk).exists()


def test_a_protected_reference_becomes_a_chinese_conflict_not_a_crash(world):
    # Membership.sector is PROTECT: even without the explicit check the deletion is refused cleanly.
    with pytest.raises(Conflict) as exc:
        svc.delete_audited(world.sectors[0], action="sector.deleted", actor=None)
    assert exc.value.message == "该项已被其他数据引用，不能删除"
    assert not AuditEvent.objects.filter(action="sector.deleted").exists()
