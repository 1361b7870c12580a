"""全局搜索: members by name, pinyin initials or number and activities by title or initials, within the caller's
committee and what the caller may see."""

import pytest
from django.urls import reverse

from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.org.models import Membership
from lvzhi.testing import make_member, make_user

URL = reverse("search")


def found(client, q):
    context = client.get(URL, {"q": q}).context
    return [m["row"].member.name for m in context["members"]], [a["row"].title for a in context["activities"]]


@pytest.fixture
def people(world):
    zhang = make_member(world, "张伟", sector=world.sectors[1])
    Membership.objects.filter(member=zhang).update(number="A017")
    make_activity(world, title="常委会议")
    make_activity(world, title="乡村振兴调研", publish=False)
    return world


@pytest.mark.parametrize("q", ["张伟", "zw", "zhangwei", "A017"])
def test_staff_find_a_member_by_name_initials_pinyin_or_number(people, q):
    members, _ = found(people.client(Role.MEMBER_AFFAIRS), q)
    assert members == ["张伟"]


@pytest.mark.parametrize("q", ["常委", "cwhy", "cw"])
def test_activities_are_found_by_title_or_initials(people, q):
    assert found(people.client(Role.MEMBER_AFFAIRS), q)[1] == ["常委会议"]


def test_staff_results_open_the_record_and_the_managed_activity(people):
    context = people.client(Role.MEMBER_AFFAIRS).get(URL, {"q": "zw"}).context
    assert context["members"][0]["url"] == reverse("org:member_detail", args=[context["members"][0]["row"].member_id])
    activity = Activity.objects.get(title="常委会议")
    html = people.client(Role.MEMBER_AFFAIRS).get(URL, {"q": "常委"}).content.decode()
    assert reverse("activities:manage_detail", args=[activity.pk]) in html


def test_members_find_published_activities_only_and_open_their_own_page(people):
    client = people.client(Role.MEMBER)
    assert found(client, "调研")[1] == []  # a draft is not theirs to see
    activity = Activity.objects.get(title="常委会议")
    html = client.get(URL, {"q": "cwhy"}).content.decode()
    assert reverse("activities:detail", args=[activity.pk]) in html


def test_a_scoped_convenor_finds_only_their_groups_members(people):
    convenor = make_user(people.committee, Role.GROUP_CONVENOR)
    RoleAssignment.objects.filter(user=convenor).update(sector_group=people.group)
    people.users["scoped"] = convenor
    client = people.client("scoped")
    assert found(client, "张伟")[0] == []
    assert found(client, "李明")[0] == ["李明"]


def test_another_committee_finds_nothing_of_ours(people, outsider):
    make_activity(outsider, title="邻市常委会议")
    assert found(outsider.client(Role.MEMBER_AFFAIRS), "张伟")[0] == []
    assert found(outsider.client(Role.MEMBER_AFFAIRS), "常委")[1] == ["邻市常委会议"]


def test_roles_without_people_or_activities_find_nothing(people):
    assert found(people.client(Role.HANDLING_UNIT), "张伟") == ([], [])


def test_an_empty_search_shows_the_box_only(people):
    response = people.client(Role.MEMBER).get(URL)
    assert response.status_code == 200 and response.context["members"] == []


def test_a_search_costs_a_bounded_number_of_queries(people, django_assert_max_num_queries):
    for i in range(20):
        make_member(people, f"张{i}")
    client = people.client(Role.MEMBER_AFFAIRS)
    client.get(URL, {"q": "z"})
    with django_assert_max_num_queries(14):
        client.get(URL, {"q": "z"})
