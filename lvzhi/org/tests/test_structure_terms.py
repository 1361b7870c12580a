"""Terms (届) and their annual sessions (次会议): starting a new term, correcting years, adding sessions."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import RegionalGroup, Sector, SectorGroup, Session, Term
from lvzhi.org.services import structure as svc


@pytest.fixture
def admin(world):
    return world.users[Role.ADMIN]


@pytest.fixture
def session(world):
    return svc.create_session(term=world.term, year=2022, actor=None)


def test_preparing_a_term_copies_the_previous_sectors_and_leaves_the_current_term_current(world, admin):
    term = svc.prepare_term(committee=world.committee, start_year=2027, actor=admin)
    assert (term.number, term.end_year, term.is_current) == (world.term.number + 1, 2031, False)
    assert Term.objects.get(pk=world.term.pk).is_current
    old = list(Sector.objects.filter(term=world.term).values_list("code", "name"))
    assert list(Sector.objects.filter(term=term).values_list("code", "name")) == old
    event = AuditEvent.objects.get(action="term.prepared")
    assert (event.actor, event.data["sectors"], event.data["previous"]) == (admin, 23, world.term.number)


def test_a_new_term_can_take_the_national_preset_instead(world):
    term = svc.prepare_term(committee=world.committee, start_year=2027, sectors_from="national34", actor=None)
    assert Sector.objects.filter(term=term).count() == 34
    assert Sector.objects.filter(term=term, name="环境资源界").exists()


def test_copying_groups_maps_them_onto_the_new_terms_sectors(world):
    RegionalGroup.objects.create(committee=world.committee, term=world.term, name="城东联络组")
    term = svc.prepare_term(committee=world.committee, start_year=2027, copy_groups=True, actor=None)
    group = SectorGroup.objects.get(term=term, name=world.group.name)
    assert group.special_committee == world.special_committee
    assert [s.term_id for s in group.sectors.all()] == [term.pk]
    assert RegionalGroup.objects.filter(term=term, name="城东联络组").exists()


def test_a_term_number_already_used_is_a_conflict(world):
    with pytest.raises(Conflict) as exc:
        svc.prepare_term(committee=world.committee, number=world.term.number, start_year=2027, actor=None)
    assert exc.value.code == "term.number_taken"
    assert Term.objects.get(pk=world.term.pk).is_current


def test_staff_prepare_a_term_through_the_form(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(reverse("org:term_create"), {"start_year": 2027, "sectors_from": "city23"})
    assert response.status_code == 302
    term = Term.objects.get(committee=world.committee, number=2)
    assert (term.is_current, Sector.objects.filter(term=term).count()) == (False, 23)
    assert Term.objects.get(committee=world.committee, is_current=True) == world.term


def test_the_term_form_keeps_input_and_explains_bad_years(world):
    client = world.client(Role.ADMIN)
    response = client.post(
        reverse("org:term_create"), {"start_year": 2027, "end_year": 2020, "sectors_from": "previous"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "结束年份有误" in page
    assert 'value="2027"' in page
    assert Term.objects.filter(committee=world.committee).count() == 1


def test_term_years_can_be_corrected(world):
    response = world.client(Role.ADMIN).post(
        reverse("org:term_edit", args=[world.term.pk]), {"start_year": 2022, "end_year": 2027}
    )
    assert response.status_code == 302
    assert Term.objects.get(pk=world.term.pk).end_year == 2027
    assert AuditEvent.objects.get(action="term.updated").data["changes"] == {"end_year": [2026, 2027]}


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER, Role.COMMITTEE_STAFF])
def test_roles_without_manage_org_get_403(world, role):
    client = world.client(role)
    assert client.get(reverse("org:term_create")).status_code == 403
    assert client.post(reverse("org:term_create"), {"start_year": 2027}).status_code == 403
    assert Term.objects.filter(committee=world.committee).count() == 1


def test_sessions_are_numbered_in_turn_and_stay_inside_the_term(world, session):
    second = svc.create_session(term=world.term, year=2023, actor=None)
    assert (session.number, second.number) == (1, 2)
    with pytest.raises(DomainError) as exc:
        svc.create_session(term=world.term, year=2030, actor=None)
    assert exc.value.code == "session.year_outside_term"


def test_staff_add_a_session_with_dates(world):
    response = world.client(Role.ADMIN).post(
        reverse("org:session_create", args=[world.term.pk]),
        {"year": 2024, "opens_on": "2024-01-10", "closes_on": "2024-01-13"},
    )
    assert response.status_code == 302
    session = Session.objects.get(term=world.term)
    assert (session.number, str(session.closes_on)) == (1, "2024-01-13")
    assert AuditEvent.objects.filter(action="session.created", object_id=str(session.pk)).exists()


def test_a_session_closing_before_it_opens_is_refused_with_a_chinese_message(world):
    response = world.client(Role.ADMIN).post(
        reverse("org:session_create", args=[world.term.pk]),
        {"year": 2024, "opens_on": "2024-01-10", "closes_on": "2024-01-09"},
    )
    assert "闭幕日期" in response.content.decode()
    assert not Session.objects.filter(term=world.term).exists()


def test_a_session_is_edited_and_deleted_by_post_only(world, session):
    client = world.client(Role.ADMIN)
    edit = client.post(reverse("org:session_edit", args=[session.pk]), {"number": 1, "year": 2023})
    assert edit.status_code == 302
    assert Session.objects.get(pk=session.pk).year == 2023
    url = reverse("org:session_delete", args=[session.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()
    assert AuditEvent.objects.filter(action="session.deleted").exists()


def test_outsiders_get_404_for_this_committees_terms_and_sessions(world, outsider, session):
    client = outsider.client(Role.ADMIN)
    assert client.get(reverse("org:term_edit", args=[world.term.pk])).status_code == 404
    assert client.get(reverse("org:session_create", args=[world.term.pk])).status_code == 404
    assert client.post(reverse("org:session_delete", args=[session.pk])).status_code == 404
    assert Session.objects.filter(pk=session.pk).exists()
