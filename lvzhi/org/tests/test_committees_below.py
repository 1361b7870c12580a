"""A committee's system administrator creates and edits committees below their own (screen and
`POST /committees` with `parent_code` their committee or a descendant); the staff home rolls up every level below."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.models import AuditEvent, Committee
from lvzhi.org.models import Member, Membership, Sector, Term
from lvzhi.org.services import committees as svc
from lvzhi.org.services.members import create_committee
from lvzhi.testing import make_member, tile

API = "/api/v1/committees"


def body(**extra):
    return {"code": "wujin", "name": "武进区政协", "level": "county", "parent_code": "city", **extra}


@pytest.fixture
def district(world):
    return create_committee(code="xinbei", name="新北区政协", level="county", parent=world.committee, actor=None)


def test_the_administrator_creates_a_district_with_its_first_term_and_sectors(world):
    response = world.client(Role.ADMIN).post(
        API, body(term_number=9, term_start_year=2022), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json() == {
        "code": "wujin",
        "name": "武进区政协",
        "level": "county",
        "parent_code": "city",
        "current_term": {"number": 9, "start_year": 2022},
    }
    created = Committee.objects.get(code="wujin")
    with scopes_disabled():
        assert (
            Term.objects.get(committee=created).number == 9 and Sector.objects.filter(committee=created).count() == 23
        )
    assert AuditEvent.objects.filter(action="committee.created", committee=created).exists()


def test_a_parent_outside_the_tree_is_not_found_and_a_level_must_be_below_its_parent(world, outsider):
    admin = world.client(Role.ADMIN)
    foreign = admin.post(API, body(parent_code=outsider.committee.code), content_type="application/json")
    assert (foreign.status_code, foreign.json()["error"]["code"]) == (404, "committee.parent_not_found")
    same_level = admin.post(API, body(level="city"), content_type="application/json")
    assert (same_level.status_code, same_level.json()["error"]["code"]) == (400, "committee.level_not_below")
    assert not Committee.objects.filter(code="wujin").exists()


def test_a_town_below_a_district_is_below_the_city_too(world, district):
    response = world.client(Role.ADMIN).post(
        API, body(code="town", name="某镇", parent_code="xinbei"), content_type="application/json"
    )
    # county under county is refused; the levels end at county
    assert response.json()["error"]["code"] == "committee.level_not_below"
    with pytest.raises(NotFound):
        svc.create_below(
            home=district,
            code="up",
            name="上级",
            level="county",
            parent_code="city",
            sector_preset="city23",
            term_number=1,
            term_start_year=None,
            actor=world.users[Role.ADMIN],
        )


def test_edit_renames_and_cannot_move_out_of_the_tree(world, district, outsider):
    admin = world.client(Role.ADMIN)
    ok = admin.patch(
        f"{API}/xinbei",
        {"name": "新北区政协（新）", "level": "county", "parent_code": "city"},
        content_type="application/json",
    )
    assert (ok.status_code, ok.json()["name"]) == (200, "新北区政协（新）")
    assert AuditEvent.objects.get(action="committee.updated").data["name"] == ["新北区政协", "新北区政协（新）"]
    moved = admin.patch(
        f"{API}/xinbei",
        {"name": "x区", "level": "county", "parent_code": outsider.committee.code},
        content_type="application/json",
    )
    assert moved.status_code == 404
    assert (
        outsider.client(Role.ADMIN)
        .patch(
            f"{API}/xinbei", {"name": "x区", "level": "county", "parent_code": "other"}, content_type="application/json"
        )
        .status_code
        == 404
    )
    with pytest.raises(DomainError):
        svc.update_below(district, home=world.committee, name="x", level="county", parent_code="xinbei", actor=None)


def test_only_the_administrator_and_the_list_shows_only_what_is_below(world, district, outsider):
    assert world.client(Role.MEMBER_AFFAIRS).post(API, body(), content_type="application/json").status_code == 403
    assert world.client(Role.MEMBER_AFFAIRS).get(API).status_code == 403
    assert [c["code"] for c in world.client(Role.ADMIN).get(API).json()] == ["xinbei"]
    assert outsider.client(Role.ADMIN).get(API).json() == []


def test_the_screen_creates_and_edits(world, district):
    admin = world.client(Role.ADMIN)
    page = admin.get(reverse("org:committees")).content.decode()
    assert "新北区政协" in page and 'data-testid="committee-form"' in page
    assert '<option value="county" selected>' in page  # one level below the city's own
    form = {"name": "武进区政协", "code": "wujin", "level": "county", "parent_code": "city"}
    form |= {"sector_preset": "city23", "term_number": "1", "term_start_year": "2022"}
    assert admin.post(reverse("org:committees"), form).status_code == 302
    assert Committee.objects.get(code="wujin").parent == world.committee
    again = admin.post(reverse("org:committees"), form)
    assert again.status_code == 200 and "政协代码已存在" in again.content.decode()
    edit = reverse("org:committee_edit", args=[district.pk])
    assert admin.post(edit, {"name": "新北区政协", "level": "city", "parent_code": "city"}).status_code == 200
    assert admin.post(edit, {"name": "新北区", "level": "county", "parent_code": "city"}).status_code == 302
    assert world.client(Role.MEMBER_AFFAIRS).get(reverse("org:committees")).status_code == 403


def test_the_staff_home_rolls_up_every_level_below(world):
    province = world.committee
    Committee.objects.filter(pk=province.pk).update(level="province")
    city = create_committee(code="cz", name="常州市政协", level="city", parent=province, actor=None)
    county = create_committee(code="wj", name="武进区政协", level="county", parent=city, actor=None)
    for committee, n in ((city, 2), (county, 3)):
        with scopes_disabled():
            term = Term.objects.get(committee=committee)
        for i in range(n):
            member = make_member(world, f"委员{committee.code}{i}")
            with scopes_disabled():
                Membership.objects.filter(member=member).update(committee=committee, term=term)
    with scopes_disabled():
        Member.objects.filter(name__startswith="委员cz").update(committee=city)
        Member.objects.filter(name__startswith="委员wj").update(committee=county)
    rows = tile(world.client(Role.ADMIN).get(reverse("portal:staff_home")), "org.registry")["children"]
    assert [(r["committee"].code, r["depth"], r["serving"], r["branch"]) for r in rows] == [
        ("cz", 0, 2, 5),
        ("wj", 1, 3, 3),
    ]
