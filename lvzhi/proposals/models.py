"""Proposals (提案, DOMAIN.md §3.2): the proposal, its co-signers, its number, its handling units and replies."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Committee
from lvzhi.core.scoping import scoped
from lvzhi.core.workflow import WorkflowEvent
from lvzhi.org.models import HandlingUnit, Member, Session, Term

TITLE_MAX = 100
# The length guide (荆州: ≤1500 characters) is advice shown while typing; the hard limit keeps bad input out.
CONTENT_GUIDE = 1500
CONTENT_MAX = 8000


class Category(models.TextChoices):
    """五位一体 categories (API.md codes)."""

    ECONOMY = "economy", _("经济建设")
    POLITICS = "politics", _("政治建设")
    CULTURE = "culture", _("文化建设")
    SOCIETY = "society", _("社会建设")
    ECOLOGY = "ecology", _("生态文明建设")
    OTHER = "other", _("其他")


class NotAcceptReason(models.TextChoices):
    """The ten standard reasons for not accepting a proposal (DOMAIN.md §3.2, national list)."""

    SECRET = "secret", _("涉及党和国家秘密")
    PROHIBITED = "prohibited", _("国家明令禁止")
    PARTY_INTERNAL = "party_internal", _("中共党员对党内组织、人事有意见")
    PARTY_ORGANISATION = "party_organisation", _("民主党派成员反映本组织内部问题")
    LITIGATION = "litigation", _("已进入诉讼、仲裁程序")
    ACADEMIC = "academic", _("属于学术研讨")
    PERSONAL = "personal", _("为本人或亲属解决个人问题")
    PROMOTION = "promotion", _("宣传推介具体作品、产品")
    ACCUSATION = "accusation", _("指名举报")
    VAGUE = "vague", _("内容空泛，无具体建议")


class CollectiveKind(models.TextChoices):
    """Who may propose in their own name (DOMAIN.md §3.2)."""

    SECTOR = "sector", _("界别")
    GROUP = "group", _("界别小组/活动组")
    PARTY = "party", _("民主党派")
    ORGANISATION = "organisation", _("人民团体")
    SPECIAL_COMMITTEE = "special_committee", _("专门委员会")


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("退回修改")
        ACCEPTED = "accepted", _("已立案")
        NOT_ACCEPTED = "not_accepted", _("不予立案")
        MERGED = "merged", _("已并案")
        CONVERTED = "converted", _("已转办")
        WITHDRAWN = "withdrawn", _("已撤案")
        ASSIGNED = "assigned", _("办理中")
        REPLIED = "replied", _("已答复")
        REHANDLING = "rehandling", _("重新办理")
        CLOSED = "closed", _("已办结")

    class ProposerKind(models.TextChoices):
        INDIVIDUAL = "individual", _("个人提案")
        JOINT = "joint", _("联名提案")
        COLLECTIVE = "collective", _("集体提案")

    class Period(models.TextChoices):
        PLENARY = "plenary", _("大会提案")
        OFF_SESSION = "off_session", _("平时提案")

    class ConvertTo(models.TextChoices):
        OPINION = "opinion", _("社情民意信息")
        SUGGESTION = "suggestion", _("意见建议")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("立案号"), null=True, blank=True)
    title = models.CharField(_("案由"), max_length=TITLE_MAX, blank=True)
    content = models.TextField(_("正文"), blank=True)
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices, default=Category.OTHER)
    proposer_kind = models.CharField(
        _("提案者类型"), max_length=12, choices=ProposerKind.choices, default=ProposerKind.INDIVIDUAL
    )
    lead = models.ForeignKey(Member, verbose_name=_("第一提案人"), on_delete=models.PROTECT, related_name="+")
    # A collective proposal (集体提案) is in a body's name: a sector, a group, a party or people's organisation.
    collective_kind = models.CharField(_("提案单位类型"), max_length=20, choices=CollectiveKind.choices, blank=True)
    collective_name = models.CharField(_("提案单位"), max_length=100, blank=True)
    period = models.CharField(_("会上/平时"), max_length=12, choices=Period.choices, default=Period.OFF_SESSION)
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    review_note = models.CharField(_("审查意见"), max_length=500, blank=True)
    not_accept_reason = models.CharField(_("不予立案理由"), max_length=24, choices=NotAcceptReason.choices, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    converted_to = models.CharField(_("转为"), max_length=12, choices=ConvertTo.choices, blank=True)
    due_date = models.DateField(_("要求办结日期"), null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=24, choices=Satisfaction.choices, blank=True)
    satisfaction_comment = models.CharField(_("委员意见"), max_length=500, blank=True)
    # Segmented once when the text is saved (segmenting costs far more than searching): term → count, and length.
    terms = models.JSONField(default=dict, blank=True)
    term_total = models.PositiveIntegerField(default=0)
    # Set when the terms of a proposal out of the drafts change: the similar-proposal index reads what is newer.
    indexed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    # When the latest round of replies reached the proposers: the 15-working-day feedback window starts here.
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["-updated_at", "-id"]
        indexes = [
            # Also the office's list of one status, newest submitted first (with the status-less list's index
            # below alone, SQLite walked every proposal in date order looking for a rare status).
            models.Index(fields=["committee", "status", "submitted_at"]),
            # Also counts of a year's proposals in some states (the excellent quota counts the year's 立案) from
            # the index alone, without reading every proposal of the year.
            models.Index(fields=["committee", "year", "status"]),
            models.Index(fields=["committee", "lead"]),
            models.Index(fields=["committee", "indexed_at"]),
            # The lists' orders: the office's newest submitted first, the API's and a member's latest changed first.
            models.Index(fields=["committee", "submitted_at"]),
            models.Index(fields=["committee", "updated_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], condition=Q(number__isnull=False), name="unique_proposal_number"
            )
        ]

    def __str__(self) -> str:
        return self.title or str(_("（无标题草稿）"))

    @property
    def number_label(self) -> str:
        return f"{self.year}-{self.number:03d}" if self.number else ""


class Cosigner(models.Model):
    """A member invited to co-sign (联名); their name counts only once they confirm online."""

    class Status(models.TextChoices):
        INVITED = "invited", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DECLINED = "declined", _("已谢绝")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.INVITED)
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("联名人")
        verbose_name_plural = _("联名人")
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="unique_cosigner")]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_status_display()})"


class NumberCounter(models.Model):
    """The last 立案 number given in a committee's year (one session a year): locked while a number is taken,
    so two clerks accepting at once get consecutive numbers, never the same one or a gap."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    objects = scoped()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="unique_proposal_counter")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ProposalEvent(WorkflowEvent):
    """The proposal's timeline: every move, who made it, and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, choices=Proposal.Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Proposal.Status.choices, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        pass


class Assignment(models.Model):
    """A handling unit given the proposal (交办): sole, lead or co-handling, or one of several answering apart."""

    class Role(models.TextChoices):
        SOLE = "sole", _("单办")
        LEAD = "lead", _("主办")
        CO = "co", _("协办")
        SPLIT = "split", _("分办")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(HandlingUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("办理类型"), max_length=8, choices=Role.choices)
    due_date = models.DateField(_("办结期限"))
    opinion = models.TextField(_("协办意见"), blank=True)
    countersigned_at = models.DateTimeField(_("会签时间"), null=True, blank=True)
    reassign_reason = models.CharField(_("申请调整理由"), max_length=300, blank=True)
    # Last 催办 (reminder) sent for this assignment: overdue units are chased at most once a day.
    chased_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["proposal", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "unit"], name="unique_assignment")]
        # A unit's earlier assignments, newest first: the list walks the latest 50, not all the unit ever had.
        indexes = [models.Index(fields=["unit", "assigned_at"])]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()})"


class Reply(models.Model):
    """A handling unit's written reply (答复): drafted with its class, countersigned, reviewed, then published."""

    class Status(models.TextChoices):
        COUNTERSIGNING = "countersigning", _("协办会签")
        REVIEWING = "reviewing", _("督办审核")
        RETURNED = "returned", _("退回修改")
        PUBLISHED = "published", _("已答复")

    class Grade(models.TextChoices):
        A = "A", _("A类：解决或基本解决")
        B = "B", _("B类：列入计划拟解决")
        C = "C", _("C类：因条件所限暂不能解决、留作参考")
        # Only where the committee uses the four-class set (ProposalSettings.four_class_replies).
        D = "D", _("D类：因条件限制留作参考（已解释）")

    class Contact(models.TextChoices):
        MEETING = "meeting", _("面谈")
        FORUM = "forum", _("座谈会")
        PHONE = "phone", _("电话")
        EMAIL = "email", _("邮件")
        LETTER = "letter", _("书信")
        OTHER = "other", _("其它")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="replies")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    grade = models.CharField(_("答复类别"), max_length=1, choices=Grade.choices)
    content = models.TextField(_("答复正文"))
    contact_mode = models.CharField(_("沟通方式"), max_length=10, choices=Contact.choices)
    contacted_on = models.DateField(_("沟通日期"))
    return_reason = models.CharField(_("退回理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.assignment.unit} {self.grade}"


DEFAULT_EXCELLENT_QUOTA_PERCENT = 10


class ProposalSettings(models.Model):
    """The committee's proposal rules; a committee without a row uses the defaults."""

    committee = models.OneToOneField(Committee, on_delete=models.CASCADE, related_name="+")
    # 优秀提案 per year as a share of 立案 (DOMAIN.md §3.2: ≈5 % 道里, 8–10 % 垦利).
    excellent_quota_percent = models.PositiveSmallIntegerField(
        _("优秀提案名额（占立案数的百分比）"),
        default=DEFAULT_EXCELLENT_QUOTA_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    four_class_replies = models.BooleanField(
        _("答复分为 A、B、C、D 四类"),
        default=False,
        help_text=_("开启后承办单位可选 D 类（因条件限制留作参考），A、B、C 类采用四类表述"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("提案规则")
        verbose_name_plural = _("提案规则")

    def __str__(self) -> str:
        return str(_("提案规则"))


class Honour(models.Model):
    """重点提案 or 优秀提案. The office shortlists (key) or nominates (excellent) a proposal with its reason: a
    candidate. A meeting's decision approves or declines it; only an approved honour writes ledger rows, and it is
    their source, so withdrawing it voids exactly those rows and nothing else the proposal earned."""

    class Kind(models.TextChoices):
        KEY = "key", _("重点提案")
        EXCELLENT = "excellent", _("优秀提案")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("候选")
        APPROVED = "approved", _("已确定")
        DECLINED = "declined", _("未确定")

    class Source(models.TextChoices):
        """Who put an excellent nomination forward (the office records it either way)."""

        OFFICE = "office", _("提案委员会")
        SPECIAL_COMMITTEE = "special_committee", _("专门委员会推荐")
        HANDLING_UNIT = "handling_unit", _("承办单位反馈推荐")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="honours")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    reason = models.CharField(_("理由"), max_length=300)
    source = models.CharField(_("提名来源"), max_length=20, choices=Source.choices, default=Source.OFFICE)
    decision = models.ForeignKey(
        "HonourDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="honours"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)
    unmarked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unmarked_at = models.DateTimeField(null=True, blank=True)
    unmark_reason = models.CharField(_("取消理由"), max_length=300, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("重点/优秀提案")
        verbose_name_plural = _("重点/优秀提案")
        ordering = ["marked_at", "id"]
        indexes = [models.Index(fields=["committee", "kind", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "kind"], condition=Q(unmarked_at__isnull=True), name="one_live_honour_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.proposal}"

    @property
    def live(self) -> bool:
        return self.unmarked_at is None

    @property
    def supervisor_names(self) -> str:
        return "、".join(s.name for s in self.supervisors.all())

    @property
    def status_label(self) -> str:
        if self.unmarked_at:
            return str(_("已取消"))
        if self.kind == self.Kind.EXCELLENT:
            labels = {"candidate": _("推荐候选"), "approved": _("已评为优秀"), "declined": _("未评上")}
        else:
            labels = {"candidate": _("遴选候选"), "approved": _("主席会议已确定"), "declined": _("主席会议未确定")}
        return str(labels[self.status])


class HonourDecision(models.Model):
    """A meeting's decision on one kind of honour: the 主席会议 that decides the year's key proposals among the
    shortlist, or the one that awards the excellent proposals (which closes that year's scoring round)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=12, choices=Honour.Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    meeting = models.CharField(_("会议"), max_length=100)
    held_on = models.DateField(_("会议日期"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("主席会议确定")
        verbose_name_plural = _("主席会议确定")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["committee", "kind", "year"])]

    def __str__(self) -> str:
        return f"{self.meeting}（{self.held_on:%Y-%m-%d}）"


class Supervisor(models.Model):
    """A key proposal's 督办领导 (DOMAIN.md §3.2): a leader's account, or a name (a government leader 领办 without
    an account here)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    honour = models.ForeignKey(Honour, on_delete=models.CASCADE, related_name="supervisors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("督办领导"), max_length=50)

    objects = scoped()

    class Meta:
        verbose_name = _("督办领导")
        verbose_name_plural = _("督办领导")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["honour", "name"], name="unique_supervisor_name")]

    def __str__(self) -> str:
        return self.name


class SupervisionRecord(models.Model):
    """One supervision of a key proposal (座谈, 调研, 视察, 督办会): when, where, who, what came of it."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("座谈")
        SURVEY = "survey", _("调研")
        INSPECTION = "inspection", _("视察")
        MEETING = "meeting", _("督办会")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    honour = models.ForeignKey(Honour, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("督办形式"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100)
    participants = models.CharField(_("参加人员"), max_length=300)
    summary = models.TextField(_("督办情况"))
    file = models.FileField(_("附件"), upload_to="proposals/supervision/%Y/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"


class HonourScore(models.Model):
    """One reviewer's score (0–100) of an excellent nomination; changed freely until the year's award."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    honour = models.ForeignKey(Honour, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("评分"), validators=[MaxValueValidator(100)])
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("优秀提案评分")
        verbose_name_plural = _("优秀提案评分")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["honour", "reviewer"], name="one_score_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.honour_id}: {self.score}"


class Drafter(models.Model):
    """A named main drafter (主笔) of a collective proposal: at most three, credited as lead authors."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="drafters")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    objects = scoped()

    class Meta:
        verbose_name = _("主笔")
        verbose_name_plural = _("主笔")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="unique_drafter")]

    def __str__(self) -> str:
        return str(self.member)


class Attachment(models.Model):
    """A file attached to a proposal (checked by content with the upload kit, served only to who may see it)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="proposals/%Y/")
    name = models.CharField(_("文件名"), max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("提案附件")
        verbose_name_plural = _("提案附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class FollowUp(models.Model):
    """A commitment of a B-class (or C-class) reply tracked to its date (跟踪落实), then looked at again (回头看)."""

    class Status(models.TextChoices):
        OPEN = "open", _("落实中")
        DONE = "done", _("已报落实")
        VERIFIED = "verified", _("回头看已核实")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follow_ups")
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="follow_ups")
    unit = models.ForeignKey(HandlingUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    commitment = models.CharField(_("承诺事项"), max_length=500)
    due_date = models.DateField(_("落实期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    progress = models.TextField(_("落实情况"), blank=True)
    review_note = models.CharField(_("回头看意见"), max_length=300, blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("跟踪落实事项")
        verbose_name_plural = _("跟踪落实事项")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["committee", "status", "due_date"])]

    def __str__(self) -> str:
        return self.commitment


class Speech(models.Model):
    """A plenary speech (大会发言): a member submits it for a session; the office selects it for oral delivery
    (口头发言) or for written circulation (书面发言, printed), or does not use it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        ORAL = "oral", _("口头发言")
        WRITTEN = "written", _("书面发言")
        NOT_SELECTED = "not_selected", _("未采用")
        WITHDRAWN = "withdrawn", _("已撤回")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, verbose_name=_("大会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, verbose_name=_("发言人"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("题目"), max_length=TITLE_MAX)
    content = models.TextField(_("发言稿"))
    status = models.CharField(_("状态"), max_length=14, choices=Status.choices, default=Status.SUBMITTED)
    decision_note = models.CharField(_("说明"), max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("大会发言")
        verbose_name_plural = _("大会发言")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["committee", "session", "status"])]

    def __str__(self) -> str:
        return self.title


class SpeechEvent(WorkflowEvent):
    speech = models.ForeignKey(Speech, on_delete=models.CASCADE, related_name="events")

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        pass
