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
from lvzhi.core.taxonomy import DutyKind, DutyRole


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
    """A role a user holds in one committee, optionally narrowed to a special committee or a sector group."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    special_committee = models.ForeignKey(
        "org.SpecialCommittee", verbose_name=_("限定专委会"), null=True, blank=True, on_delete=models.CASCADE
    )
    sector_group = models.ForeignKey(
        "org.SectorGroup", verbose_name=_("限定界别组"), null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee", "role", "special_committee", "sector_group"], name="unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"


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


class DutyRecord(models.Model):
    """One row of the duty ledger (履职信息库): a member did something that counts.

    Written only through lvzhi.core.ledger; assessment, archives and dashboards read it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DISPUTED = "disputed", _("有异议")
        VOIDED = "voided", _("已作废")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="duty_records")
    term = models.ForeignKey("org.Term", verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=30, choices=DutyKind.choices)
    role = models.CharField(_("角色"), max_length=20, choices=DutyRole.choices)
    title = models.CharField(_("事项"), max_length=200)
    event_date = models.DateField(_("日期"))
    source_type = models.CharField(_("来源类型"), max_length=60, blank=True)
    source_id = models.PositiveBigIntegerField(_("来源编号"), null=True, blank=True)
    recorded_by_dept = models.CharField(_("记录部门"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    evidence = models.TextField(_("佐证说明"), blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="duty/", blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    self_reported = models.BooleanField(_("委员自报"), default=False)
    confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(committee="committee")

    class Meta:
        verbose_name = _("履职记录")
        verbose_name_plural = _("履职记录")
        ordering = ["-event_date", "-id"]
        indexes = [
            models.Index(fields=["committee", "member", "year"]),
            models.Index(fields=["committee", "source_type", "source_id"]),
        ]
        constraints = [
            # A source gives a member at most one live row per kind and role; corrections void and rewrite.
            models.UniqueConstraint(
                fields=["member", "source_type", "source_id", "kind", "role"],
                condition=models.Q(source_id__isnull=False) & ~models.Q(status="voided"),
                name="one_live_duty_record_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_date} {self.title} {self.get_role_display()}"


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
