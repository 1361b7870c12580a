"""信息员 who need not be members: their own home, the office's per-station roster, and each station's officers on
the station's page (liaison shows them as a registered panel)."""

from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.opinions import services
from lvzhi.opinions.models import InformationOfficer
from lvzhi.opinions.tests.factories import draft, office, today
from lvzhi.org.models import Station
from lvzhi.testing import tile


def _officer(world, **data):
    values = {"name": "王信息", "user": world.users[Role.INFORMATION_OFFICER], "station": world.station, **data}
    return InformationOfficer.objects.create(committee=world.committee, **values)


def _adopted_report(world, user):
    report = services.submit_opinion(committee=world.committee, user=user, draft=draft())
    report = services.edit_opinion(report, draft=draft(report.title), actor=office(world))
    services.adopt_opinion(report, level="city", adopted_on=today(), actor=office(world))
    return report


def test_an_officer_who_is_not_a_member_gets_a_home_with_their_reports(world, django_assert_max_num_queries):
    officer = _officer(world, unit="城东街道")
    user = officer.user
    adopted = _adopted_report(world, user)
    returned = services.submit_opinion(committee=world.committee, user=user, draft=draft())
    services.return_opinion(returned, reason="请补充数据", actor=office(world))
    client = world.client(Role.INFORMATION_OFFICER)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    shown = tile(response, "opinions.officer")
    assert (shown["officer"], shown["sent"], shown["adopted"], shown["returned"]) == (officer, 2, 1, 1)
    assert {r["pk"] for r in shown["recent"]} == {adopted.pk, returned.pk}
    page = response.content.decode()
    assert "城东委员工作室" in page and "今年报送 2 篇，被采用 1 篇" in page
    assert reverse("opinions:submit") in page


def test_an_officer_not_yet_appointed_still_sees_where_to_submit(world):
    response = world.client(Role.INFORMATION_OFFICER).get(reverse("home"))
    shown = tile(response, "opinions.officer")
    assert (shown["officer"], shown["sent"], list(shown["recent"])) == (None, 0, [])
    assert "还没有报送社情民意" in response.content.decode()


def test_the_officer_tile_is_not_on_other_homes(world):
    # A handling unit's user lands on the same generic home but cannot submit reports.
    response = world.client(Role.HANDLING_UNIT).get(reverse("home"))
    assert all(t["key"] != "opinions.officer" for t in response.context["tiles"])
    member_home = world.client(Role.MEMBER).get(reverse("portal:member_home"))
    assert all(t["key"] != "opinions.officer" for t in member_home.context["tiles"])


def test_the_roster_shows_each_station_with_its_officers_and_those_without(world):
    _officer(world)
    bare = Station.objects.create(committee=world.committee, name="城西联络站", kind=Station.Kind.STUDIO)
    InformationOfficer.objects.create(committee=world.committee, name="刘离任", station=bare, is_active=False)
    _adopted_report(world, world.users[Role.INFORMATION_OFFICER])
    client = world.client(Role.INFORMATION_OFFICE)
    response = client.get(reverse("opinions:officers"))
    rows = {row["station"].name: [o.name for o in row["officers"]] for row in response.context["stations"]}
    assert rows == {"城东委员工作室": ["王信息"], "城西联络站": []}
    assert 'data-testid="station-without-officer"' in response.content.decode()
    counts = {o.name: (o.sent, o.adopted) for o in response.context["officers"]}
    assert counts == {"王信息": (1, 1), "刘离任": (0, 0)}
    narrowed = client.get(reverse("opinions:officers"), {"station": bare.pk})
    assert [o.name for o in narrowed.context["officers"]] == ["刘离任"]
    for nonsense in ("abc", "-1", "99999999999999999999"):
        assert client.get(reverse("opinions:officers"), {"station": nonsense}).status_code == 200


def test_the_roster_is_the_offices_and_shows_only_its_committee(world, outsider):
    for role in (Role.MEMBER, Role.INFORMATION_OFFICER, Role.HANDLING_UNIT):
        assert world.client(role).get(reverse("opinions:officers")).status_code == 403
    _officer(world)
    foreign = outsider.client(Role.INFORMATION_OFFICE).get(reverse("opinions:officers"), {"station": world.station.pk})
    assert foreign.context["officers"] == []
    assert [row["station"].name for row in foreign.context["stations"]] == ["城东委员工作室"]
    assert all(row["station"].committee_id == outsider.committee.pk for row in foreign.context["stations"])


def test_a_stations_page_lists_its_officers(world, outsider):
    _officer(world)
    _officer(world, name="陈委员", user=None, member=world.member)
    other_station = Station.objects.create(committee=world.committee, name="城西联络站", kind=Station.Kind.STUDIO)
    _officer(world, name="不在此站", user=None, station=other_station)
    page = world.client(Role.INFORMATION_OFFICE).get(reverse("liaison:station", kwargs={"pk": world.station.pk}))
    panel = next(p["context"] for p in page.context["panels"] if p["key"] == "opinions.officers")
    assert sorted(o.name for o in panel["officers"]) == ["王信息", "陈委员"]
    assert panel["may_manage"]
    html = page.content.decode()
    assert 'data-testid="station-officer"' in html and "不在此站" not in html
    # Member affairs sees the officers but not the roster's link; another committee does not see the station.
    affairs = world.client(Role.MEMBER_AFFAIRS).get(reverse("liaison:station", kwargs={"pk": world.station.pk}))
    assert reverse("opinions:officers") + "?station" not in affairs.content.decode()
    foreign = outsider.client(Role.INFORMATION_OFFICE).get(reverse("liaison:station", kwargs={"pk": world.station.pk}))
    assert foreign.status_code == 404


def test_the_roster_costs_the_same_for_many_officers_and_stations(world, django_assert_max_num_queries):
    for n in range(6):
        station = Station.objects.create(committee=world.committee, name=f"联络站{n}", kind=Station.Kind.STUDIO)
        for m in range(2):
            InformationOfficer.objects.create(committee=world.committee, name=f"信息员{n}{m}", station=station)
    client = world.client(Role.INFORMATION_OFFICE)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("opinions:officers"))
    assert len(response.context["officers"]) == 12
