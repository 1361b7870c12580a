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


class LineCheck(models.Model):
    """A member's check (核对) of one ledger line of a frozen year: confirmed, or disputed with a reason and
    evidence until the recording office keeps (维持) or corrects (更正) it (§3.7)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("无异议")
        OPEN = "open", _("异议待复核")
        KEPT = "kept", _("维持")
        CORRECTED = "corrected", _("已更正")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, related_name="checks")
    record = models.ForeignKey("ledger.DutyRecord", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("异议理由"), max_length=300, blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="assessment/disputes/", blank=True)
    decision_note = models.CharField(_("复核意见"), max_length=300, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    score_before = models.DecimalField(_("复核前得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    score_after = models.DecimalField(_("复核后得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = scoped()

    class Meta:
        verbose_name = _("核对记录")
        verbose_name_plural = _("核对记录")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "record"], name="one_check_per_line")]
        indexes = [models.Index(fields=["assessment", "status"])]

    def __str__(self) -> str:
        return f"{self.record_id} {self.get_status_display()}"


class Talk(models.Model):
    """A reminder talk (约谈/谈话提醒) with a low scorer, recorded after publication (§3.7 结果运用)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, related_name="talks")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("约谈日期"))
    talker = models.CharField(_("约谈人"), max_length=60)
    content = models.TextField(_("谈话内容"))
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = scoped()

    class Meta:
        verbose_name = _("约谈记录")
        verbose_name_plural = _("约谈记录")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.held_on}"


class Nomination(models.Model):
    """A member of the excellent band nominated as 优秀委员 for the year."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, related_name="nominations")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("推荐理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = scoped()

    class Meta:
        verbose_name = _("优秀委员推荐")
        verbose_name_plural = _("优秀委员推荐")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "member"], name="one_nomination_per_year")]

    def __str__(self) -> str:
        return f"{self.member_id}"


class DutyReport(models.Model):
    """A duty report (述职/履职报告, DOMAIN.md §3.6): a member's yearly report pre-filled from the ledger, a standing
    member's written report, or a special-committee director's report. Filed in the member's archive."""

    class Kind(models.TextChoices):
        MEMBER_YEARLY = "member_yearly", _("委员年度履职报告")
        STANDING_WRITTEN = "standing_written", _("常委书面述职报告")
        DIRECTOR = "director", _("专委会主任述职报告")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("已退回")
        REVIEWED = "reviewed", _("已审阅")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("org.Member", on_delete=models.PROTECT, related_name="duty_reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.MEMBER_YEARLY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    special_committee = models.ForeignKey(
        "org.SpecialCommittee", verbose_name=_("专委会"), null=True, blank=True, on_delete=models.PROTECT
    )
    # What the ledger said when the report was started and again when it was submitted (counts, titles, score).
    facts = models.JSONField(_("履职数据"), default=dict, blank=True)
    achievements = models.TextField(_("履职成效"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    suggestions = models.TextField(_("意见建议"), blank=True)
    own_work = models.TextField(_("本职工作"), blank=True)
    social_responsibility = models.TextField(_("履行社会责任"), blank=True)
    oral = models.BooleanField(_("口头述职"), default=False)
    # The 述职会 (an activity of kind duty_report_meeting) where it was reported: an id, as activities sit below.
    meeting_id = models.PositiveBigIntegerField(_("述职会"), null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_note = models.CharField(_("审阅意见"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("履职报告")
        verbose_name_plural = _("履职报告")
        ordering = ["-year", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "year", "kind"], name="one_duty_report_per_kind")]
        indexes = [models.Index(fields=["committee", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"

    def sections(self) -> list[tuple[str, str]]:
        """The written parts that have text, with their headings, in the report's order."""
        parts = (
            (_("履职成效"), self.achievements),
            (_("存在问题"), self.problems),
            (_("意见建议"), self.suggestions),
            (_("本职工作"), self.own_work),
            (_("履行社会责任"), self.social_responsibility),
        )
        return [(str(heading), text) for heading, text in parts if text.strip()]


class DutyReportEvent(WorkflowEvent):
    report = models.ForeignKey(DutyReport, on_delete=models.CASCADE, related_name="events")

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("履职报告记录")
