"""Stations that work: areas covered, the visitor log, the standards checklist ticked from data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services as activity_services
from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.liaison import services as letters
from lvzhi.liaison.queries_stations import checklist, station_facts, stations_overview
from lvzhi.liaison.services import stations as services
from lvzhi.opinions.models import Opinion
from lvzhi.opinions.services.officers import save_officer
from lvzhi.opinions.tests.factories import report_in
from lvzhi.org.services import stations as station_services
from lvzhi.org.services import structure as structure_services
from lvzhi.testing import make_activity


def _ticks(station, year):
    station.refresh_from_db()
    return {i.text: (i.done, i.from_data) for i in checklist(station, station_facts(station, year))}


def _held(world, station_field: dict, *, when: datetime.datetime, status=Activity.Status.ATTENDANCE_CONFIRMED):
    activity = make_activity(world, **station_field.get("data", {}), audience=station_field.get("audience"))
    Activity.objects.filter(pk=activity.pk).update(
        status=status, starts_at=when, ends_at=when + datetime.timedelta(hours=2)
    )
    return activity


def test_a_hand_built_station_meets_its_eight_standards_as_its_data_grows(world):
    """合山's 八有 on a new station: each item the data can show turns on when the data arrives, and only then."""
    office = world.users[Role.MEMBER_AFFAIRS]
    eight = station_services.add_checklist_preset(committee=world.committee, preset="八有", actor=None)
    station = station_services.create_station(
        committee=world.committee, name="河里镇委员联络站", kind="liaison_station", checklist=eight, actor=None
    )
    held_at = timezone.now() - datetime.timedelta(hours=1)
    year = timezone.localtime(held_at).year
    assert _ticks(station, year) == {item: (False, False) for item in eight.items}

    # Money, rules: nothing on the system shows them; staff tick them on the evidence they hold.
    station_services.record_station_checklist(station, done=["有工作经费", "有工作制度"], actor=None)
    assert _ticks(station, year)["有工作经费"] == (True, False)

    station_services.update_station(station, changes={"address": "河里镇人民路 8 号"}, actor=None)
    assert _ticks(station, year)["有办公场所"] == (True, True)

    # An officer posted at the station staffs it; one posted elsewhere or retired does not.
    save_officer(committee=world.committee, data={"name": "黄丽", "station": world.station}, actor=office)
    save_officer(committee=world.committee, data={"name": "韦强", "station": station, "is_active": False}, actor=office)
    assert _ticks(station, year)["有社情民意信息员"] == (False, False)
    save_officer(committee=world.committee, data={"name": "覃芳", "station": station}, actor=office)
    ticks = _ticks(station, year)
    assert ticks["有社情民意信息员"] == ticks["有人员配备"] == (True, True)

    station_services.add_station_duty(station, weekday=3, member=world.member, actor=None)
    assert _ticks(station, year)["有值班接待"] == (True, True)

    # Regular activities: four held in the year, organised by the station or aimed at it. Drafts, cancelled ones,
    # last year's and another station's do not count.
    by_station = {"data": {"organiser_station": station}}
    aimed = {"audience": activity_services.Audience(station_ids=(station.pk,))}
    _held(world, by_station, when=held_at)
    _held(world, aimed, when=held_at)
    _held(world, by_station, when=held_at, status=Activity.Status.CANCELLED)
    _held(world, by_station, when=held_at, status=Activity.Status.DRAFT)
    _held(world, by_station, when=held_at.replace(year=year - 1))
    _held(world, {"data": {"organiser_station": world.station}}, when=held_at)
    assert station_facts(station, year)["activities"] == 2
    assert _ticks(station, year)["有经常性活动"] == (False, False)
    assert _ticks(station, year)["有工作台账"] == (True, True)  # its activities are on record
    _held(world, by_station, when=held_at, status=Activity.Status.ARCHIVED)
    _held(world, {"data": {"location": "河里镇委员联络站二楼"}}, when=held_at)  # held there
    assert _ticks(station, year)["有经常性活动"] == (True, True)

    assert _ticks(station, year) == {
        "有人员配备": (True, True),
        "有工作经费": (True, False),
        "有办公场所": (True, True),
        "有工作制度": (True, False),
        "有社情民意信息员": (True, True),
        "有值班接待": (True, True),
        "有经常性活动": (True, True),
        "有工作台账": (True, True),
    }
    # A year with none of it shows only what does not depend on the year, and the staff's ticks.
    earlier = {text for text, (done, _) in _ticks(station, year - 3).items() if done}
    assert earlier == {"有人员配备", "有工作经费", "有办公场所", "有工作制度", "有社情民意信息员", "有值班接待"}


