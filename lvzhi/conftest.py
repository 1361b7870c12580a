import shutil

import pytest
from django_scopes import scopes_disabled

from lvzhi.testing import World, build_world

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_scope():
    # Tests build data outside any request; requests still run inside their own committee scope.
    with scopes_disabled():
        yield


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def outsider(db) -> World:
    """Another committee with its own users: everything of `world` must be invisible to it."""
    return build_world(code="other", name="邻市政协")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed; browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
