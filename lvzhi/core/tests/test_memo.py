from django_scopes import scope, scopes_disabled

from lvzhi.core.memo import memoized, request_memo, scope_key


def counter():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    return build


def test_outside_a_request_every_call_builds_afresh():
    build = counter()
    assert [memoized("k", build), memoized("k", build)] == [1, 2]


def test_within_a_request_a_key_is_built_once_and_forgotten_after():
    build = counter()
    with request_memo():
        assert [memoized("k", build), memoized("k", build), memoized("other", build)] == [1, 1, 2]
    with request_memo():
        assert memoized("k", build) == 3


def test_the_scope_is_part_of_the_key():
    with scope(committee=1):
        one = scope_key()
    with scope(committee=[2, 1]):
        both = scope_key()
    with scopes_disabled():
        unscoped = scope_key()
    assert len({one, both, unscoped}) == 3
