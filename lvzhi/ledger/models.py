"""The duty ledger (履职信息库): one row per thing a member did that counts."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lvzhi.core.models import Committee, User
from lvzhi.ledger.taxonomy import DutyKind, DutyRole


class DutyRecord(models.Model):
    """One row of the duty ledger (履职信息库): a member did something that counts.

    Written only through lvzhi.ledger.services; assessment, archives and dashboards read it.
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
        db_table = "core_dutyrecord"  # the table kept its name when the ledger left core
        ordering = ["-event_date", "-id"]
        indexes = [
            models.Index(fields=["committee", "member", "year"]),
            models.Index(fields=["committee", "source_type", "source_id"]),
            # The office's queue of self-reports waiting for review: a few rows among a committee's hundreds of
            # thousands, found and counted without walking them. Partial, so the planner never takes it for the
            # scoring aggregate's status filter (a full (committee, status) index made SQLite choose it there).
            models.Index(
                fields=["committee", "created_at"], condition=models.Q(status="pending"), name="ledger_pending_queue"
            ),
            # The assessment's one aggregate (a committee-year's rows per member, kind and role) reads this index
            # alone, in GROUP BY order: no table lookups, no sort.
            models.Index(fields=["committee", "year", "member", "kind", "role", "status"], name="ledger_year_scoring"),
            # Unexcused plenary absences over a whole term (the two-absence rule), read from the index alone: the
            # term and status are in it, so no table row is looked up.
            models.Index(
                fields=["committee", "term", "year", "member", "status"],
                condition=models.Q(kind="plenary", role="absent"),
                name="ledger_plenary_absences",
            ),
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
