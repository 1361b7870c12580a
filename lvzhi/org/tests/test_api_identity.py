"""Identity and administration API: tokens with lockout, /me, creating committees and users."""

import pytest
from django.test import Client

from lvzhi.core.capabilities import Role
from lvzhi.core.models import ApiToken, Committee, RoleAssignment, User
from lvzhi.org.models import Sector, Term
from lvzhi.org.presets import NATIONAL_34
from lvzhi.testing import PASSWORD, World

API = "/api/v1"


@pytest.fixture
def root(db) -> User:
    return User.objects.create_superuser(username="root", password=PASSWORD)


def post(client: Client, path: str, body: dict, **headers: str):
    return client.post(API + path, body, content_type="application/json", headers=headers)


def token_for(username: str, password: str = PASSWORD):
    return post(Client(), "/auth/token", {"username": username, "password": password})


# Tokens -------------------------------------------------------------------------------------------


def test_a_token_is_issued_for_the_right_password_and_signs_requests_in(world):
    user = world.users[Role.MEMBER_AFFAIRS]
    response = token_for(user.username)
    assert response.status_code == 200
    token = response.json()["token"]
    assert ApiToken.objects.filter(user=user).count() == 1
    me = Client().get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == user.username


def test_a_token_may_be_asked_for_with_the_mobile_number(world):
    assert token_for(world.users[Role.MEMBER].mobile).status_code == 200


def test_a_wrong_password_is_401_with_the_error_envelope(world):
    response = token_for(world.users[Role.LEADER].username, "wrong-password")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "auth.invalid"


def test_repeated_failures_lock_the_account_with_429_even_for_the_right_password(world, settings):
    user = world.users[Role.LEADER]
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert token_for(user.username, "wrong-password").status_code == 401
    response = token_for(user.username)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "auth.locked"
    assert not ApiToken.objects.filter(user=user).exists()


