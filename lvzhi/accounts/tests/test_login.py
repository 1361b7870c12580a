from django.test import Client
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import User
from lvzhi.testing import PASSWORD


def test_login_by_username_then_home_redirects_staff_to_console(world):
    user = world.users[Role.MEMBER_AFFAIRS]
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").url == reverse("portal:staff_home")


def test_login_by_mobile_number(world):
    member_user = world.users[Role.MEMBER]
    client = Client()
    response = client.post(reverse("login"), {"username": member_user.mobile, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").url == reverse("portal:member_home")


def test_wrong_password_shows_chinese_error(world):
    response = Client().post(reverse("login"), {"username": world.users[Role.ADMIN].username, "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(world, settings):
    user = world.users[Role.LEADER]
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(reverse("login"), {"username": user.username, "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert "账号已临时锁定" in response.content.decode()
    assert User.objects.get(pk=user.pk).is_locked()


def test_anonymous_is_sent_to_login(db):
    response = Client().get(reverse("org:directory"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_large_font_toggle_persists(world):
    client = world.client(Role.MEMBER)
    client.post(reverse("toggle_large_font"), {"next": "/org/me/"})
    assert User.objects.get(pk=world.users[Role.MEMBER].pk).large_font
    assert 'class="large-font"' in client.get("/org/me/").content.decode()


def test_manifest_lists_icons(db):
    data = Client().get(reverse("manifest")).json()
    assert data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
