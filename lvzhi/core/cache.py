"""Small per-committee caches for what many pages read and few requests change (filter choices and the like).

Each entry lives under a version number that `invalidate()` bumps, so a change shows at once in the process that
made it, and everywhere at once when the cache is shared (Redis, REDIS_URL). With the default per-process memory
cache another server process may show the old entry until it expires: TIMEOUT bounds that to a minute, which is
why only harmless lists (never permissions) are cached here.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
TIMEOUT = 60


def _version_key(name: str, committee_id: int) -> str:
    return f"lvzhi:v:{name}:{committee_id}"


def cached(name: str, committee_id: int, key: str, build: Callable[[], T]) -> T:
    """`build()` once per committee, name and key until invalidated (or TIMEOUT seconds)."""
    version = cache.get_or_set(_version_key(name, committee_id), 1, None)
    full_key = f"lvzhi:{name}:{committee_id}:{version}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, TIMEOUT)
    return value


def invalidate(name: str, committee_id: int) -> None:
    key = _version_key(name, committee_id)
    try:
        cache.incr(key)
    except ValueError:  # never read yet: nothing cached to drop
        cache.set(key, 1, None)