def test_an_unknown_or_expired_token_is_401(world):
    assert Client().get(f"{API}/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


# /me ----------------------------------------------------------------------------------------------


def test_me_names_the_member_record_of_a_member(world):
    body = world.client(Role.MEMBER).get(f"{API}/me").json()
    assert body["member_id"] == world.member.pk
    assert body["roles"] == ["member"]
    assert body["committee"] == {"code": "city", "name": "示范市政协"}


def test_me_has_no_member_id_for_staff(world):
    body = world.client(Role.PROPOSAL_OFFICE).get(f"{API}/me").json()
    assert body["member_id"] is None and body["roles"] == ["proposal_office"]


def test_me_needs_a_signed_in_caller(db):
    assert Client().get(f"{API}/me").status_code == 401


# POST /committees ---------------------------------------------------------------------------------


def test_a_superuser_creates_a_committee_with_its_first_term_and_the_presets_sectors(root):
    client = Client()
    client.force_login(root)
    body = {"code": "prov", "name": "示范省政协", "level": "province", "sector_preset": "national34"}
    body |= {"term_number": 13, "term_start_year": 2023}
    response = post(client, "/committees", body)
    assert response.status_code == 201
    assert response.json() == {
        "code": "prov",
        "name": "示范省政协",
        "level": "province",
        "parent_code": None,
        "current_term": {"number": 13, "start_year": 2023},
    }
    term = Term.objects.get(committee__code="prov")
    assert list(Sector.objects.filter(term=term).values_list("name", flat=True)) == NATIONAL_34


def test_a_child_committee_names_its_parent_and_defaults_to_the_city_preset(root):
    client = Client()
    client.force_login(root)
    post(client, "/committees", {"code": "prov", "name": "示范省政协", "level": "province"})
    response = post(
        client, "/committees", {"code": "town", "name": "示范县政协", "level": "county", "parent_code": "prov"}
    )
    assert response.json()["parent_code"] == "prov"
    assert Committee.objects.get(code="town").parent.code == "prov"
    assert Sector.objects.filter(committee__code="town").count() == 23


def test_a_committee_code_is_taken_once(root, world):
    client = Client()
    client.force_login(root)
    response = post(client, "/committees", {"code": "city", "name": "重复市政协", "level": "city"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "committee.code_taken"


def test_an_unknown_parent_or_preset_is_refused(root):
    client = Client()
    client.force_login(root)
    parent = post(client, "/committees", {"code": "x1", "name": "某政协", "level": "city", "parent_code": "nope"})
    assert parent.status_code == 404
    preset = post(client, "/committees", {"code": "x2", "name": "某政协", "level": "city", "sector_preset": "abc"})
    assert preset.status_code == 400
    assert not Committee.objects.filter(code__in=["x1", "x2"]).exists()


@pytest.mark.parametrize("role", [Role.MEMBER_AFFAIRS, Role.MEMBER])
def test_only_a_superuser_or_a_system_administrator_creates_committees(world, role):
    body = {"code": "new", "name": "新区政协", "level": "county", "parent_code": world.committee.code}
    response = post(world.client(role), "/committees", body)
    assert response.status_code == 403
    assert not Committee.objects.filter(code="new").exists()


def test_a_system_administrator_names_a_parent_below_their_own(world):
    response = post(world.client(Role.ADMIN), "/committees", {"code": "new", "name": "新政协", "level": "city"})
    assert (response.status_code, response.json()["error"]["code"]) == (400, "committee.parent_required")
    assert not Committee.objects.filter(code="new").exists()


# POST /users --------------------------------------------------------------------------------------


def user_body(committee: str = "city", **extra: object) -> dict:
    return {
        "username": "zhangsan",
        "password": "Qiang-mima-2026",
        "display_name": "张三",
        "committee": committee,
        "roles": ["proposal_office", "leader"],
        **extra,
    }


def test_the_committees_administrator_creates_a_user_with_roles(world):
    response = post(world.client(Role.ADMIN), "/users", user_body())
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "zhangsan" and body["roles"] == ["proposal_office", "leader"]
    user = User.objects.get(username="zhangsan")
    assert user.check_password("Qiang-mima-2026")
    roles = set(RoleAssignment.objects.filter(user=user, committee=world.committee).values_list("role", flat=True))
    assert roles == {"proposal_office", "leader"}


def test_a_superuser_creates_users_in_any_committee(root, world):
    client = Client()
    client.force_login(root)
    assert post(client, "/users", user_body()).status_code == 201


def test_an_unknown_role_is_refused_naming_it(world):
    response = post(world.client(Role.ADMIN), "/users", user_body(roles=["member", "king"]))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "user.bad_role" and "king" in error["message"]
    assert not User.objects.filter(username="zhangsan").exists()


@pytest.mark.parametrize("password", ["12345678", "abc", "password"])
def test_a_weak_password_is_refused_with_a_chinese_message(world, password):
    response = post(world.client(Role.ADMIN), "/users", user_body(password=password))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "user.weak_password"
    assert "密码" in error["message"] and error["fields"]["password"]
    assert not User.objects.filter(username="zhangsan").exists()


def test_a_taken_username_is_a_conflict(world):
    taken = world.users[Role.LEADER].username
    assert post(world.client(Role.ADMIN), "/users", user_body(username=taken)).status_code == 409


@pytest.mark.parametrize("role", [Role.MEMBER_AFFAIRS, Role.MEMBER, Role.HANDLING_UNIT])
def test_only_administrators_create_users(world, role):
    assert post(world.client(role), "/users", user_body()).status_code == 403
    assert not User.objects.filter(username="zhangsan").exists()


def test_an_administrator_cannot_create_users_in_another_committee(world: World, outsider: World):
    response = post(outsider.client(Role.ADMIN), "/users", user_body(committee="city"))
    assert response.status_code == 404
    assert not User.objects.filter(username="zhangsan").exists()
