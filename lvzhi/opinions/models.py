"""社情民意 (DOMAIN.md §3.3): reports, their revisions, the bulletin they are issued in, referrals and outcomes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Committee
from lvzhi.core.scoping import scoped
from lvzhi.core.workflow import WorkflowEvent
from lvzhi.org.models import HandlingUnit, Member, Station

USER = settings.AUTH_USER_MODEL


class InformationOfficer(models.Model):
    """社情民意信息员 / 特邀信息员: appointed per 届, need not be a member; may work from a station
    (合山: officers at every 联络站)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("姓名"), max_length=30)
    user = models.OneToOneField(
        USER, verbose_name=_("登录账号"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("委员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("所在站点"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("在任"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("信息员")
        verbose_name_plural = _("信息员")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Category(models.TextChoices):
    ECONOMY = "economy", _("经济")
    POLITICS = "politics", _("政治")
    CULTURE = "culture", _("文化")
    SOCIETY = "society", _("社会")
    ECOLOGY = "ecology", _("生态文明")
    OTHER = "other", _("其他")


class Opinion(models.Model):
    """One report (一事一报): what its author wrote is kept as revision 1; the office's edits are later revisions."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审查")
        RETURNED = "returned", _("退回修改")
        WITHDRAWN = "withdrawn", _("已撤回")
        DECLINED = "declined", _("未采用")
        EDITED = "edited", _("已编辑")
        MERGED = "merged", _("已合并")
        COMPILED = "compiled", _("已编入期刊")
        ISSUED = "issued", _("已印发")

    class Source(models.TextChoices):
        """Who sent it ([S80] 信息来源): a member, an officer, or a body the office records it for."""

        MEMBER = "member", _("委员提交")
        OFFICER = "officer", _("信息员提交")
        SPECIAL_COMMITTEE = "special_committee", _("专委会/处室提交")
        PARTY = "party", _("民主党派/工商联提交")
        LOWER_COMMITTEE = "lower_committee", _("下级政协提交")
        PUBLIC = "public", _("社会征集")
        OFFICE = "office", _("信息室综合")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("标题"), max_length=120)
    content = models.TextField(_("正文"))
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices, default=Category.OTHER)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    unit_name = models.CharField(_("报送单位"), max_length=100, blank=True)
    author_user = models.ForeignKey(
        USER, verbose_name=_("提交人账号"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_member = models.ForeignKey(
        Member, verbose_name=_("委员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        InformationOfficer,
        verbose_name=_("信息员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    author_name = models.CharField(_("署名"), max_length=100)
    station = models.ForeignKey(
        Station, verbose_name=_("站点"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入"), null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    bulletin = models.ForeignKey(
        "Bulletin", verbose_name=_("期刊"), null=True, blank=True, on_delete=models.SET_NULL, related_name="opinions"
    )
    reason = models.CharField(_("退回/不采用理由"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    year = models.PositiveSmallIntegerField(_("年度"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("社情民意")
        verbose_name_plural = _("社情民意")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["committee", "year", "status"]),
            # An author's own list, newest first ("my reports"), without walking the committee's whole list.
            models.Index(fields=["committee", "author_user", "-submitted_at"], name="opinion_author_newest"),
            models.Index(fields=["committee", "-submitted_at"], name="opinion_newest_first"),
        ]

    def __str__(self) -> str:
        return self.title


class Revision(models.Model):
    """One version of a report's text: 1 is what the author sent; each edit by the office adds one."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=120)
    content = models.TextField(_("正文"))
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_author = models.BooleanField(_("作者稿"), default=False)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = scoped()

    class Meta:
        verbose_name = _("修改稿")
        verbose_name_plural = _("修改稿")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["opinion", "number"], name="unique_opinion_revision")]

    def __str__(self) -> str:
        return f"{self.opinion_id}#{self.number}"


class Attachment(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="opinions/")
    name = models.CharField(_("文件名"), max_length=120)
    size = models.PositiveIntegerField(_("大小"))
    kind = models.CharField(_("类型"), max_length=10)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class OpinionEvent(WorkflowEvent):
    """A report's timeline: submission, edits, returns, merging, issue, referrals and outcomes."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="events")

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        pass


class Bulletin(models.Model):
    """An issue of 《社情民意》: compiled, approved (审核), signed off (签发), then issued (印发) with the year's
    next number."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("编辑中")
        APPROVED = "approved", _("已审核")
        SIGNED = "signed", _("已签发")
        ISSUED = "issued", _("已印发")
        DISCARDED = "discarded", _("已作废")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("期号"), null=True, blank=True)
    title = models.CharField(_("刊名"), max_length=60, default="社情民意")
    editor_note = models.TextField(_("编者按"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("社情民意期刊")
        verbose_name_plural = _("社情民意期刊")
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], condition=Q(number__isnull=False), name="unique_bulletin_number"
            )
        ]

    def __str__(self) -> str:
        if self.number:
            return _("《%(t)s》%(y)s年第%(n)s期") % {"t": self.title, "y": self.year, "n": self.number}
        return _("《%(t)s》%(y)s年（未编号）") % {"t": self.title, "y": self.year}


