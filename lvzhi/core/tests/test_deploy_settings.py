"""Deployment settings read from the environment (docs/deploy.md §3): lists, the HTTPS proxy, Redis."""

import os
import runpy
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from lvzhi import settings as settings_module
from lvzhi.core.capabilities import Role
from lvzhi.testing import PASSWORD

ENVIRONMENT = [
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "BEHIND_HTTPS_PROXY",
    "USE_X_FORWARDED_HOST",
    "SECURE_COOKIES",
    "REDIS_URL",
    "TASKS_BACKEND",
]
HOST = "lvzhi.example.gov.cn"
PROXIED = {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def load_settings(monkeypatch, tmp_path):
    """Runs lvzhi/settings.py afresh with the given environment; returns its names. The live settings stay."""

    def load(**env: str) -> dict:
        for name in ENVIRONMENT:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("SECRET_KEY", "test-only")
        monkeypatch.setenv("LVZHI_VAR_DIR", str(tmp_path))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(settings_module.__file__)

    return load


def test_host_and_origin_lists_drop_spaces_and_empty_items(load_settings):
    loaded = load_settings(
        ALLOWED_HOSTS=f" {HOST} , ,127.0.0.1,[::1],",
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}, https://*.example.gov.cn ,",
    )
    assert loaded["ALLOWED_HOSTS"] == [HOST, "127.0.0.1", "[::1]"]
    assert loaded["CSRF_TRUSTED_ORIGINS"] == [f"https://{HOST}", "https://*.example.gov.cn"]


def test_unset_lists_keep_their_defaults(load_settings):
    loaded = load_settings()
    assert loaded["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert loaded["CSRF_TRUSTED_ORIGINS"] == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ALLOWED_HOSTS", f"https://{HOST}"),
        ("ALLOWED_HOSTS", f"{HOST}:443"),
        ("CSRF_TRUSTED_ORIGINS", HOST),
        ("CSRF_TRUSTED_ORIGINS", f"https://{HOST}/"),
        ("CSRF_TRUSTED_ORIGINS", f"ftp://{HOST}"),
    ],
)
def test_a_host_or_origin_that_could_never_match_stops_start_up(load_settings, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load_settings(**{name: value})


def test_behind_an_https_proxy_the_forwarded_scheme_is_trusted_and_cookies_are_secure(load_settings):
    direct = load_settings()
    assert direct["SECURE_PROXY_SSL_HEADER"] is None
    assert direct["SESSION_COOKIE_SECURE"] is False
    assert direct["USE_X_FORWARDED_HOST"] is False
    proxied = load_settings(BEHIND_HTTPS_PROXY="1", USE_X_FORWARDED_HOST="true")
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxied["SESSION_COOKIE_SECURE"] is True
    assert proxied["CSRF_COOKIE_SECURE"] is True
    assert proxied["USE_X_FORWARDED_HOST"] is True
    assert load_settings(BEHIND_HTTPS_PROXY="1", SECURE_COOKIES="0")["SESSION_COOKIE_SECURE"] is False
    with pytest.raises(ImproperlyConfigured, match="BEHIND_HTTPS_PROXY"):
        load_settings(BEHIND_HTTPS_PROXY="maybe")


def login_through_the_proxy(user) -> int:
    """Signs in as a browser behind nginx would: HTTPS outside, plain HTTP to the app, the Origin header set."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"), **PROXIED)
    form = {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    return client.post(reverse("login"), form, HTTP_ORIGIN=f"https://{HOST}", **PROXIED).status_code


def test_a_form_posted_through_the_https_proxy_passes_the_csrf_check(world, settings, load_settings):
    settings.ALLOWED_HOSTS = [HOST]
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.SECURE_PROXY_SSL_HEADER = load_settings(BEHIND_HTTPS_PROXY="1")["SECURE_PROXY_SSL_HEADER"]
    assert login_through_the_proxy(world.users[Role.ADMIN]) == 302


def test_without_the_proxy_setting_the_same_form_is_refused(world, settings, load_settings):
    settings.ALLOWED_HOSTS = [HOST]
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.SECURE_PROXY_SSL_HEADER = load_settings()["SECURE_PROXY_SSL_HEADER"]
    assert login_through_the_proxy(world.users[Role.ADMIN]) == 403


def test_redis_url_selects_the_redis_cache_and_cached_sessions(load_settings):
    assert "CACHES" not in load_settings()
    loaded = load_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert loaded["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert loaded["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: the Redis cache is configured only when it is"
)
def test_with_redis_url_set_the_cache_round_trips_a_value_through_redis(load_settings):
    configured = load_settings(REDIS_URL=os.environ["REDIS_URL"])["CACHES"]["default"]
    assert configured["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    # Tests run on a per-test memory cache (conftest); this one talks to the Redis the settings name.
    cache = RedisCache(configured["LOCATION"], {})
    key = f"lvzhi-test-{uuid.uuid4().hex}"
    cache.set(key, {"标题": "全体会议通知", "人数": 1000}, timeout=60)
    assert cache.get(key) == {"标题": "全体会议通知", "人数": 1000}
    cache.delete(key)
    assert cache.get(key) is None
