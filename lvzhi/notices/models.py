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
    # When the audience was told. A notice timed for later is published with this empty and told by
    # `manage.py announce_notices` once its time has come; claiming this field is what makes that happen once.
    announced_at = models.DateTimeField(_("通知时间"), null=True, blank=True)

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


class StudyMaterial(models.Model):
    """学习园地: a document, a link to an internal video, or a reading list, filed under a topic (专题)."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("文件资料")
        VIDEO = "video", _("视频")
        READING_LIST = "reading_list", _("读书书目")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(_("专题"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.URLField(_("内网链接"), blank=True, help_text=_("内网视频或文件的地址"))
    file = models.FileField(_("文件"), upload_to="study/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("学习资料")
        verbose_name_plural = _("学习资料")
        ordering = ["topic", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class MaterialEvent(WorkflowEvent):
    """A study material's timeline: created, and every later edit with the fields it changed (old and new)."""

    material = models.ForeignKey(StudyMaterial, on_delete=models.CASCADE, related_name="events")

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        pass


class StudyAssignment(Audience):
    """A study task with a deadline: read its materials and, where the office sets a quiz, pass it.

    Completing it counts as a study activity in the duty ledger; one marked 补学 makes up a missed session."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("进行中")
        CLOSED = "closed", _("已截止")

    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("学习要求"), blank=True)
    materials = models.ManyToManyField(StudyMaterial, verbose_name=_("学习资料"), blank=True, related_name="+")
    deadline = models.DateTimeField(_("截止时间"))
    makeup = models.BooleanField(_("补学"), default=False, help_text=_("为未能参加集中学习的委员安排的补学"))
    makeup_for = models.CharField(_("补学对应的学习活动"), max_length=200, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("及格分"), null=True, blank=True, help_text=_("百分制；留空表示不设测验")
    )
    max_attempts = models.PositiveSmallIntegerField(_("答题次数上限"), default=3, help_text=_("0 为不限"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)

    objects = scoped()

    class Meta:
        verbose_name = _("学习任务")
        verbose_name_plural = _("学习任务")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def has_quiz(self) -> bool:
        return self.pass_mark is not None


class Question(models.Model):
    """A quiz question; one or more of its choices are correct, and an answer must name exactly those."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(StudyAssignment, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("题目"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    objects = scoped()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("选项"), max_length=200)
    correct = models.BooleanField(_("正确"), default=False)

    objects = scoped()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class StudyCompletion(models.Model):
    """One invited member of a published assignment: whether they read it, their quiz, and when they completed it."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(StudyAssignment, on_delete=models.CASCADE, related_name="completions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("学习时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("答题次数"), default=0)
    best_score = models.PositiveSmallIntegerField(_("最高分"), null=True, blank=True)
    passed_at = models.DateTimeField(_("测验通过"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = scoped()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "member"], name="one_completion_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.assignment_id}"


class QuizAttempt(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    completion = models.ForeignKey(StudyCompletion, on_delete=models.CASCADE, related_name="quiz_attempts")
    score = models.PositiveSmallIntegerField(_("得分"))
    passed = models.BooleanField(_("通过"))
    answers = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.score}"


class AssignmentEvent(WorkflowEvent):
    assignment = models.ForeignKey(StudyAssignment, on_delete=models.CASCADE, related_name="events")

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        pass


class Topic(Audience):
    """网络议政: a topic open for contributions between two times, to invited members or everyone."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已结束")

    title = models.CharField(_("议题"), max_length=200)
    description = models.TextField(_("议题说明"), blank=True)
    materials = models.TextField(_("参考材料"), blank=True, help_text=_("材料正文或内网链接，每行一项"))
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("结束时间"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("综述"), blank=True)
    # The summary may feed a 社情民意 report: the office notes the report's number or title here (text, not a link,
    # so this app does not depend on the opinions app).
    opinion_reference = models.CharField(_("转社情民意（编号或标题）"), max_length=200, blank=True)
    summarised_at = models.DateTimeField(_("综述时间"), null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("网络议政议题")
        verbose_name_plural = _("网络议政议题")
        ordering = ["-opens_at", "-id"]

    def __str__(self) -> str:
        return self.title


class TopicParticipant(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")

    objects = scoped()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["topic", "member"], name="one_participant_per_topic")]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.topic_id}"


class Contribution(models.Model):
    """A member's contribution to a topic, or a reply to another; staff may hide it (with a reason) or mark it
    substantive, which counts in the duty ledger."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="contributions")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)
    hidden = models.BooleanField(_("已屏蔽"), default=False)
    hidden_reason = models.CharField(_("屏蔽原因"), max_length=200, blank=True)
    substantive = models.BooleanField(_("有效建言"), default=False)

    objects = scoped()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["topic", "created_at"])]

    def __str__(self) -> str:
        return self.body[:30]


class TopicFile(models.Model):
    """A topic's material as a file (checked by the upload kit), served only to staff and the topic's participants."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="topics/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class TopicEvent(WorkflowEvent):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="events")

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        pass


class Story(models.Model):
    """委员风采: a profile or story of a member's work, published only with the member's consent; visible to the
    committee, and on the public page where marked public."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        AWAITING_CONSENT = "awaiting_consent", _("待委员同意")
        CONSENTED = "consented", _("委员已同意")
        DECLINED = "declined", _("委员不同意")
        PUBLISHED = "published", _("已发布")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    public = models.BooleanField(_("对外公开"), default=False, help_text=_("同时在对外公开的委员风采页展示"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    consented_at = models.DateTimeField(_("委员同意时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("委员风采")
        verbose_name_plural = _("委员风采")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class EssayCall(models.Model):
    """征文: a call for essays with a deadline; members submit, staff select and publish."""

    class Status(models.TextChoices):
        OPEN = "open", _("征集中")
        CLOSED = "closed", _("已截止")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("征文主题"), max_length=200)
    description = models.TextField(_("征文要求"), blank=True)
    deadline = models.DateTimeField(_("截止时间"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("征文")
        verbose_name_plural = _("征文")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title


class Essay(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已投稿")
        SELECTED = "selected", _("已入选")
        PUBLISHED = "published", _("已刊发")
        NOT_SELECTED = "not_selected", _("未入选")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(EssayCall, on_delete=models.CASCADE, related_name="essays")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("题目"), max_length=200)
    body = models.TextField(_("正文"))
    status = models.CharField(_("状态"), max_length=14, choices=Status.choices, default=Status.SUBMITTED)
    published_in = models.CharField(_("刊发载体"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