class BulletinSequence(models.Model):
    """The last number issued in a year: locked while the next issue takes its number, so numbers never skip."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveSmallIntegerField(default=0)

    objects = scoped()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="unique_bulletin_sequence")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Referral(models.Model):
    """转办: a report passed to a handling unit, whose users see it and record their answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("办理中")
        ANSWERED = "answered", _("已办理")
        RECALLED = "recalled", _("已撤回")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="referrals")
    unit = models.ForeignKey(HandlingUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(_("转办意见"), max_length=300, blank=True)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    answer = models.TextField(_("办理答复"), blank=True)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("转办")
        verbose_name_plural = _("转办")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinion", "unit"], condition=Q(status__in=["pending", "answered"]), name="one_live_referral"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opinion_id} → {self.unit_id}"


class Level(models.TextChoices):
    OWN = "own", _("本级采用")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国")


class LeaderLevel(models.TextChoices):
    CITY = "city", _("市级领导")
    PROVINCE = "province", _("省级领导")
    NATIONAL = "national", _("国家领导")


class Outcome(models.Model):
    """An outcome that arrives weeks later; undoing one voids it (and its ledger rows) instead of deleting it."""

    class Status(models.TextChoices):
        RECORDED = "recorded", _("有效")
        VOIDED = "voided", _("已撤销")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECORDED)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    void_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Adoption(Outcome):
    """采用: by this committee (编发 in its own bulletin) or a higher body, in a mode, in a named issue."""

    class Body(models.TextChoices):
        CPPCC = "cppcc", _("政协")
        PARTY_OFFICE = "party_office", _("党委办")
        GOVERNMENT_OFFICE = "government_office", _("政府办")
        UNITED_FRONT = "united_front", _("统战部")
        PARTY = "party", _("民主党派")

    class Mode(models.TextChoices):
        SINGLE = "single", _("单篇采用")
        COMBINED = "combined", _("综合采用")
        FORWARDED = "forwarded", _("转送")

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="adoptions")
    level = models.CharField(_("采用层级"), max_length=10, choices=Level.choices)
    body = models.CharField(_("采用机构"), max_length=20, choices=Body.choices, default=Body.CPPCC)
    mode = models.CharField(_("采用方式"), max_length=10, choices=Mode.choices, default=Mode.SINGLE)
    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("本级期刊"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issue = models.CharField(_("刊发期号"), max_length=100, blank=True)
    adopted_on = models.DateField(_("采用日期"))

    objects = scoped()

    class Meta:
        verbose_name = _("采用")
        verbose_name_plural = _("采用")
        ordering = ["-adopted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_mode_display()}"


class Instruction(Outcome):
    """批示: a leader's written instruction on the report, with its scan."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="instructions")
    leader_level = models.CharField(_("领导层级"), max_length=10, choices=LeaderLevel.choices)
    leader = models.CharField(_("批示领导"), max_length=60, blank=True)
    instructed_on = models.DateField(_("批示日期"))
    summary = models.TextField(_("批示内容摘要"))
    scan = models.FileField(_("批示件扫描"), upload_to="opinions/instructions/", blank=True)
    follow_up = models.TextField(_("落实情况"), blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-instructed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_leader_level_display()} {self.instructed_on}"
