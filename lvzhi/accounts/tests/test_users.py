"""用户与角色: the committee's accounts, roles with scopes, password reset and deactivation."""

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.accounts import services as svc
from lvzhi.core.auth import check_credentials
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, NotAllowed
from lvzhi.core.models import ApiToken, AuditEvent, RoleAssignment, User
from lvzhi.testing import make_user

NEW_PASSWORD = "Qingshan-2026-lvzhi"


@pytest.fixture
def admin(world):
    return world.users[Role.ADMIN]


@pytest.fixture
def leader(world):
    return world.users[Role.LEADER]


@pytest.fixture
def visitor(world, outsider):
    """An account of the outsider committee that also holds a role here."""
    user = outsider.users[Role.PROPOSAL_OFFICE]
    RoleAssignment.objects.create(user=user, committee=world.committee, role=Role.LEADER)
    return user


def test_the_list_shows_this_committees_accounts_and_their_scopes(world, outsider):
    svc.assign_role(
        world.users[Role.COMMITTEE_STAFF],
        committee=world.committee,
        role=Role.COMMITTEE_STAFF,
        special_committee=world.special_committee,
        actor=None,
    )
    page = world.client(Role.ADMIN).get(reverse("accounts:users")).content.decode()
    assert world.users[Role.LEADER].username in page
    assert f"专委会工作人员 · {world.special_committee.name}" in page
    assert outsider.users[Role.ADMIN].username not in page


def test_the_list_stays_within_its_query_budget(world, django_assert_max_num_queries):
    for i in range(40):
        make_user(world.committee, Role.COMMITTEE_STAFF, username=f"staff-{i}")
    client = world.client(Role.ADMIN)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:users"))
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.MEMBER_AFFAIRS, Role.LEADER, Role.MEMBER])
def test_roles_without_manage_users_get_403(world, role, leader):
    client = world.client(role)
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.get(reverse("accounts:user_detail", args=[leader.pk])).status_code == 403
    assert client.post(reverse("accounts:user_role_add", args=[leader.pk]), {"role": "admin"}).status_code == 403
    assert not RoleAssignment.objects.filter(user=leader, role=Role.ADMIN).exists()


