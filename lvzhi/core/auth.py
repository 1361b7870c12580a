"""Login by username or mobile number, with lockout after repeated failures."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError
from lvzhi.core.models import ApiToken, User, hash_token


class AccountLocked(DomainError):
    status = 429


def find_user(login: str) -> User | None:
    login = (login or "").strip()
    if not login:
        return None
    return User.objects.filter(Q(username=login) | Q(mobile=login)).first()


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        user = find_user(username or kwargs.get(User.USERNAME_FIELD, ""))
        if user is None or password is None:
            User().set_password(password or "")  # equalise timing with the found-user path
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def check_credentials(login: str, password: str) -> User | None:
    """Authenticate, counting failures; raises AccountLocked while the account is locked."""
    user = find_user(login)
    if user is not None and user.is_locked():
        raise AccountLocked("auth.locked", _("登录失败次数过多，账号已临时锁定，请稍后再试"))
    authenticated = UsernameOrMobileBackend().authenticate(None, username=login, password=password)
    if authenticated is None:
        if user is not None:
            record_failure(user)
        return None
    if authenticated.failed_logins or authenticated.locked_until:
        User.objects.filter(pk=authenticated.pk).update(failed_logins=0, locked_until=None)
    return authenticated


def record_failure(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        User.objects.filter(pk=user.pk).update(
            failed_logins=0, locked_until=timezone.now() + timedelta(minutes=settings.LOCKOUT_MINUTES)
        )


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw), expires_at__gt=timezone.now()).first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
