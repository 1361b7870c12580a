"""A memo that lives for one read-only request, for what several parts of one page compute alike (the activities
open to a member: the home page's tiles, a list's count and its page all ask for them).

Outside a request (services, tasks, tests calling functions directly) nothing is kept, and a request that may
write (anything but GET and HEAD) gets none either, so nothing read before a change is reused after it.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django_scopes import get_scope

T = TypeVar("T")
_memo: ContextVar[dict[Hashable, object] | None] = ContextVar("lvzhi_request_memo", default=None)


@contextmanager
def request_memo() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memo_active() -> bool:
    """Whether a read-only request's memo is open (so what is kept is reused, not rebuilt)."""
    return _memo.get() is not None


def memoized(key: Hashable, build: Callable[[], T]) -> T:
    """`build()` once per key within the current read-only request; every call elsewhere."""
    memo = _memo.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]  # type: ignore[return-value]


def scope_key() -> Hashable:
    """The current django-scopes scope as a memo key part: what a scoped query reads depends on it."""
    scope = get_scope()
    if not scope.get("_enabled", True):
        return "all"
    committees = scope.get("committee")
    if not isinstance(committees, list | tuple | set):
        committees = [committees]
    return tuple(sorted(str(getattr(c, "pk", c)) for c in committees))
