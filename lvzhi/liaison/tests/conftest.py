import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    # The per-address counters live in the cache, which outlives a test: each test starts with none.
    # A lighter proof of work keeps the tests quick; the check is the same.
    settings.MAILBOX_POW_BITS = 8
    cache.clear()
    yield
    cache.clear()
