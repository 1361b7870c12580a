"""Every failure under /api/ is the one error envelope with a stable code and a Chinese message, including
those Django and django-ninja produce on their own: unknown paths, wrong methods, oversized or malformed
bodies, CSRF failures and server errors."""

import pytest
from django.test import Client

from lvzhi.core.capabilities import Role

API = "/api/v1"


def envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert not error["message"].isascii(), error["message"]
    return error


@pytest.fixture
def staff(world):
    return world.client(Role.ADMIN)


@pytest.mark.parametrize("path", ["/no-such-thing", "/members/abc", "/activities/1/no-such-action", "/"])
def test_an_unknown_path_is_a_404_envelope(staff, path):
    envelope(staff.get(f"{API}{path}"), 404, "not_found")


def test_an_unknown_path_answers_the_envelope_to_anonymous_callers_too(db):
    envelope(Client().get(f"{API}/nowhere"), 404, "not_found")


def test_pages_outside_the_api_keep_their_html_404(staff):
    response = staff.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_wrong_method_is_a_405_envelope_that_still_says_what_is_allowed(staff):
    response = staff.put(f"{API}/members", {}, content_type="application/json")
    envelope(response, 405, "method.not_allowed")
    assert "GET" in response["Allow"]


def test_a_body_over_the_size_cap_is_a_413_envelope(staff, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"title": "标题" * 1000}
    envelope(
        staff.patch(f"{API}/members/{world.member.pk}", body, content_type="application/json"), 413, "request.too_large"
    )


def test_malformed_json_is_a_400_envelope_in_chinese(staff, world):
    response = staff.patch(f"{API}/members/{world.member.pk}", "{not json", content_type="application/json")
    envelope(response, 400, "request.malformed")


def test_a_csrf_failure_is_a_403_envelope_in_chinese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[Role.ADMIN])
    response = client.post(f"{API}/special-committees", {"name": "新委员会"}, content_type="application/json")
    envelope(response, 403, "csrf.failed")


def test_a_server_error_is_a_500_envelope(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("lvzhi.core.notify.inbox", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.users[Role.ADMIN])
    error = envelope(client.get(f"{API}/me/notifications"), 500, "server.error")
    assert "boom" not in error["message"]
