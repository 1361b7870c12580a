"""选人: the people picker's search by name, pinyin initials and number, its filters and "select the whole group",
and the field that keeps the order people were chosen in."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.org.models import GroupSeat, Member, MembershipStatus
from lvzhi.org.people_picker import PeopleField
from lvzhi.org.services.members import change_member_status
from lvzhi.testing import make_member, today

URL = reverse("org:people_search")


@pytest.fixture
def people(world):
    zhang = make_member(world, "张伟", sector=world.sectors[1])
    zhang.memberships.update(number="A017")
    wang = make_member(world, "王芳")
    GroupSeat.objects.create(committee=world.committee, membership=wang.memberships.get(), group=world.group)
    gone = make_member(world, "张三")
    resigned = {"to_status": MembershipStatus.RESIGNED, "effective_on": today(), "decided_by": "常委会议"}
    change_member_status(gone.memberships.get(), **resigned, actor=None)
    return zhang, wang, gone


def found(response) -> list[str]:
    return [row.member.name for row in response.context["rows"]]


def test_staff_find_people_by_name_pinyin_initials_and_number(world, people):
    client = world.client(Role.MEMBER_AFFAIRS)
    assert found(client.get(URL, {"q": "张"})) == ["张伟"]  # 张三 has resigned: only serving members are offered
    assert found(client.get(URL, {"q": "zw"})) == ["张伟"]
    assert found(client.get(URL, {"q": "wangf"})) == ["王芳"]
    assert found(client.get(URL, {"q": "A017"})) == ["张伟"]
    none = client.get(URL, {"q": "不存在的人"}).content.decode()
    assert "没有找到符合条件的在任委员" in none


def test_a_filter_offers_the_whole_group_at_once(world, people):
    __, wang, ___ = people
    response = world.client(Role.MEMBER_AFFAIRS).get(URL, {"group": world.group.pk})
    assert sorted(found(response)) == sorted(["李明", "王芳"])  # 李明 sits in the world's group already
    page = response.content.decode()
    assert "全部选中（2 人）" in page and f'<i data-id="{wang.pk}" data-name="王芳"></i>' in page
    by_sector = world.client(Role.MEMBER_AFFAIRS).get(URL, {"sector": world.sectors[1].pk})
    assert found(by_sector) == ["张伟"]


def test_nothing_is_listed_until_the_search_is_narrowed(world, people):
    response = world.client(Role.MEMBER_AFFAIRS).get(URL)
    assert response.context["rows"] == [] and "拼音首字母" in response.content.decode()


def test_members_search_by_name_but_not_by_staff_filters(world, people):
    client = world.client(Role.MEMBER)
    assert client.get(URL, {"q": "王"}).status_code == 200
    # 专委会 and 工作室 are staff filters: a member's search ignores them rather than leak seats.
    assert found(client.get(URL, {"q": "王", "station": world.station.pk})) == ["王芳"]


def test_roles_without_the_directory_get_403_and_outsiders_see_none_of_ours(world, outsider, people):
    assert world.client(Role.HANDLING_UNIT).get(URL, {"q": "张"}).status_code == 403
    response = outsider.client(Role.ADMIN).get(URL, {"q": "张"})
    assert response.status_code == 200 and found(response) == []


def test_the_field_returns_people_in_the_order_chosen_and_explains_a_bad_choice(world, people):
    zhang, wang, gone = people
    field = PeopleField(queryset=Member.objects.filter(pk__in=[zhang.pk, wang.pk]))
    assert field.clean([str(wang.pk), str(zhang.pk), str(wang.pk)]) == [wang, zhang]
    with pytest.raises(Exception) as error:
        field.clean([str(gone.pk)])
    assert "不在可选范围内" in str(error.value)
    with pytest.raises(Exception) as error:
        field.clean([])
    assert "请至少选择一位委员" in str(error.value)
