"""Request logging: refused requests (403/404) leave no traceback in the log; server errors still do.
Browsers' /favicon.ico goes to the app icon."""

import logging

from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.log_filters import ServerErrorsOnly


def record(status_code: int | None) -> logging.LogRecord:
    rec = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", None, None)
    if status_code is not None:
        rec.status_code = status_code
    return rec


def test_the_filter_keeps_server_errors_and_drops_client_errors():
    keep = ServerErrorsOnly()
    assert [keep.filter(record(s)) for s in (403, 404, 405, 500, 503)] == [False, False, False, True, True]
    assert keep.filter(record(None))  # a record without a status is not ours to hide


def test_a_403_page_logs_nothing_at_warning(world, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = world.client(Role.MEMBER).get(reverse("accounts:users"))
    assert response.status_code == 403
    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_favicon_redirects_to_the_app_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url == "/static/img/icon-192.png"
