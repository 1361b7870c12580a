"""通讯录: staff and members search and filter the current term's members; htmx swaps only the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.org.models import GroupSeat, Membership, MembershipStatus, SpecialCommitteeSeat
from lvzhi.org.services.members import change_member_status
from lvzhi.testing import make_member, make_user, today

URL = reverse("org:directory")
# Sign-in, committee, navigation and session bookkeeping take ~9; the page: term, filter lists, count, rows, seats.
QUERY_BUDGET = 20


@pytest.fixture
def zhang(world):
    return make_member(
        world, "张伟", sector=world.sectors[1], mobile="13900000001", employer="示范大学", job_title="教授"
    )


@pytest.fixture
def wang(world):
    """A member who opted in to showing their mobile in the directory."""
    return make_member(world, "王芳", mobile="13900000002", mobile_in_directory=True)


@pytest.fixture
def departed(world):
    member = make_member(world, "赵四", mobile="13900000003")
    change_member_status(
        member.memberships.get(),
        to_status=MembershipStatus.RESIGNED,
        effective_on=today(),
        decided_by="常委会议",
        actor=None,
    )
    return member


def names(response):
    return [m["name"] for m in response.context["page"].object_list]


def test_staff_see_every_member_with_staff_columns(world, zhang, wang, departed):
    response = world.client(Role.MEMBER_AFFAIRS).get(URL)
    assert response.status_code == 200
    assert set(names(response)) == {"李明", "张伟", "王芳", "赵四"}
    html = response.content.decode()
    assert "13900000001" in html  # staff see every mobile
    assert "撤销资格" in html  # the status filter offers every status
    assert reverse("org:member_detail", args=[zhang.pk]) in html


def test_members_see_serving_members_and_only_consented_mobiles(world, zhang, wang, departed):
    response = world.client(Role.MEMBER).get(URL)
    assert response.status_code == 200
    assert set(names(response)) == {"李明", "张伟", "王芳"}
    html = response.content.decode()
    assert "13900000002" in html
    assert "13900000001" not in html
    assert "示范大学 教授" in html
    assert reverse("org:member_detail", args=[zhang.pk]) not in html
    assert 'name="status"' not in html


def test_members_cannot_filter_by_status_or_standing(world, zhang, wang):
    Membership.objects.filter(member=wang).update(is_standing_member=True)
    response = world.client(Role.MEMBER).get(URL, {"standing": "1", "status": "resigned"})
    assert set(names(response)) == {"李明", "张伟", "王芳"}


@pytest.mark.parametrize("q", ["张伟", "张", "zw", "ZW", "zhangwei", "zhang wei", "zhang"])
def test_search_by_name_or_pinyin(world, zhang, wang, q):
    response = world.client(Role.MEMBER_AFFAIRS).get(URL, {"q": q})
    assert names(response) == ["张伟"]


def test_filters_combine_and_the_url_keeps_them(world, zhang, wang, departed):
    client = world.client(Role.MEMBER_AFFAIRS)
    assert names(client.get(URL, {"sector": world.sectors[1].pk})) == ["张伟"]
    assert names(client.get(URL, {"group": world.group.pk})) == ["李明"]
    assert names(client.get(URL, {"special_committee": world.special_committee.pk})) == ["李明"]
    assert names(client.get(URL, {"station": world.station.pk})) == ["李明"]
    assert names(client.get(URL, {"status": "resigned"})) == ["赵四"]
    assert "赵四" not in names(client.get(URL, {"status": "serving"}))
    Membership.objects.filter(member=wang).update(is_standing_member=True)
    response = client.get(URL, {"standing": "1", "status": "serving"})
    assert names(response) == ["王芳"]
    html = response.content.decode()
    assert 'value="1" selected' in html
    assert "standing=1" in html and "status=serving" in html  # the export link keeps the filters


def test_htmx_request_gets_only_the_rows(world, zhang):
    response = world.client(Role.MEMBER_AFFAIRS).get(URL, {"q": "zw"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<div id="member-rows">')
    assert "<html" not in html
    assert "张伟" in html
    assert "HX-Request" in response["Vary"]


def test_pages_of_fifty(world):
    for i in range(55):
        make_member(world, f"测试{i:02d}")
    client = world.client(Role.MEMBER_AFFAIRS)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 56
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 6
    assert "page=2" in first.content.decode()


def test_staff_scoped_to_a_group_see_only_its_members(world, zhang):
    convenor = make_user(world.committee, Role.GROUP_CONVENOR)
    RoleAssignment.objects.filter(user=convenor).update(sector_group=world.group)
    client = world.client(Role.MEMBER_AFFAIRS)
    client.force_login(convenor)
    assert names(client.get(URL)) == ["李明"]
    GroupSeat.objects.create(committee=world.committee, membership=zhang.memberships.get(), group=world.group)
    assert set(names(client.get(URL))) == {"李明", "张伟"}


def test_query_count_does_not_grow_with_rows(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(URL).context["page"].object_list) == 1
    for i in range(60):
        member = make_member(world, f"委员{i:02d}")
        GroupSeat.objects.create(committee=world.committee, membership=member.memberships.get(), group=world.group)
        SpecialCommitteeSeat.objects.create(
            committee=world.committee, membership=member.memberships.get(), special_committee=world.special_committee
        )
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(URL).context["page"].object_list) == 50
    assert len(large) == len(small) <= QUERY_BUDGET


def test_member_query_count_is_bounded(world, django_assert_max_num_queries):
    for i in range(60):
        make_member(world, f"委员{i:02d}", mobile_in_directory=True)
    client = world.client(Role.MEMBER)
    client.get(URL)
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(URL).status_code == 200


def test_roles_without_the_capability_get_403(world):
    assert world.client(Role.HANDLING_UNIT).get(URL).status_code == 403
    assert world.client(Role.INFORMATION_OFFICER).get(URL).status_code == 403


def test_outsiders_never_see_this_committees_members(world, outsider, zhang):
    response = outsider.client(Role.ADMIN).get(URL, {"q": "zw"})
    assert response.status_code == 200
    assert names(response) == []
    assert "张伟" not in response.content.decode()


def test_the_count_without_the_member_join_equals_the_ids_it_pages(world, zhang, wang, departed):
    from django_scopes import scope

    from lvzhi.core.tenancy import access_for
    from lvzhi.org.queries.members import DirectoryFilter, directory_count, directory_ids
    from lvzhi.org.services.members import current_term

    access = access_for(world.users[Role.MEMBER_AFFAIRS], world.committee)
    filters = [
        DirectoryFilter(),
        DirectoryFilter(q="zw"),
        DirectoryFilter(q="张"),
        DirectoryFilter(sector=world.sectors[1].pk),
        DirectoryFilter(status="serving"),
        DirectoryFilter(status=MembershipStatus.RESIGNED),
        DirectoryFilter(group=world.group.pk),
    ]
    with scope(committee=world.committee):
        term = current_term(world.committee)
        counts = [(directory_count(access, term, f), directory_ids(access, term, f).count()) for f in filters]
    assert all(cheap == paged for cheap, paged in counts), counts
    assert counts[0][0] == 4 and counts[1][0] == 1
