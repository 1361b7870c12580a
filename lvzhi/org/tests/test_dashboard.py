"""委员工作台: the current term's counts for staff, and serving-member counts of the committees below."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.org.models import Membership, MembershipStatus
from lvzhi.org.services.members import change_member_status
from lvzhi.testing import build_world, make_member, tile, today

URL = reverse("portal:staff_home")


@pytest.fixture
def registry(world):
    """李明 (from the world), two more serving members one of them standing, and one who resigned."""
    make_member(world, "张伟", sector=world.sectors[1])
    standing = make_member(world, "王芳", sector=world.sectors[1])
    Membership.objects.filter(member=standing).update(is_standing_member=True)
    gone = make_member(world, "赵四")
    change_member_status(
        gone.memberships.get(),
        to_status=MembershipStatus.RESIGNED,
        effective_on=today(),
        decided_by="常委会议",
        actor=None,
    )
    return world


@pytest.fixture
def county(world):
    """A county committee below the world's city committee, with two serving members."""
    child = build_world(code="county", name="示范县政协")
    child.committee.parent = world.committee
    child.committee.save()
    make_member(child, "钱七")
    return child


def test_staff_see_the_terms_counts(registry):
    response = registry.client(Role.LEADER).get(URL)
    assert response.status_code == 200
    counts = tile(response, "org.registry")["counts"]
    assert (counts.serving, counts.standing) == (3, 1)
    assert dict((s, n) for s, _label, n in counts.by_status) == {
        "active": 3,
        "added": 0,
        "resigned": 1,
        "removed": 0,
        "revoked": 0,
        "deceased": 0,
    }
    assert [(r["sector__name"], r["n"]) for r in counts.by_sector] == [
        (registry.sectors[1].name, 2),
        (registry.sectors[0].name, 1),
    ]
    assert (counts.stations, counts.sector_groups, counts.special_committees) == (1, 1, 1)
    html = response.content.decode()
    assert 'data-testid="serving-count">3<' in html
    assert reverse("org:directory") in html


def test_management_links_only_for_those_who_manage(registry):
    assert reverse("org:member_create") in registry.client(Role.MEMBER_AFFAIRS).get(URL).content.decode()
    assert reverse("org:member_create") not in registry.client(Role.LEADER).get(URL).content.decode()


def test_child_committees_are_rolled_up_as_counts(world, county):
    response = world.client(Role.MEMBER_AFFAIRS).get(URL)
    assert tile(response, "org.registry")["children"] == [
        {"committee": county.committee, "depth": 0, "serving": 2, "branch": 2}
    ]
    assert 'data-testid="rollup-row"' in response.content.decode()
    assert "示范县政协" in response.content.decode()
    assert "钱七" not in response.content.decode()


def test_a_child_committee_does_not_see_its_parent(world, county):
    response = county.client(Role.MEMBER_AFFAIRS).get(URL)
    assert tile(response, "org.registry")["children"] == []
    assert tile(response, "org.registry")["counts"].serving == 2


def test_dashboard_is_read_only(registry):
    before = Membership.objects.count()
    registry.client(Role.ADMIN).get(URL)
    assert Membership.objects.count() == before


def test_bounded_queries(registry, django_assert_max_num_queries):
    client = registry.client(Role.MEMBER_AFFAIRS)
    client.get(URL)
    # 20 for the counts, 6 for the to-do tiles and the next activities (one query each, see test_home_todos).
    with django_assert_max_num_queries(26):
        client.get(URL)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT, Role.INFORMATION_OFFICER])
def test_roles_without_the_capability_get_403(world, role):
    assert world.client(role).get(URL).status_code == 403


def test_outsiders_see_only_their_own_committee(registry, outsider):
    response = outsider.client(Role.ADMIN).get(URL)
    assert response.status_code == 200
    assert tile(response, "org.registry")["counts"].serving == 1
