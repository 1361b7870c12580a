"""Stations (工作室/联络站): kind, host unit, address, a standards checklist (八有/五有) ticked, and a duty rota."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import StandardsChecklist, Station, StationDuty
from lvzhi.org.services import stations as svc


@pytest.fixture
def eight(world):
    return svc.add_checklist_preset(committee=world.committee, preset="八有", actor=None)


@pytest.fixture
def studio(world, eight):
    return svc.create_station(
        committee=world.committee,
        name="城西委员之家",
        kind=Station.Kind.HOME,
        host_unit="城西街道办事处",
        address="城西路1号",
        checklist=eight,
        actor=None,
    )


@pytest.fixture
def duty(world, studio):
    return svc.add_station_duty(studio, weekday=2, member=world.member, actor=None)


def test_the_presets_give_eight_and_five_standards(world, eight):
    five = svc.add_checklist_preset(committee=world.committee, preset="五有", actor=None)
    assert (len(eight.items), len(five.items)) == (8, 5)
    assert eight.items[:3] == ["有人员配备", "有工作经费", "有办公场所"]  # 合山's wording


def test_staff_create_a_station_with_kind_host_unit_address_and_checklist(world, eight):
    response = world.client(Role.ADMIN).post(
        reverse("org:station_create"),
        {
            "name": "经济界别工作站",
            "kind": "sector_station",
            "host_unit": "市工商联",
            "address": "人民路8号",
            "checklist": eight.pk,
        },
    )
    assert response.status_code == 302
    station = Station.objects.get(committee=world.committee, name="经济界别工作站")
    assert (station.kind, station.host_unit, station.checklist) == ("sector_station", "市工商联", eight)
    assert AuditEvent.objects.filter(action="station.created", object_id=str(station.pk)).exists()


def test_ticked_standards_are_saved_in_checklist_order_and_shown(world, studio, eight):
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(
        reverse("org:station_checklist", args=[studio.pk]), {"done": [eight.items[3], eight.items[0]]}
    )
    assert response.status_code == 302
    assert Station.objects.get(pk=studio.pk).checklist_done == [eight.items[0], eight.items[3]]
    page = client.get(reverse("org:station_detail", args=[studio.pk])).content.decode()
    assert "工作人员确认 2/8" in page
    assert page.count("checked") == 2
    assert AuditEvent.objects.get(action="station.checklist_recorded").data["after"] == [eight.items[0], eight.items[3]]


def test_an_item_not_in_the_checklist_cannot_be_ticked(world, studio):
    with pytest.raises(DomainError) as exc:
        svc.record_station_checklist(studio, done=["有咖啡机"], actor=None)
    assert exc.value.code == "station.bad_checklist_item"


def test_rewording_a_checklist_keeps_ticks_of_items_that_remain(world, studio, eight):
    svc.record_station_checklist(studio, done=eight.items[:2], actor=None)
    svc.update_checklist(eight, name="八有", items=[eight.items[0], "有志愿服务队"], actor=None)
    assert Station.objects.get(pk=studio.pk).checklist_done == [eight.items[0]]


def test_switching_a_station_to_another_checklist_clears_its_ticks(world, studio, eight):
    svc.record_station_checklist(studio, done=eight.items[:2], actor=None)
    five = svc.add_checklist_preset(committee=world.committee, preset="五有", actor=None)
    station = svc.update_station(studio, changes={"checklist": five}, actor=None)
    assert (station.checklist, station.checklist_done) == (five, [])


def test_a_checklist_in_use_cannot_be_deleted_but_an_unused_one_can(world, studio, eight):
    with pytest.raises(Conflict):
        svc.delete_checklist(eight, actor=None)
    five = svc.add_checklist_preset(committee=world.committee, preset="五有", actor=None)
    response = world.client(Role.ADMIN).post(reverse("org:checklist_delete", args=[five.pk]))
    assert response.status_code == 302
    assert not StandardsChecklist.objects.filter(pk=five.pk).exists()


def test_staff_write_a_checklist_one_item_per_line(world):
    response = world.client(Role.ADMIN).post(
        reverse("org:checklist_create"), {"name": "四有", "items": "有场所\n\n有制度\n有活动\n有成效\n有制度"}
    )
    assert response.status_code == 302
    assert StandardsChecklist.objects.get(name="四有").items == ["有场所", "有制度", "有活动", "有成效"]


def test_a_member_goes_on_the_rota_for_a_weekday(world, studio):
    client = world.client(Role.ADMIN)
    response = client.post(
        reverse("org:station_duty_add", args=[studio.pk]), {"weekday": 2, "member": world.member.pk, "note": "上午"}
    )
    assert response.status_code == 302
    duty = StationDuty.objects.get(station=studio)
    assert (duty.weekday, duty.member, duty.note) == (2, world.member, "上午")
    assert "周三" in client.get(reverse("org:station_detail", args=[studio.pk])).content.decode()


def test_the_same_member_twice_on_one_day_is_refused_and_the_form_kept(world, studio, duty):
    response = world.client(Role.ADMIN).post(
        reverse("org:station_duty_add", args=[studio.pk]), {"weekday": 2, "member": world.member.pk, "note": "下午"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "已在值班表中" in page
    assert 'value="下午"' in page
    assert StationDuty.objects.filter(station=studio).count() == 1


def test_a_duty_is_removed_by_post_only(world, studio, duty):
    client = world.client(Role.ADMIN)
    url = reverse("org:station_duty_remove", args=[duty.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not StationDuty.objects.filter(pk=duty.pk).exists()
    assert AuditEvent.objects.filter(action="station.duty_removed", object_id=str(studio.pk)).exists()


def test_a_station_with_members_stays_but_one_with_only_a_rota_goes(world, studio, duty):
    response = world.client(Role.ADMIN).post(reverse("org:station_delete", args=[world.station.pk]), follow=True)
    assert "该站点已有委员，不能删除" in response.content.decode()
    svc.delete_station(studio, actor=None)
    assert not Station.objects.filter(pk=studio.pk).exists()
    assert not StationDuty.objects.filter(pk=duty.pk).exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER, Role.PROPOSAL_OFFICE])
def test_roles_without_manage_org_get_403(world, role, studio, duty):
    client = world.client(role)
    assert client.get(reverse("org:station_detail", args=[studio.pk])).status_code == 403
    assert client.post(reverse("org:station_duty_remove", args=[duty.pk])).status_code == 403
    assert client.post(reverse("org:checklist_preset"), {"preset": "五有"}).status_code == 403
    assert StationDuty.objects.filter(pk=duty.pk).exists()


def test_outsiders_get_404_for_this_committees_stations(world, outsider, studio, duty, eight):
    client = outsider.client(Role.ADMIN)
    assert client.get(reverse("org:station_detail", args=[studio.pk])).status_code == 404
    assert client.post(reverse("org:station_checklist", args=[studio.pk]), {"done": []}).status_code == 404
    assert client.post(reverse("org:station_duty_remove", args=[duty.pk])).status_code == 404
    assert client.get(reverse("org:checklist_edit", args=[eight.pk])).status_code == 404
    assert client.post(reverse("org:station_delete", args=[studio.pk])).status_code == 404
    assert StationDuty.objects.filter(pk=duty.pk).exists()


def test_an_outsiders_member_cannot_be_put_on_this_rota(world, outsider, studio):
    with pytest.raises(DomainError):
        svc.add_station_duty(studio, weekday=0, member=outsider.member, actor=None)
