"""Keeping members informed (DOMAIN.md §3.8): notices (知情明政, 工作动态) and their read receipts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Committee
from lvzhi.core.scoping import scoped
from lvzhi.core.workflow import WorkflowEvent
from lvzhi.org.models import Member, Sector, SectorGroup, SpecialCommittee, Term


class Audience(models.Model):
    """面向范围: everyone serving in the term, or the union of the sectors, groups, committees and members named.

    Who is in it is fixed when the object is published (its recipient rows), so a receipt list or a
    completion rate does not change under staff's feet when a member moves group later."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    audience_all = models.BooleanField(_("面向全体委员"), default=False)
    audience_sectors = models.ManyToManyField(Sector, verbose_name=_("面向界别"), blank=True, related_name="+")
    audience_groups = models.ManyToManyField(SectorGroup, verbose_name=_("面向界别组"), blank=True, related_name="+")
    audience_special_committees = models.ManyToManyField(
        SpecialCommittee, verbose_name=_("面向专委会"), blank=True, related_name="+"
    )
    audience_members = models.ManyToManyField(Member, verbose_name=_("面向委员"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Notice(Audience):
    """A notice, work news item, government briefing or meeting document sent to an audience."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("通知公告")
        WORK_NEWS = "work_news", _("工作动态")
        BRIEFING = "briefing", _("政情通报")
        MEETING_DOCUMENT = "meeting_document", _("会议文件")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.NOTICE)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("正文"), blank=True)
    confidential = models.BooleanField(
        _("涉密"), default=False, help_text=_("仅面向范围内的委员可见，不出现在任何导出中")
    )
    publish_at = models.DateTimeField(_("发布时间"), null=True, blank=True, help_text=_("留空为发布时立即可见"))
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True, help_text=_("留空为长期有效"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    reminded_at = models.DateTimeField(_("最近提醒"), null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["committee", "status", "publish_at"])]

    def __str__(self) -> str:
        return self.title


class NoticeRecipient(models.Model):
    """One member of a published notice's audience, and when they read it (the read receipt)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = scoped()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["notice", "member"], name="one_recipient_per_notice")]
        indexes = [models.Index(fields=["member", "read_at"])]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.notice_id}"


class NoticeFile(models.Model):
    """An attachment, served only through the notice's own audience check (never a public media URL)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="notices/%Y/")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class NoticeEvent(WorkflowEvent):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        pass