def test_other_wordings_are_ticked_by_what_they_mention(world):
    """Another office's standard: the mailbox, the visitor log and the reports sent from the station."""
    custom = station_services.create_checklist(
        committee=world.committee,
        name="工作室标准",
        items=["有社情民意征集箱", "有接待登记", "有社情民意报送", "有活动", "有标识牌匾"],
        actor=None,
    )
    station = world.station
    station_services.update_station(station, changes={"checklist": custom}, actor=None)
    year = timezone.localdate().year
    assert not any(done for done, _ in _ticks(station, year).values())
    letters.mailbox_for(station)
    services.record_reception(
        station,
        date=timezone.localdate(),
        visitor="陈先生",
        matter="咨询养老补贴",
        outcome="answered",
        actor=world.users[Role.MEMBER_AFFAIRS],
    )
    report_in(world, Opinion.Status.SUBMITTED)
    Opinion.objects.update(station=station, year=year)
    ticks = _ticks(station, year)
    assert ticks["有社情民意征集箱"] == ticks["有接待登记"] == ticks["有社情民意报送"] == (True, True)
    assert ticks["有活动"] == ticks["有标识牌匾"] == (False, False)
    Opinion.objects.update(status=Opinion.Status.WITHDRAWN)
    assert _ticks(station, year)["有社情民意报送"] == (False, False)


def test_the_station_page_says_where_each_tick_comes_from(world):
    eight = station_services.add_checklist_preset(committee=world.committee, preset="八有", actor=None)
    station_services.update_station(world.station, changes={"checklist": eight}, actor=None)
    station_services.record_station_checklist(world.station, done=["有工作经费"], actor=None)
    page = world.client(Role.MEMBER_AFFAIRS).get(reverse("liaison:station", kwargs={"pk": world.station.pk}))
    rows = [i for i in page.context["checklist"]]
    assert rows[0].shows == "驻站委员 1 名、信息员 0 名"
    html = page.content.decode()
    assert "据数据：驻站委员 1 名、信息员 0 名" in html
    assert '有工作经费 <span class="text-muted">（工作人员确认）' in html
    assert "（值班表 0 人次/周）" in html  # 有值班接待 unproven: the rota is empty


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


def test_the_api_gives_a_station_s_standing_as_its_page_does(world, outsider):
    eight = station_services.add_checklist_preset(committee=world.committee, preset="八有", actor=None)
    station_services.update_station(world.station, changes={"checklist": eight}, actor=None)
    station_services.record_station_checklist(world.station, done=["有工作经费"], actor=None)
    url = f"/api/v1/stations/{world.station.pk}/standing"
    standing = world.client(Role.LEADER).get(url, {"year": 2025})
    assert standing.status_code == 200
    body = standing.json()
    assert (body["year"], body["checklist"], body["counts"]["residents"]) == (2025, "八有", 1)
    items = {item["text"]: item for item in body["items"]}
    assert items["有人员配备"] == {
        "text": "有人员配备",
        "done": True,
        "from_data": True,
        "shows": "驻站委员 1 名、信息员 0 名",
    }
    assert (items["有工作经费"]["done"], items["有工作经费"]["from_data"]) == (True, False)
    # A member has no statistics; another committee's station is not there; a year out of range is a 400.
    assert world.client(Role.MEMBER).get(url).status_code == 403
    assert outsider.client(Role.MEMBER_AFFAIRS).get(url).status_code == 404
    assert world.client(Role.LEADER).get(url, {"year": 99999}).status_code == 400
