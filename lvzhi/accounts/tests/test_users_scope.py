"""A staff role narrowed to a special committee or a sector group narrows what its holder sees (DOMAIN.md §1.4)."""

import pytest
from django.urls import reverse

from lvzhi.accounts.services import create_account, remove_role
from lvzhi.core.capabilities import Role
from lvzhi.core.tenancy import access_for
from lvzhi.org.queries.members import DirectoryFilter, directory
from lvzhi.testing import make_member

STAFF_PASSWORD = "Jingji-staff-2026"


@pytest.fixture
def outside_member(world):
    """A member who sits on no special committee and in no group."""
    return make_member(world, "周强", sector=world.sectors[3])


@pytest.fixture
def scoped_staff(world):
    return create_account(
        committee=world.committee,
        username="jingji-only",
        password=STAFF_PASSWORD,
        display_name="经济委工作人员",
        roles=[Role.COMMITTEE_STAFF],
        special_committee=world.special_committee,
        actor=world.users[Role.ADMIN],
    )


def test_staff_scoped_to_a_special_committee_see_only_its_members(world, scoped_staff, outside_member):
    access = access_for(scoped_staff, world.committee)
    rows = list(directory(access, world.term, DirectoryFilter()))
    assert [m.member for m in rows] == [world.member]


def test_unscoped_staff_of_the_same_role_see_everyone(world, outside_member):
    access = access_for(world.users[Role.COMMITTEE_STAFF], world.committee)
    members = {m.member for m in directory(access, world.term, DirectoryFilter())}
    assert members == {world.member, outside_member}


def test_the_scope_set_on_the_users_page_takes_effect(world, outside_member):
    world.client(Role.ADMIN).post(
        reverse("accounts:user_role_add", args=[world.users[Role.GROUP_CONVENOR].pk]),
        {"role": Role.GROUP_CONVENOR, "sector_group": world.group.pk},
    )
    convenor = world.users[Role.GROUP_CONVENOR]
    remove_role(convenor.role_assignments.get(sector_group=None), actor=None)  # the unscoped role saw everyone
    access = access_for(convenor, world.committee)
    assert [m.member for m in directory(access, world.term, DirectoryFilter())] == [world.member]
