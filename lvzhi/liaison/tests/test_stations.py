"""Stations that work: areas covered, the visitor log, the standards checklist ticked from data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.liaison import services as letters
from lvzhi.liaison.queries_stations import checklist, station_facts, stations_overview
from lvzhi.liaison.services import stations as services
from lvzhi.org.services import stations as station_services
from lvzhi.org.services import structure as structure_services


def test_the_checklist_is_ticked_from_data_where_data_shows_it(world):
    office = world.users[Role.MEMBER_AFFAIRS]
    eight = station_services.create_checklist(
        committee=world.committee,
        name="合山八有",
        items=["有办公场所", "有人员配备", "有工作经费", "有经常性活动"],
        actor=None,
    )
    world.station.checklist = eight
    world.station.checklist_done = ["有工作经费"]
    world.station.save()
    ticks = {i.text: (i.done, i.from_data) for i in checklist(world.station, station_facts(world.station))}
    assert ticks == {
        "有办公场所": (False, False),
        "有人员配备": (True, True),  # the world's member lives in at this station
        "有工作经费": (True, False),  # ticked by staff: no data shows money
        "有经常性活动": (False, False),
    }
    world.station.address = "东城街道 1 号"
    world.station.save()
    services.record_reception(
        world.station,
        date=timezone.localdate(),
        visitor="陈先生",
        matter="咨询养老补贴",
        outcome="answered",
        actor=office,
    )
    ticks = {i.text: i.done for i in checklist(world.station, station_facts(world.station))}
    assert ticks["有办公场所"] and ticks["有经常性活动"]


def test_a_reception_needs_its_fields_and_no_future_date(world):
    with pytest.raises(DomainError) as refused:
        services.record_reception(
            world.station,
            date=timezone.localdate() + datetime.timedelta(days=2),
            visitor="",
            matter="",
            outcome="x",
            actor=world.users[Role.MEMBER_AFFAIRS],
        )
    assert set(refused.value.fields) == {"date", "visitor", "matter", "outcome"}


def test_areas_without_a_station_are_named(world):
    structure_services.create_regional_group(term=world.term, name="东城联络组", area="东城街道", actor=None)
    structure_services.create_regional_group(term=world.term, name="西山联络组", area="西山镇", actor=None)
    services.set_area(world.station, area="东城街道", actor=world.users[Role.MEMBER_AFFAIRS])
    stations, uncovered = stations_overview(world.committee.pk)
    assert uncovered == ["西山镇"]
    assert stations[0].residents == 1


def test_the_station_page_and_its_forms(world):
    letters.mailbox_for(world.station)
    client = world.client(Role.MEMBER_AFFAIRS)
    url = reverse("liaison:station", kwargs={"pk": world.station.pk})
    assert "李明" in client.get(url).content.decode()
    response = client.post(
        reverse("liaison:reception_add", kwargs={"pk": world.station.pk}),
        {"date": timezone.localdate().isoformat(), "visitor": "陈先生", "matter": "咨询", "outcome": "noted"},
    )
    assert response.status_code == 302
    assert (
        client.post(reverse("liaison:station_area", kwargs={"pk": world.station.pk}), {"area": "东城街道"}).status_code
        == 302
    )
    page = client.get(reverse("liaison:stations"))
    assert page.context["stations"][0].receptions_count == 1
    leader = world.client(Role.LEADER)
    assert leader.get(url).status_code == 200
    assert leader.post(reverse("liaison:reception_add", kwargs={"pk": world.station.pk}), {}).status_code == 403
