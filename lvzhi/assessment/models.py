"""Assessment (履职考核): scoring schemes as data, the assessment year and its frozen scores."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Committee, User
from lvzhi.core.scoping import scoped
from lvzhi.core.workflow import WorkflowEvent


class Scheme(models.Model):
    """One version of a committee's scoring scheme (考核办法). Adopted versions never change: editing makes a draft.

    The scheme in force for a year is the adopted version with the latest `from_year` not after it; a committee
    with none has the default of DOMAIN.md §4.2 (`rules.DEFAULT`).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ADOPTED = "adopted", _("已施行")
        WITHDRAWN = "withdrawn", _("已废止")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    version = models.PositiveIntegerField(_("版本"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    rules = models.JSONField(_("规则"))
    from_year = models.PositiveSmallIntegerField(_("起始年度"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    adopted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    adopted_at = models.DateTimeField(null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("考核办法")
        verbose_name_plural = _("考核办法")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["committee", "version"], name="one_scheme_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class AssessmentYear(models.Model):
    """A committee's assessment of one calendar year (§3.7). While live, scores are computed from the ledger on
    every read; freezing copies the rules in force and stores every member's score (`Score`), so a later rule
    edit or ledger correction changes a finished year only through its own recorded steps."""

    class Status(models.TextChoices):
        LIVE = "live", _("年度进行中")
        CHECKING = "checking", _("委员核对")
        REVIEW = "review", _("评议")
        APPROVAL = "approval", _("主席会议审定")
        PUBLISHED = "published", _("已通报")
        ARCHIVED = "archived", _("已归档")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.LIVE)
    scheme = models.ForeignKey(Scheme, null=True, blank=True, on_delete=models.PROTECT, related_name="years")
    rules = models.JSONField(_("冻结时的规则"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("冻结时间"), null=True, blank=True)
    check_until = models.DateField(_("核对截止"), null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("考核年度")
        verbose_name_plural = _("考核年度")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="one_assessment_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_status_display()}"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.LIVE


class AssessmentEvent(WorkflowEvent):
    year = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, related_name="events")

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("考核进程记录")


class Score(models.Model):
    """A member's frozen score for a finished year, with its lines, so the published result never drifts."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="scores")
    membership = models.ForeignKey("org.Membership", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2)
    base = models.DecimalField(_("基础分"), max_digits=7, decimal_places=2)
    bonus = models.DecimalField(_("加分"), max_digits=7, decimal_places=2)
    penalty = models.DecimalField(_("扣分"), max_digits=7, decimal_places=2)
    band = models.CharField(_("等次"), max_length=20)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("在任月数"), default=12)
    lines = models.JSONField(_("分项"), default=dict)
    missing_duties = models.JSONField(_("未完成的基本要求"), default=list)
    capped_by = models.JSONField(_("等次封顶原因"), default=list)

    objects = scoped()

    class Meta:
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        ordering = ["rank", "-score", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "member"], name="one_score_per_member_year")]
        indexes = [models.Index(fields=["assessment", "band"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.score}"
