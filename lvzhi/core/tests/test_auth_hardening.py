"""Sign-in hardening: Retry-After, an atomic failure counter, a per-address throttle, audited failures,
revocable API tokens, and calendar feed URLs that die with the password."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from lvzhi.accounts import services as account_services
from lvzhi.activities.views.portal_calendar import ical_token
from lvzhi.core.auth import check_credentials
from lvzhi.core.capabilities import Role
from lvzhi.core.models import ApiToken, AuditEvent, User
from lvzhi.testing import PASSWORD

API = "/api/v1"
LOGIN = reverse("login")


def token_request(username: str, password: str, address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(
        f"{API}/auth/token", {"username": username, "password": password}, content_type="application/json"
    )


def test_a_locked_account_answers_429_with_retry_after_on_the_api_and_the_login_page(world, settings):
    user = world.users[Role.LEADER]
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert token_request(user.username, "wrong").status_code == 401
    response = token_request(user.username, PASSWORD)
    assert response.status_code == 429 and response.json()["error"]["code"] == "auth.locked"
    assert 0 < int(response["Retry-After"]) <= settings.LOCKOUT_MINUTES * 60
    page = Client().post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    assert "账号已临时锁定" in page.content.decode()


def test_failures_and_the_lockout_are_in_the_audit_log(world, settings):
    user = world.users[Role.LEADER]
    for _ in range(settings.LOGIN_MAX_FAILURES):
        token_request(user.username, "wrong", address="10.9.8.7")
    token_request("nobody-here", "wrong", address="10.9.8.7")
    failed = AuditEvent.objects.filter(action="auth.login_failed")
    assert failed.filter(object_id=str(user.pk)).count() == settings.LOGIN_MAX_FAILURES
    assert failed.get(object_repr="nobody-here").data == {"address": "10.9.8.7"}
    locked = AuditEvent.objects.get(action="auth.locked")
    assert locked.object_id == str(user.pk) and "until" in locked.data


def test_a_success_gives_its_attempt_back(world, settings):
    user = world.users[Role.LEADER]
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        token_request(user.username, "wrong")
    assert token_request(user.username, PASSWORD).status_code == 200
    assert User.objects.get(pk=user.pk).failed_logins == 0


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_wrong_passwords_evaluate_at_most_the_limit(world, file_db, settings, monkeypatch):
    user = world.users[Role.LEADER]
    evaluated = []
    real_check = User.check_password

    def counting_check(self, raw):
        evaluated.append(raw)
        return real_check(self, raw)

    monkeypatch.setattr(User, "check_password", counting_check)
    # SQLite takes one writer at a time: 30 threads there can outwait its lock timeout on a loaded machine, so it
    # races 12 (the counter is just as contended); PostgreSQL races all 30.
    tries = 30 if connection.vendor == "postgresql" else 12
    start = threading.Barrier(tries)

    def attempt(_):
        start.wait()
        try:
            return check_credentials(user.username, "wrong-password", address="")
        except Exception as exc:
            return type(exc).__name__
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=tries) as pool:
        outcomes = list(pool.map(attempt, range(tries)))
    assert len(evaluated) <= settings.LOGIN_MAX_FAILURES
    assert outcomes.count(None) == len(evaluated)
    assert outcomes.count("AccountLocked") == tries - len(evaluated), outcomes
    assert User.objects.get(pk=user.pk).is_locked()
    assert AuditEvent.objects.filter(action="auth.locked").count() == 1


def test_spraying_unknown_usernames_from_one_address_is_throttled(world, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 5
    for n in range(5):
        assert token_request(f"guess{n}", "wrong", address="10.6.6.6").status_code == 401
    refused = token_request("guess-more", "wrong", address="10.6.6.6")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "auth.throttled"
    assert 0 < int(refused["Retry-After"]) <= settings.LOGIN_ADDRESS_WINDOW_MINUTES * 60
    member_affairs = world.users[Role.MEMBER_AFFAIRS].username
    assert token_request(member_affairs, PASSWORD, address="10.6.6.6").status_code == 429
    assert token_request(member_affairs, PASSWORD, address="10.7.7.7").status_code == 200
    page = Client(REMOTE_ADDR="10.6.6.6").post(LOGIN, {"username": member_affairs, "password": PASSWORD})
    assert page.status_code == 429 and "此网络地址登录失败次数过多" in page.content.decode()
    assert AuditEvent.objects.filter(action="auth.address_throttled", data__address="10.6.6.6").count() == 1


def test_behind_the_proxy_the_address_is_the_one_nginx_appended(world, settings):
    settings.BEHIND_HTTPS_PROXY = True
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 2
    for spoofed in ("1.1.1.1", "2.2.2.2"):
        Client(HTTP_X_FORWARDED_FOR=f"{spoofed}, 10.5.5.5").post(LOGIN, {"username": "x", "password": "y"})
    blocked = Client(HTTP_X_FORWARDED_FOR="3.3.3.3, 10.5.5.5").post(LOGIN, {"username": "x", "password": "y"})
    assert blocked.status_code == 429


# Tokens -------------------------------------------------------------------------------------------


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_user_lists_and_revokes_their_tokens(world):
    user = world.users[Role.MEMBER_AFFAIRS]
    first = token_request(user.username, PASSWORD).json()["token"]
    second = token_request(user.username, PASSWORD).json()["token"]
    listed = bearer(first).get(f"{API}/auth/tokens").json()
    assert listed["count"] == 2 and [i["current"] for i in listed["items"]].count(True) == 1
    assert all("token" not in item for item in listed["items"])
    assert bearer(first).delete(f"{API}/auth/token").status_code == 204
    assert bearer(first).get(f"{API}/me").status_code == 401
    (remaining,) = bearer(second).get(f"{API}/auth/tokens").json()["items"]
    assert bearer(second).delete(f"{API}/auth/tokens/{remaining['id']}").status_code == 204
    assert not ApiToken.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="auth.token_revoked").count() == 2


def test_another_users_token_cannot_be_revoked(world):
    other = token_request(world.users[Role.LEADER].username, PASSWORD).json()["token"]
    other_id = ApiToken.objects.get(user=world.users[Role.LEADER]).pk
    mine = token_request(world.users[Role.MEMBER_AFFAIRS].username, PASSWORD).json()["token"]
    assert bearer(mine).delete(f"{API}/auth/tokens/{other_id}").status_code == 404
    assert (
        world.client(Role.MEMBER_AFFAIRS).post(reverse("account_revoke_token"), {"token": other_id}).status_code == 302
    )
    assert bearer(other).get(f"{API}/me").status_code == 200


def test_deleting_the_current_token_without_one_says_so(world):
    response = world.client(Role.MEMBER).delete(f"{API}/auth/token")
    assert response.status_code == 400 and response.json()["error"]["code"] == "auth.no_token"


def test_the_account_screen_lists_and_revokes_tokens(world):
    user = world.users[Role.MEMBER]
    token_request(user.mobile, PASSWORD)
    client = world.client(Role.MEMBER)
    page = client.get(reverse("account")).content.decode()
    assert "应用令牌" in page and page.count('data-testid="token"') == 1
    token = ApiToken.objects.get(user=user)
    done = client.post(reverse("account_revoke_token"), {"token": token.pk}, follow=True).content.decode()
    assert "令牌已撤销" in done and not ApiToken.objects.filter(pk=token.pk).exists()
    assert reverse("account") in client.get(reverse("portal:member_home")).content.decode()


def test_the_account_screen_needs_a_sign_in(db):
    assert Client().get(reverse("account")).status_code == 302
    assert Client().get(reverse("account_revoke_token")).status_code == 405


# Calendar feed ------------------------------------------------------------------------------------


def test_the_calendar_feed_url_dies_when_the_password_is_reset(world):
    user = world.users[Role.MEMBER]
    url = reverse("activities:ical", args=[ical_token(user, world.committee)])
    assert Client().get(url).status_code == 200
    account_services.reset_password(
        user, committee=world.committee, password="Another-pass-2026", actor=world.users[Role.ADMIN]
    )
    assert Client().get(url).status_code == 404
    fresh = reverse("activities:ical", args=[ical_token(User.objects.get(pk=user.pk), world.committee)])
    assert Client().get(fresh).status_code == 200
