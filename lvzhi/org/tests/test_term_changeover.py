"""换届 as a prepared step: a new term set up beside the current one (sectors, groups, members carried over),
made current with a confirmation, reversible; numbers and years checked. Screen and API."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Membership, MembershipStatus, Term
from lvzhi.org.services import structure as svc
from lvzhi.org.services.members import current_term
from lvzhi.testing import make_member

API = "/api/v1"


def post(client, path: str, body: dict):
    return client.post(API + path, body, content_type="application/json")


def test_post_terms_prepares_without_switching_and_make_current_switches(world):
    admin = world.client(Role.ADMIN)
    before = admin.get(f"{API}/members").json()["count"]
    created = post(admin, "/terms", {"start_year": 2027, "sectors_from": "previous"})
    assert created.status_code == 201 and created.json()["is_current"] is False
    assert current_term(world.committee) == world.term
    assert admin.get(f"{API}/members").json()["count"] == before  # the directory did not empty
    new_id = created.json()["id"]
    unconfirmed = post(admin, f"/terms/{new_id}/make-current", {"confirm": False})
    assert (unconfirmed.status_code, unconfirmed.json()["error"]["code"]) == (400, "term.confirm_required")
    switched = post(admin, f"/terms/{new_id}/make-current", {"confirm": True})
    assert switched.status_code == 200 and switched.json()["is_current"] is True
    assert current_term(world.committee).pk == new_id
    back = post(admin, f"/terms/{world.term.pk}/make-current", {"confirm": True})
    assert back.json()["is_current"] is True and current_term(world.committee) == world.term
    assert not Term.objects.get(pk=new_id).is_current
    assert AuditEvent.objects.filter(action="term.made_current").count() == 2


def test_members_are_carried_over_as_reappointed_into_the_sector_of_the_same_name(world):
    leaving = make_member(world, "已辞职委员")
    Membership.objects.filter(member=leaving).update(status=MembershipStatus.RESIGNED)
    term = svc.prepare_term(committee=world.committee, start_year=2027, carry_members=True, actor=None)
    carried = Membership.objects.filter(term=term).select_related("sector")
    old = Membership.objects.get(member=world.member, term=world.term)
    mine = carried.get(member=world.member)
    assert (mine.sector.name, mine.sector.term_id, mine.appointment) == (old.sector.name, term.pk, "reappointed")
    assert not carried.filter(member=leaving).exists()
    assert mine.status_changes.count() == 1
    assert AuditEvent.objects.get(action="term.prepared").data["members_carried"] == carried.count()


def test_a_term_without_sectors_cannot_be_made_current(world):
    term = svc.prepare_term(committee=world.committee, start_year=2027, sectors_from="none", actor=None)
    with pytest.raises(Conflict) as exc:
        svc.make_term_current(term, actor=None)
    assert exc.value.code == "term.no_sectors" and current_term(world.committee) == world.term
    response = post(world.client(Role.ADMIN), f"/terms/{term.pk}/make-current", {"confirm": True})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "term.no_sectors")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"start_year": 2021}, "term.chronology"),
        ({"start_year": 2022}, "term.chronology"),
        ({"start_year": 2027, "number": 100}, "term.bad_number"),
        ({"start_year": 2027, "number": 0}, "term.bad_number"),
        ({"start_year": 2027, "end_year": 2026}, "term.bad_years"),
    ],
)
def test_numbers_and_years_are_checked(world, data, code):
    assert world.term.start_year == 2022
    with pytest.raises(DomainError) as exc:
        svc.prepare_term(committee=world.committee, **data, actor=None)
    assert exc.value.code == code and exc.value.message
    assert Term.objects.filter(committee=world.committee).count() == 1


def test_correcting_years_keeps_the_order_of_terms(world):
    term = svc.prepare_term(committee=world.committee, start_year=2027, actor=None)
    with pytest.raises(DomainError) as exc:
        svc.update_term(world.term, changes={"start_year": 2027, "end_year": 2031}, actor=None)
    assert exc.value.code == "term.chronology" and "起始年份应早于下一届" in exc.value.message
    with pytest.raises(DomainError):
        svc.update_term(term, changes={"start_year": 2021}, actor=None)


def test_the_api_refuses_a_number_over_99_and_an_earlier_start(world):
    admin = world.client(Role.ADMIN)
    assert post(admin, "/terms", {"start_year": 2027, "number": 100}).status_code == 400
    early = post(admin, "/terms", {"start_year": 2020})
    assert (early.status_code, early.json()["error"]["code"]) == (400, "term.chronology")
    assert "起始年份应晚于上一届" in early.json()["error"]["message"]


# The screen ---------------------------------------------------------------------------------------


def test_the_screen_prepares_then_confirms_then_can_go_back(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(
        reverse("org:term_create"), {"start_year": 2027, "sectors_from": "previous", "carry_members": "on"}
    )
    assert response.status_code == 302
    new = Term.objects.get(committee=world.committee, number=2)
    terms_tab = client.get(reverse("org:organisation"), {"tab": "terms"}).content.decode()
    assert 'data-testid="term-draft"' in terms_tab and reverse("org:term_make_current", args=[new.pk]) in terms_tab
    confirm_page = client.get(reverse("org:term_make_current", args=[new.pk])).content.decode()
    assert "确认设为本届" in confirm_page and "23 个界别，1 名委员" in confirm_page
    assert not Term.objects.get(pk=new.pk).is_current  # looking is not switching
    done = client.post(reverse("org:term_make_current", args=[new.pk]), follow=True).content.decode()
    assert "已设为本届" in done and current_term(world.committee) == new
    client.post(reverse("org:term_make_current", args=[world.term.pk]))
    assert current_term(world.committee) == world.term


def test_the_screen_explains_why_a_term_without_sectors_cannot_be_made_current(world):
    term = svc.prepare_term(committee=world.committee, start_year=2027, sectors_from="none", actor=None)
    client = world.client(Role.ADMIN)
    page = client.get(reverse("org:term_make_current", args=[term.pk])).content.decode()
    assert 'data-testid="no-sectors"' in page and "confirm-make-current" not in page
    followed = client.post(reverse("org:term_make_current", args=[term.pk]), follow=True).content.decode()
    assert "还没有界别" in followed and current_term(world.committee) == world.term


def test_other_committees_and_roles_cannot_switch_terms(world, outsider):
    url = reverse("org:term_make_current", args=[world.term.pk])
    assert outsider.client(Role.ADMIN).get(url).status_code == 404
    assert world.client(Role.MEMBER).get(url).status_code == 403
    response = post(outsider.client(Role.ADMIN), f"/terms/{world.term.pk}/make-current", {"confirm": True})
    assert response.status_code == 404
    assert post(world.client(Role.MEMBER), f"/terms/{world.term.pk}/make-current", {"confirm": True}).status_code == 403
