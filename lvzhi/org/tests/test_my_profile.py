"""我的资料: a member reads their record on a phone and changes their own contact details and profile."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Member
from lvzhi.org.services import members as services
from lvzhi.testing import make_user

URL = reverse("org:my_profile")


@pytest.fixture
def changes():
    return {
        "mobile": "13911112222",
        "office_phone": "0571-1234567",
        "email": "liming@example.cn",
        "wechat": "liming_wx",
        "home_address": "城西路2号",
        "expertise": "城市规划",
        "focus_areas": "老旧小区改造",
        "honours": "市优秀政协委员",
        "mobile_in_directory": "on",
    }


def test_member_sees_their_term_groups_and_station(world):
    response = world.client(Role.MEMBER).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "李明" in html
    assert world.sectors[0].name in html
    assert world.group.name in html and world.special_committee.name in html and world.station.name in html
    assert 'data-testid="large-font-toggle"' in html
    assert 'name="viewport"' in html


def test_member_saves_their_own_contact_details_with_history(world, changes):
    client = world.client(Role.MEMBER)
    response = client.post(URL, changes)
    assert response.status_code == 302
    member = Member.objects.get(pk=world.member.pk)
    assert (member.mobile, member.email, member.focus_areas) == ("13911112222", "liming@example.cn", "老旧小区改造")
    assert member.mobile_in_directory
    event = AuditEvent.objects.get(object_id=str(member.pk), action="member.updated")
    assert event.actor == world.users[Role.MEMBER]
    assert "资料已保存" in client.get(URL).content.decode()


def test_member_cannot_change_fields_outside_the_form(world, changes):
    world.client(Role.MEMBER).post(URL, {**changes, "name": "改名", "id_number": "330102199001011234"})
    member = Member.objects.get(pk=world.member.pk)
    assert (member.name, member.id_number) == ("李明", "")


def test_bad_input_is_explained_and_kept(world, changes):
    response = world.client(Role.MEMBER).post(URL, {**changes, "mobile": "139", "email": "not-an-email"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "手机号应为以1开头的11位数字" in html
    assert "请输入有效的电子邮箱地址" in html
    assert 'value="城西路2号"' in html and "老旧小区改造" in html
    assert 'class="collapse show"' in html
    assert Member.objects.get(pk=world.member.pk).home_address == ""


def test_a_user_with_the_member_role_but_no_record_gets_a_friendly_page(world):
    client = world.client(Role.MEMBER)
    client.force_login(make_user(world.committee, Role.MEMBER))
    response = client.get(URL)
    assert response.status_code == 200
    assert "尚未关联委员档案" in response.content.decode()
    assert client.post(URL, {"mobile": "13911112222"}).status_code == 200


def test_get_does_not_write(world):
    before = AuditEvent.objects.count()
    world.client(Role.MEMBER).get(URL)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", [Role.MEMBER_AFFAIRS, Role.HANDLING_UNIT])
def test_roles_without_the_capability_get_403(world, role, changes):
    assert world.client(role).get(URL).status_code == 403
    assert world.client(role).post(URL, changes).status_code == 403


def test_outsider_member_edits_only_their_own_record(world, outsider, changes):
    outsider.client(Role.MEMBER).post(URL, changes)
    assert Member.objects.get(pk=world.member.pk).mobile != "13911112222"
    assert Member.objects.get(pk=outsider.member.pk).mobile == "13911112222"


def test_changing_my_mobile_changes_the_number_i_log_in_with(world):
    services.update_member(world.member, member_data={"mobile": "13700001111"}, actor=world.member.user)
    world.member.user.refresh_from_db()
    assert world.member.user.mobile == "13700001111"
