"""The member record: staff see it all (ID number only with the sensitive capability) and its history;
a member sees only their own record; staff narrowed to a group see only its members."""

import datetime

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.org.models import MembershipStatus, Position
from lvzhi.org.services.members import change_member_status, update_member
from lvzhi.testing import make_member, make_user, today

ID_NUMBER = "330102199001011234"


@pytest.fixture
def zhang(world):
    member = make_member(world, "张伟", id_number=ID_NUMBER, home_address="城东路1号", employer="示范大学")
    membership = member.memberships.get()
    Position.objects.create(
        committee=world.committee,
        membership=membership,
        title=Position.Title.CONVENOR,
        started_on=datetime.date(2022, 1, 10),
        decided_by="一届一次常委会议",
    )
    update_member(member, member_data={"employer": "示范医院"}, actor=world.users[Role.MEMBER_AFFAIRS])
    change_member_status(
        membership,
        to_status=MembershipStatus.RESIGNED,
        effective_on=today(),
        decided_by="一届十次常委会议",
        actor=world.users[Role.MEMBER_AFFAIRS],
    )
    return member


def url(member):
    return reverse("org:member_detail", args=[member.pk])


def test_staff_see_the_whole_record_grouped(world, zhang):
    response = world.client(Role.MEMBER_AFFAIRS).get(url(zhang))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("基本信息", "政治面貌", "学历工作", "联系方式", "履职简介", "本届任职", "历史"):
        assert heading in html
    assert ID_NUMBER in html
    assert "城东路1号" in html
    assert "界别召集人" in html and "2022-01-10" in html and "一届一次常委会议" in html
    assert "辞去" in html and "一届十次常委会议" in html
    assert f"<td>第{world.term.number}届</td>" in html
    assert reverse("org:member_edit", args=[zhang.pk]) in html


def test_history_lists_status_changes_and_record_edits_with_who_and_what(world, zhang):
    response = world.client(Role.MEMBER_AFFAIRS).get(url(zhang))
    steps = response.context["steps"]
    assert [(s.from_status, s.to_status) for s in steps] == [("active", "resigned"), ("", "active")]
    history = response.context["history"]
    actions = [entry.action for entry in history]
    assert actions == ["状态变更", "修改资料", "建档"]
    edit = history[1]
    assert edit.actor == world.users[Role.MEMBER_AFFAIRS]
    assert edit.changes == [("工作单位", "示范大学", "示范医院")]
    html = response.content.decode()
    assert "示范大学" in html and "示范医院" in html


def test_without_the_sensitive_capability_the_id_number_is_masked(world, zhang):
    html = world.client(Role.LEADER).get(url(zhang)).content.decode()
    assert ID_NUMBER not in html
    assert "3301**********1234" in html
    assert "城东路1号" not in html
    assert reverse("org:member_edit", args=[zhang.pk]) not in html


def test_a_member_reads_their_own_record_without_history_or_edit_links(world):
    response = world.client(Role.MEMBER).get(url(world.member))
    assert response.status_code == 200
    html = response.content.decode()
    assert "李明" in html
    assert "历史" not in html
    assert reverse("org:member_edit", args=[world.member.pk]) not in html
    assert "history" not in response.context


def test_a_member_opening_someone_elses_record_gets_404(world, zhang):
    assert world.client(Role.MEMBER).get(url(zhang)).status_code == 404


def test_staff_narrowed_to_a_group_see_only_its_members(world, zhang):
    convenor = make_user(world.committee, Role.GROUP_CONVENOR)
    RoleAssignment.objects.filter(user=convenor).update(sector_group=world.group)
    client = world.client(Role.ADMIN)
    client.force_login(convenor)
    assert client.get(url(world.member)).status_code == 200
    assert client.get(url(zhang)).status_code == 404


@pytest.mark.parametrize("role", [Role.HANDLING_UNIT, Role.INFORMATION_OFFICER])
def test_roles_without_the_capability_get_403(world, zhang, role):
    assert world.client(role).get(url(zhang)).status_code == 403


def test_outsiders_get_404(world, zhang, outsider):
    assert outsider.client(Role.ADMIN).get(url(zhang)).status_code == 404
    assert outsider.client(Role.MEMBER).get(url(world.member)).status_code == 404


def test_unknown_member_is_404(world):
    assert world.client(Role.ADMIN).get(reverse("org:member_detail", args=[999999])).status_code == 404
