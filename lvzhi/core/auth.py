"""Login by username or mobile number, with lockout after repeated failures and a per-address throttle.

Each password check is paid for before it runs: one atomic UPDATE takes an attempt from the account's
allowance and one from the address's, so thirty concurrent wrong passwords for one account evaluate at most
LOGIN_MAX_FAILURES of them, and guessing across many (or unknown) usernames from one address stops at
LOGIN_MAX_FAILURES_PER_ADDRESS. A successful sign-in gives its attempts back. Failures, lockouts and
throttling go to the audit log.
"""

import math
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import hotpath
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.models import ApiToken, AuditEvent, LoginThrottle, User, hash_token


class TooManyAttempts(DomainError):
    """429 with the seconds after which trying again may succeed (the API sends them as Retry-After)."""

    status = 429

    def __init__(self, code: str, message: str, *, until: datetime):
        super().__init__(code, message)
        self.retry_after = max(1, math.ceil((until - timezone.now()).total_seconds()))


class AccountLocked(TooManyAttempts):
    pass


def find_user(login: str) -> User | None:
    login = (login or "").strip()
    if not login:
        return None
    return User.objects.filter(Q(username=login) | Q(mobile=login)).first()


def client_address(request: HttpRequest | None) -> str:
    """The caller's network address. Behind the HTTPS proxy it is the last X-Forwarded-For entry, the one nginx
    appended (docs/deploy.md §7); earlier entries come from the client and prove nothing."""
    if request is None:
        return ""
    forwarded = request.headers.get("X-Forwarded-For", "")
    if settings.BEHIND_HTTPS_PROXY and forwarded:
        return forwarded.split(",")[-1].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


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

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in user of a session, read on every request (core.hotpath)."""
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = hotpath.by_pk(User, pk)
        return user if user is not None and self.user_can_authenticate(user) else None


def check_credentials(login: str, password: str, *, address: str = "") -> User | None:
    """Authenticate, counting failures; raises TooManyAttempts while the address or the account is held back."""
    user = find_user(login)
    if address:
        _take_address_attempt(address, login)
    if user is not None:
        _take_account_attempt(user, address)
    authenticated = UsernameOrMobileBackend().authenticate(None, username=login, password=password)
    if authenticated is None:
        _audit("auth.login_failed", user, login, address)
        if user is not None:
            _lock_if_spent(user, address)
        return None
    # Success gives back this attempt: the allowances count failures (and checks still running).
    User.objects.filter(pk=authenticated.pk).update(failed_logins=0, locked_until=None)
    if address:
        LoginThrottle.objects.filter(address=address, failures__gt=0).update(failures=F("failures") - 1)
    return authenticated


def _take_account_attempt(user: User, address: str) -> None:
    now = timezone.now()
    limit = settings.LOGIN_MAX_FAILURES
    expired = Q(locked_until__isnull=False, locked_until__lte=now)
    taken = (
        User.objects.filter(pk=user.pk)
        .filter(Q(failed_logins__lt=limit, locked_until__isnull=True) | expired)
        .update(failed_logins=Case(When(expired, then=Value(1)), default=F("failed_logins") + 1), locked_until=None)
    )
    if not taken:
        locked_until = User.objects.filter(pk=user.pk).values_list("locked_until", flat=True).first()
        raise AccountLocked(
            "auth.locked",
            _("登录失败次数过多，账号已临时锁定，请稍后再试"),
            until=locked_until or now + timedelta(minutes=settings.LOCKOUT_MINUTES),
        )


def _lock_if_spent(user: User, address: str) -> None:
    """The failure that spends the allowance locks the account (once, however many checks end together)."""
    until = timezone.now() + timedelta(minutes=settings.LOCKOUT_MINUTES)
    locked = User.objects.filter(
        pk=user.pk, failed_logins__gte=settings.LOGIN_MAX_FAILURES, locked_until__isnull=True
    ).update(locked_until=until)
    if locked:
        _audit("auth.locked", user, user.username, address, {"until": until.isoformat()})


def _take_address_attempt(address: str, login: str) -> None:
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)
    limit = settings.LOGIN_MAX_FAILURES_PER_ADDRESS
    if not LoginThrottle.objects.filter(address=address).exists():
        try:
            with transaction.atomic():
                LoginThrottle.objects.create(address=address, window_started_at=now)
        except IntegrityError:
            pass  # created by a concurrent attempt from the same address
    rows = LoginThrottle.objects.filter(address=address)
    taken = rows.filter(window_started_at__lte=now - window).update(failures=1, window_started_at=now)
    taken = taken or rows.filter(failures__lt=limit).update(failures=F("failures") + 1)
    if taken:
        if rows.filter(failures=limit).exists():
            _audit("auth.address_throttled", None, login, address, {"failures": limit})
        return
    started = rows.values_list("window_started_at", flat=True).first() or now
    raise TooManyAttempts(
        "auth.throttled",
        _("此网络地址登录失败次数过多，请稍后再试"),
        until=started + window,
    )


def _audit(action: str, user: User | None, login: str, address: str, data: dict[str, Any] | None = None) -> None:
    """Sign-in events name the account tried (or the login typed, for an unknown one) and the address."""
    AuditEvent.objects.create(
        committee_id=user.home_committee_id if user is not None else None,
        actor=None,
        action=action,
        object_type="core.user",
        object_id=str(user.pk) if user is not None else "",
        object_repr=(login or "")[:200],
        data={"address": address, **(data or {})},
    )


def tokens_of(user: User) -> list[ApiToken]:
    """The user's unexpired API tokens, newest first."""
    return list(ApiToken.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("-created_at", "-id"))


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: User) -> None:
    """A user revokes one of their own tokens (a lost phone, a script no longer used)."""
    if token.user_id != actor.pk:
        raise NotFound("not_found", _("对象不存在"))
    AuditEvent.objects.create(
        committee_id=actor.home_committee_id,
        actor=actor,
        action="auth.token_revoked",
        object_type="core.apitoken",
        object_id=str(token.pk),
        object_repr=str(token)[:200],
    )
    ApiToken.objects.filter(pk=token.pk).delete()


def token_for(raw: str) -> ApiToken | None:
    now = timezone.now()
    # Every API request reads its token: a written-out read (core.hotpath), the user joined in.
    token = next(iter(hotpath.where_in(ApiToken, "key_hash", [hash_token(raw)], related="user")), None)
    if token is None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
