"""The written-out reads every request makes (core.hotpath) give what the ORM gives, and refuse what it refuses."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from lvzhi.core import hotpath
from lvzhi.core.auth import UsernameOrMobileBackend
from lvzhi.core.capabilities import Role
from lvzhi.core.models import Committee, Notification, RoleAssignment, User
from lvzhi.core.notify import unread_count
from lvzhi.core.tenancy import roles_with_committees
from lvzhi.testing import make_user, signed_in


def test_roles_come_with_their_committees_as_select_related_gives_them(world, outsider, django_assert_num_queries):
    user = world.users[Role.MEMBER_AFFAIRS]
    RoleAssignment.objects.create(user=user, committee=outsider.committee, role="member")
    expected = list(RoleAssignment.objects.filter(user=user).select_related("committee").order_by("pk"))
    with django_assert_num_queries(1):
        found = roles_with_committees(user)
        assert [(a.pk, a.role, a.committee_id) for a in found] == [(a.pk, a.role, a.committee_id) for a in expected]
        assert [a.committee.code for a in found] == [world.committee.code, outsider.committee.code]
        assert all(a.user is user for a in found)
    assert found[0].committee.created_at == Committee.objects.get(pk=world.committee.pk).created_at
    assert timezone.is_aware(found[0].committee.created_at)


def test_a_user_read_by_the_backend_equals_the_orm_one_and_an_inactive_or_odd_id_gets_none(world):
    user = world.users[Role.MEMBER_AFFAIRS]
    read = UsernameOrMobileBackend().get_user(str(user.pk))
    assert read == user
    assert read.date_joined == User.objects.get(pk=user.pk).date_joined
    assert read._state.adding is False and read._state.db == "default"
    assert UsernameOrMobileBackend().get_user("abc") is None
    assert UsernameOrMobileBackend().get_user(str(10**9)) is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert UsernameOrMobileBackend().get_user(str(user.pk)) is None


def test_a_session_past_its_expiry_signs_nobody_in(world, settings):
    # The database store itself (with Redis, cached_db would keep answering from the cache until its own expiry).
    settings.SESSION_ENGINE = "lvzhi.core.session_store"
    user = make_user(world.committee, Role.MEMBER_AFFAIRS)
    key = signed_in(user)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert client.get("/desk/").status_code == 200
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/desk/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_unknown_or_malformed_session_key_is_an_anonymous_visit(db):
    for key in ("x" * 32, "'; DROP TABLE django_session; --", ""):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        response = client.get("/desk/")
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert Session.objects.model._meta.db_table == "django_session"


def test_the_unread_count_counts_only_this_users_unread_in_this_committee(world, outsider):
    user = world.users[Role.MEMBER_AFFAIRS]
    mine = dict(committee=world.committee, user=user, kind="k", title="t")
    Notification.objects.create(**mine)
    Notification.objects.create(**mine, read_at=timezone.now())
    Notification.objects.create(committee=outsider.committee, user=user, kind="k", title="t")
    Notification.objects.create(committee=world.committee, user=world.users[Role.MEMBER], kind="k", title="t")
    assert unread_count(user, world.committee) == 1


def test_where_in_reads_nothing_for_no_values(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert hotpath.where_in(User, "id", []) == []
