"""组织管理 page: one tab per part of the organisation, each list in a fixed number of queries."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.org.models import Station
from lvzhi.org.services import stations as station_services
from lvzhi.org.services import structure as structure_services
from lvzhi.org.views.structure import TABS
from lvzhi.testing import make_member

TAB_KEYS = [key for key, _label in TABS]


@pytest.fixture
def busy(world):
    """A second term, sessions, more groups and stations, so the query budget is measured on real rows."""
    for year in (2022, 2023, 2024):
        structure_services.create_session(term=world.term, year=year, actor=None)
    for i in range(5):
        structure_services.create_sector_group(
            term=world.term, name=f"活动组{i}", sectors=world.sectors[i : i + 3], actor=None
        )
        structure_services.create_regional_group(term=world.term, name=f"联络组{i}", actor=None)
        structure_services.create_special_committee(committee=world.committee, name=f"专委会{i}", actor=None)
    checklist = station_services.add_checklist_preset(committee=world.committee, preset="五有", actor=None)
    for i in range(5):
        station = station_services.create_station(
            committee=world.committee, name=f"工作室{i}", kind=Station.Kind.STUDIO, checklist=checklist, actor=None
        )
        station_services.add_station_duty(station, weekday=i, member=make_member(world, f"值班{i}"), actor=None)
    return world


@pytest.mark.parametrize("tab", TAB_KEYS)
def test_every_tab_renders_for_staff_who_manage_the_organisation(world, tab):
    response = world.client(Role.MEMBER_AFFAIRS).get(reverse("org:organisation"), {"tab": tab})
    assert response.status_code == 200
    assert "组织管理" in response.content.decode()


def test_the_tabs_show_what_each_part_holds(world):
    client = world.client(Role.ADMIN)
    url = reverse("org:organisation")
    assert world.sectors[5].name in client.get(url, {"tab": "sectors"}).content.decode()
    groups = client.get(url, {"tab": "groups"}).content.decode()
    assert world.group.name in groups and world.special_committee.name in groups
    assert world.station.name in client.get(url, {"tab": "stations"}).content.decode()
    station_services.add_checklist_preset(committee=world.committee, preset="五有", actor=None)
    assert "有足迹" in client.get(url, {"tab": "checklists"}).content.decode()


def test_the_term_selector_shows_an_earlier_terms_sectors(world):
    new = structure_services.prepare_term(committee=world.committee, start_year=2027, sectors_from="none", actor=None)
    client = world.client(Role.ADMIN)
    url = reverse("org:organisation")
    assert world.sectors[0].name not in client.get(url, {"tab": "sectors", "term": new.pk}).content.decode()
    assert world.sectors[0].name in client.get(url, {"tab": "sectors", "term": world.term.pk}).content.decode()


@pytest.mark.parametrize("tab", TAB_KEYS)
def test_each_tab_stays_within_its_query_budget(busy, tab, django_assert_max_num_queries):
    client = busy.client(Role.ADMIN)
    # session, user, role assignments, committee, terms, the tab's rows and its prefetches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("org:organisation"), {"tab": tab})
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEADER, Role.COMMITTEE_STAFF, Role.HANDLING_UNIT])
def test_roles_without_manage_org_get_403(world, role):
    assert world.client(role).get(reverse("org:organisation")).status_code == 403


def test_an_outsider_sees_only_their_own_committee(world, outsider):
    page = outsider.client(Role.ADMIN).get(reverse("org:organisation"), {"tab": "stations"}).content.decode()
    assert outsider.station.name in page
    assert f"/structure/stations/{world.station.pk}/" not in page
