import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lvzhi.core.capabilities import Role


class Committee(models.Model):
    """The tenant: one CPPCC committee in the tree national → province → city → county."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县（区）级")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级政协"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("政协")
        verbose_name_plural = _("政协")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        """Ids of the committees above this one, nearest first (a query per level above the parent)."""
        found: list[int] = []
        parent = self.parent_id
        while parent is not None and parent not in found and parent != self.pk:
            found.append(parent)
            parent = Committee.objects.filter(pk=parent).values_list("parent_id", flat=True).first()
        return found

    def descendant_ids(self) -> list[int]:
        """Ids of every committee below this one (breadth-first, a few queries per level)."""
        found: list[int] = []
        frontier = [self.pk]
        while frontier:
            frontier = list(Committee.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            found.extend(frontier)
        return found


class LvzhiUserManager(UserManager):
    def get_by_natural_key(self, username: str) -> "User":
        return self.get(**{self.model.USERNAME_FIELD: username})


class User(AbstractUser):
    display_name = models.CharField(_("显示名"), max_length=50, blank=True)
    mobile = models.CharField(_("手机号"), max_length=20, null=True, blank=True, unique=True)
    home_committee = models.ForeignKey(
        Committee, verbose_name=_("所属政协"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    large_font = models.BooleanField(_("大字模式"), default=False)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = LvzhiUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class RoleAssignment(models.Model):
    """A role a user holds in one committee, optionally narrowed to a special committee, a sector group, a regional
    group or a station (accounts.services.SCOPE_FIELDS says which role takes which); a handling unit's users are
    tied to their unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    special_committee = models.ForeignKey(
        "org.SpecialCommittee", verbose_name=_("限定专委会"), null=True, blank=True, on_delete=models.CASCADE
    )
    sector_group = models.ForeignKey(
        "org.SectorGroup", verbose_name=_("限定界别组"), null=True, blank=True, on_delete=models.CASCADE
    )
    regional_group = models.ForeignKey(
        "org.RegionalGroup", verbose_name=_("限定联络组"), null=True, blank=True, on_delete=models.CASCADE
    )
    station = models.ForeignKey(
        "org.Station", verbose_name=_("限定委员工作站点"), null=True, blank=True, on_delete=models.CASCADE
    )
    handling_unit = models.ForeignKey(
        "org.HandlingUnit", verbose_name=_("所属承办单位"), null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "user",
                    "committee",
                    "role",
                    "special_committee",
                    "sector_group",
                    "regional_group",
                    "station",
                    "handling_unit",
                ],
                name="unique_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"

    SCOPES = ("special_committee", "sector_group", "regional_group", "station")

    @property
    def scope_name(self) -> str:
        """The name of what the role is narrowed to (blank when it is not); select the scopes with it."""
        body = next((getattr(self, n) for n in self.SCOPES if getattr(self, f"{n}_id")), None)
        return body.name if body is not None else ""

    @property
    def scope_text(self) -> str:
        """What the role is narrowed to, e.g. "限定联络组：东片联络组"; blank when it is not."""
        name = next((n for n in self.SCOPES if getattr(self, f"{n}_id")), None)
        return f"{self._meta.get_field(name).verbose_name}：{self.scope_name}" if name else ""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} token"

    @classmethod
    def issue(cls, user: User) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            key_hash=hash_token(raw),
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
        )
        return token, raw


class LoginThrottle(models.Model):
    """Failed sign-ins from one network address in the current window: whatever usernames they tried, an
    address gets LOGIN_MAX_FAILURES_PER_ADDRESS guesses per LOGIN_ADDRESS_WINDOW_MINUTES."""

    address = models.CharField(max_length=45, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.address}: {self.failures}"


class AuditEvent(models.Model):
    """Append-only audit trail and visible history: who did what to which object, and when."""

    committee = models.ForeignKey(Committee, null=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ScopedManager(committee="committee")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["committee", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class Notification(models.Model):
    """An in-app message (站内消息); lvzhi.core.notify also sends its e-mail and SMS copies."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类型"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(committee="committee")

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "committee", "read_at"])]

    def __str__(self) -> str:
        return self.title