def test_an_admin_creates_a_staff_account_scoped_to_a_special_committee(world, admin):
    response = world.client(Role.ADMIN).post(
        reverse("accounts:user_create"),
        {
            "username": "jingji-staff",
            "display_name": "王芳",
            "password": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "roles": [Role.COMMITTEE_STAFF, Role.INFORMATION_OFFICE],
            "special_committee": world.special_committee.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="jingji-staff")
    roles = {(r.role, r.special_committee_id) for r in RoleAssignment.objects.filter(user=user)}
    assert roles == {(Role.COMMITTEE_STAFF, world.special_committee.pk), (Role.INFORMATION_OFFICE, None)}
    assert user.home_committee == world.committee
    assert AuditEvent.objects.filter(action="user.created", object_id=str(user.pk), actor=admin).exists()


def test_a_special_committee_staff_account_needs_its_special_committee(world):
    response = world.client(Role.ADMIN).post(
        reverse("accounts:user_create"),
        {
            "username": "no-scope",
            "display_name": "孙八",
            "password": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "roles": [Role.COMMITTEE_STAFF],
            "sector_group": world.group.pk,
        },
    )
    assert response.status_code == 200
    assert "请选择专委会" in response.content.decode()
    assert not User.objects.filter(username="no-scope").exists()


def test_an_account_mobile_must_be_a_mobile_number(world, leader):
    url = reverse("accounts:user_update", args=[leader.pk])
    response = world.client(Role.ADMIN).post(url, {"display_name": "领导", "mobile": "12345"})
    assert response.status_code == 200
    assert "手机号应为以1开头的11位数字" in response.content.decode()
    leader.refresh_from_db()
    assert leader.mobile != "12345"
    assert world.client(Role.ADMIN).post(url, {"display_name": "领导", "mobile": "139 1234 5678"}).status_code == 302
    leader.refresh_from_db()
    assert leader.mobile == "13912345678"


def test_a_weak_password_is_explained_in_chinese_and_the_form_kept(world):
    response = world.client(Role.ADMIN).post(
        reverse("accounts:user_create"),
        {
            "username": "weak-one",
            "display_name": "赵六",
            "password": "12345678",
            "password2": "12345678",
            "roles": [Role.LEADER],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "这个密码太常见了" in page
    assert 'value="weak-one"' in page and 'value="赵六"' in page
    assert not User.objects.filter(username="weak-one").exists()


def test_mismatched_passwords_are_caught_before_anything_is_written(world):
    response = world.client(Role.ADMIN).post(
        reverse("accounts:user_create"),
        {"username": "typo", "display_name": "钱七", "password": NEW_PASSWORD, "password2": "x", "roles": ["leader"]},
    )
    assert "两次输入的密码不一致" in response.content.decode()
    assert not User.objects.filter(username="typo").exists()


def test_a_role_is_added_with_a_sector_group_scope(world, admin):
    convenor = world.users[Role.GROUP_CONVENOR]
    response = world.client(Role.ADMIN).post(
        reverse("accounts:user_role_add", args=[convenor.pk]),
        {"role": Role.GROUP_CONVENOR, "sector_group": world.group.pk},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=convenor, sector_group=world.group).exists()
    event = AuditEvent.objects.get(action="user.role_assigned")
    assert (event.actor, event.data["sector_group"]) == (admin, world.group.name)


def test_only_staff_roles_can_be_narrowed_and_duplicates_are_refused(world, leader):
    client = world.client(Role.ADMIN)
    url = reverse("accounts:user_role_add", args=[leader.pk])
    narrowed = client.post(url, {"role": Role.LEADER, "special_committee": world.special_committee.pk})
    assert "该角色不能限定范围" in narrowed.content.decode()
    duplicate = client.post(url, {"role": Role.LEADER})
    assert "该用户已有此角色" in duplicate.content.decode()
    assert RoleAssignment.objects.filter(user=leader).count() == 1


def test_the_role_select_starts_empty(world, leader):
    page = world.client(Role.ADMIN).get(reverse("accounts:user_detail", args=[leader.pk]))
    form = page.context["role_form"]
    assert form.fields["role"].choices[0] == ("", "请选择")
    assert form["role"].value() is None
    empty = world.client(Role.ADMIN).post(reverse("accounts:user_role_add", args=[leader.pk]), {"role": ""})
    assert "请选择角色" in empty.content.decode()
    assert RoleAssignment.objects.filter(user=leader).count() == 1


@pytest.mark.parametrize(
    ("role", "scope", "message"),
    [
        (Role.COMMITTEE_STAFF, {}, "请选择专委会"),
        (Role.COMMITTEE_STAFF, {"sector_group": "group"}, "请选择专委会"),
        (Role.GROUP_CONVENOR, {}, "请选择界别活动组"),
        (Role.GROUP_CONVENOR, {"sector_group": "group", "special_committee": "special"}, "该角色不能限定此范围"),
        (Role.ADMIN, {"sector_group": "group"}, "该角色不能限定范围"),
    ],
)
def test_each_staff_role_takes_only_its_own_kind_of_scope(world, leader, role, scope, message):
    bodies = {"group": world.group.pk, "special": world.special_committee.pk}
    data = {"role": role, **{field: bodies[key] for field, key in scope.items()}}
    response = world.client(Role.ADMIN).post(reverse("accounts:user_role_add", args=[leader.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RoleAssignment.objects.filter(user=leader, role=role).exists()


def test_a_special_committee_scope_is_accepted_for_its_staff(world, leader):
    data = {"role": Role.COMMITTEE_STAFF, "special_committee": world.special_committee.pk}
    response = world.client(Role.ADMIN).post(reverse("accounts:user_role_add", args=[leader.pk]), data)
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=leader, role=Role.COMMITTEE_STAFF)
    assert (assignment.special_committee, assignment.sector_group) == (world.special_committee, None)


def test_a_role_is_removed_by_post_only(world, leader):
    client = world.client(Role.ADMIN)
    assignment = RoleAssignment.objects.get(user=leader)
    url = reverse("accounts:user_role_remove", args=[leader.pk, assignment.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.get(action="user.role_removed").data["role"] == Role.LEADER


def test_an_admin_cannot_remove_their_own_admin_role_nor_the_last_admin(world, admin):
    assignment = RoleAssignment.objects.get(user=admin, role=Role.ADMIN)
    with pytest.raises(Conflict) as own:
        svc.remove_role(assignment, actor=admin)
    assert own.value.code == "user.own_admin"
    with pytest.raises(Conflict) as last:
        svc.remove_role(assignment, actor=None)
    assert last.value.code == "user.last_admin"


def test_a_password_reset_lets_the_new_password_in_and_revokes_tokens(world, leader):
    ApiToken.issue(leader)
    response = world.client(Role.ADMIN).post(
        reverse("accounts:user_password", args=[leader.pk]), {"password": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert check_credentials(leader.username, NEW_PASSWORD) == leader
    assert not ApiToken.objects.filter(user=leader).exists()
    event = AuditEvent.objects.get(action="user.password_reset")
    assert NEW_PASSWORD not in str(event.data)


def test_a_deactivated_account_cannot_sign_in_until_reactivated(world, leader):
    client = world.client(Role.ADMIN)
    leader_client = world.client(Role.LEADER)
    url = reverse("accounts:user_active", args=[leader.pk])
    assert client.post(url, {"active": "0"}).status_code == 302
    assert not User.objects.get(pk=leader.pk).is_active
    assert leader_client.get(reverse("org:directory")).status_code == 302  # sent back to the login page
    assert AuditEvent.objects.filter(action="user.deactivated").exists()
    client.post(url, {"active": "1"})
    assert User.objects.get(pk=leader.pk).is_active


def test_an_admin_cannot_deactivate_themself(world, admin):
    response = world.client(Role.ADMIN).post(
        reverse("accounts:user_active", args=[admin.pk]), {"active": "0"}, follow=True
    )
    assert "不能停用自己的账号" in response.content.decode()
    assert User.objects.get(pk=admin.pk).is_active


def test_another_committees_account_keeps_its_password_but_its_roles_here_are_managed(world, visitor):
    client = world.client(Role.ADMIN)
    assert client.get(reverse("accounts:user_detail", args=[visitor.pk])).status_code == 200
    with pytest.raises(NotAllowed):
        svc.reset_password(visitor, committee=world.committee, password=NEW_PASSWORD, actor=world.users[Role.ADMIN])
    with pytest.raises(NotAllowed):
        svc.set_account_active(visitor, committee=world.committee, active=False, actor=world.users[Role.ADMIN])
    role = RoleAssignment.objects.get(user=visitor, committee=world.committee)
    assert client.post(reverse("accounts:user_role_remove", args=[visitor.pk, role.pk])).status_code == 302
    assert not RoleAssignment.objects.filter(pk=role.pk).exists()


def test_outsiders_get_404_for_this_committees_accounts(world, outsider, leader):
    client = outsider.client(Role.ADMIN)
    role = RoleAssignment.objects.get(user=leader)
    assert client.get(reverse("accounts:user_detail", args=[leader.pk])).status_code == 404
    assert client.post(reverse("accounts:user_role_add", args=[leader.pk]), {"role": "admin"}).status_code == 404
    assert client.post(reverse("accounts:user_role_remove", args=[leader.pk, role.pk])).status_code == 404
    data = {"password": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(reverse("accounts:user_password", args=[leader.pk]), data).status_code == 404
    assert client.post(reverse("accounts:user_active", args=[leader.pk]), {"active": "0"}).status_code == 404
    assert User.objects.get(pk=leader.pk).is_active
    assert not RoleAssignment.objects.filter(user=leader, role=Role.ADMIN).exists()


def test_a_superuser_account_is_not_changed_by_a_committee_admin(world, admin):
    root = User.objects.create_superuser("root", password=NEW_PASSWORD, home_committee=world.committee)
    with pytest.raises(NotAllowed):
        svc.reset_password(root, committee=world.committee, password="Another-pass-2026", actor=admin)
    assert Client().login(username="root", password=NEW_PASSWORD)
