"""Public mailboxes (界别e联网 / 社情民意征集箱) and their letters (DOMAIN.md §3.4)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Committee
from lvzhi.core.scoping import scoped
from lvzhi.core.workflow import WorkflowEvent
from lvzhi.org.models import HandlingUnit, Member, SectorGroup, Station


def mailbox_key() -> str:
    return secrets.token_urlsafe(9)


def letter_token() -> str:
    return secrets.token_urlsafe(24)


class Mailbox(models.Model):
    """A public mailbox of a member, a station or a sector group; its key is the public, printable address."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("委员信箱")
        STATION = "station", _("站点征集箱")
        GROUP = "group", _("界别信箱")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    member = models.OneToOneField(Member, null=True, blank=True, on_delete=models.CASCADE, related_name="mailbox")
    station = models.OneToOneField(Station, null=True, blank=True, on_delete=models.CASCADE, related_name="mailbox")
    group = models.OneToOneField(SectorGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="mailbox")
    key = models.CharField(max_length=20, unique=True, default=mailbox_key)
    is_open = models.BooleanField(_("接收来信"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="member", member__isnull=False, station__isnull=True, group__isnull=True)
                    | Q(kind="station", member__isnull=True, station__isnull=False, group__isnull=True)
                    | Q(kind="group", member__isnull=True, station__isnull=True, group__isnull=False)
                ),
                name="mailbox_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_name}{self.get_kind_display()}"

    @property
    def owner(self) -> Member | Station | SectorGroup:
        return self.member or self.station or self.group

    @property
    def owner_name(self) -> str:
        return str(self.owner)


class Letter(models.Model):
    """A citizen's letter: written without an account, read through a private link, answered within deadlines."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待分拣")
        ASSIGNED = "assigned", _("委员阅处")
        FORWARDED = "forwarded", _("转办中")
        HANDLED = "handled", _("单位已办理")
        ANSWERED = "answered", _("已回复")
        RATED = "rated", _("已评价")
        ARCHIVED = "archived", _("已归档")
        CLOSED = "closed", _("不予受理")

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("意见建议")
        HELP = "help", _("求助")
        QUESTION = "question", _("咨询")
        COMPLAINT = "complaint", _("投诉反映")
        OTHER = "other", _("其他")

    class Rating(models.IntegerChoices):
        SATISFIED = 3, _("满意")
        BASICALLY = 2, _("基本满意")
        UNSATISFIED = 1, _("不满意")

    class LeadKind(models.TextChoices):
        OPINION = "opinion", _("社情民意线索")
        PROPOSAL = "proposal", _("提案线索")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="letters")
    token = models.CharField(max_length=40, unique=True, default=letter_token)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.SUGGESTION)
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    writer_name = models.CharField(_("称呼"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    is_public = models.BooleanField(_("同意公开"), default=False)
    attachment = models.FileField(_("附件"), upload_to="letters/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=120, blank=True)
    # For refusing repeats from one address without storing the address itself.
    sender_hash = models.CharField(max_length=64, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    assignee = models.ForeignKey(
        Member, verbose_name=_("阅处委员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="letters"
    )
    handling_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("办理单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_response_due = models.DateField(_("首次响应期限"))
    final_due = models.DateField(_("办结期限"))
    first_responded_at = models.DateTimeField(_("首次响应时间"), null=True, blank=True)
    unit_reply = models.TextField(_("办理结果"), blank=True)
    unit_replied_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="answered_letters"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("评价"), choices=Rating.choices, null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    close_note = models.CharField(_("不予受理说明"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    # A lead for a 社情民意 report or a proposal: where it went, by type and id (those apps are not imported).
    lead_kind = models.CharField(_("转为线索"), max_length=12, choices=LeadKind.choices, blank=True)
    lead_source_type = models.CharField(max_length=60, blank=True)
    lead_source_id = models.PositiveIntegerField(null=True, blank=True)
    lead_note = models.CharField(_("线索说明"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("群众来信")
        verbose_name_plural = _("群众来信")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["committee", "status", "first_response_due"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


OPEN_STATUSES = frozenset(
    {Letter.Status.SUBMITTED, Letter.Status.ASSIGNED, Letter.Status.FORWARDED, Letter.Status.HANDLED}
)


class LetterEvent(WorkflowEvent):
    """The letter's timeline: who sorted, forwarded, answered, and when."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, choices=Letter.Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Letter.Status.choices, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        pass


class StandingContact(models.Model):
    """One of the people of a member's sector the member keeps in touch with (≥3, each once a quarter; §3.4)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="standing_contacts")
    name = models.CharField(_("姓名"), max_length=30)
    occupation = models.CharField(_("界别/职业"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    is_active = models.BooleanField(_("保持联系"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("联系群众")
        verbose_name_plural = _("联系群众")
        ordering = ["-is_active", "id"]

    def __str__(self) -> str:
        return self.name


class ContactLog(models.Model):
    """One contact with the masses, on the feedback form's fields (DOMAIN.md §3.4)."""

    class Mode(models.TextChoices):
        VISIT = "visit", _("走访")
        MEETING = "meeting", _("座谈")
        PHONE = "phone", _("电话")
        ONLINE = "online", _("线上")

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("当场解答")
        FORWARDED = "forwarded", _("转交有关部门")
        OPINION_LEAD = "opinion_lead", _("形成社情民意线索")
        PROPOSAL_LEAD = "proposal_lead", _("形成提案线索")
        NOTED = "noted", _("了解情况")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contact_logs")
    contact = models.ForeignKey(StandingContact, on_delete=models.PROTECT, related_name="logs")
    date = models.DateField(_("日期"))
    mode = models.CharField(_("方式"), max_length=10, choices=Mode.choices)
    topics = models.CharField(_("交流主题"), max_length=200)
    issues = models.TextField(_("反映的问题"), blank=True)
    outcome = models.CharField(_("办理情况"), max_length=16, choices=Outcome.choices, default=Outcome.NOTED)
    outcome_note = models.CharField(_("办理说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["member", "date"])]

    def __str__(self) -> str:
        return f"{self.contact} {self.date}"


class LinkAssignment(models.Model):
    """双联系: who contacts whom in a year, with a yearly target (DOMAIN.md §3.5)."""

    class Kind(models.TextChoices):
        CHAIR_STANDING = "chair_standing", _("主席会议成员联系常委")
        STANDING_MEMBER = "standing_member", _("常委联系委员")
        PARTY_NON_PARTY = "party_non_party", _("党员委员联系党外委员")
        LEADER_MEMBER = "leader_member", _("领导联系委员")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    leader = models.ForeignKey(Member, verbose_name=_("联系人"), on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, verbose_name=_("被联系委员"), on_delete=models.CASCADE, related_name="+")
    target = models.PositiveSmallIntegerField(_("年度联系次数目标"), default=2)

    objects = scoped()

    class Meta:
        verbose_name = _("双联系")
        verbose_name_plural = _("双联系")
        ordering = ["year", "leader_id", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "leader", "member"], name="unique_link_per_year")]

    def __str__(self) -> str:
        return f"{self.leader} → {self.member}"


class Visit(models.Model):
    """A visit or talk with a member (走访、谈心谈话): form, topics, the member's requests and the follow-up."""

    class Form(models.TextChoices):
        VISIT = "visit", _("走访")
        TALK = "talk", _("谈心谈话")
        MEETING = "meeting", _("座谈")
        PHONE = "phone", _("电话")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    visitor = models.ForeignKey(Member, verbose_name=_("走访人"), on_delete=models.PROTECT, related_name="+")
    visited = models.ForeignKey(Member, verbose_name=_("被走访委员"), on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(_("日期"))
    form = models.CharField(_("形式"), max_length=10, choices=Form.choices)
    topics = models.CharField(_("交流内容"), max_length=200)
    requests = models.TextField(_("委员诉求"), blank=True)
    follow_up = models.TextField(_("跟进落实"), blank=True)
    follow_up_done = models.BooleanField(_("已落实"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("走访谈心")
        verbose_name_plural = _("走访谈心")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.visitor} → {self.visited} {self.date}"


class Campaign(models.Model):
    """大走访: a campaign of household visits whose reported issues are tracked to an answer."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("大走访")
        verbose_name_plural = _("大走访")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Household(models.Model):
    """One household (or enterprise, village) visited in a campaign."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="households")
    date = models.DateField(_("走访日期"))
    name = models.CharField(_("走访对象"), max_length=100)
    visitors = models.CharField(_("走访人员"), max_length=200)
    note = models.CharField(_("情况"), max_length=300, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("走访户")
        verbose_name_plural = _("走访户")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignIssue(models.Model):
    """An issue a household raised, reported on and tracked until it is answered."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="issues")
    description = models.TextField(_("反映的问题"))
    handling_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("交办单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("办理答复"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("走访问题")
        verbose_name_plural = _("走访问题")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:30]


class StationArea(models.Model):
    """The township or street (乡镇/街道) a station serves, so the office sees which areas have one."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    station = models.OneToOneField(Station, on_delete=models.CASCADE, related_name="area_served")
    area = models.CharField(_("服务乡镇（街道）"), max_length=60)

    objects = scoped()

    class Meta:
        verbose_name = _("站点服务片区")
        verbose_name_plural = _("站点服务片区")

    def __str__(self) -> str:
        return self.area


class Reception(models.Model):
    """委员接待室: one visitor received at a station, what they raised and what was done."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("当场解答")
        LETTER = "letter", _("转为来信办理")
        FORWARDED = "forwarded", _("转交有关部门")
        NOTED = "noted", _("记录在案")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="receptions")
    date = models.DateField(_("接待日期"))
    member = models.ForeignKey(
        Member, verbose_name=_("接待委员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visitor = models.CharField(_("来访人"), max_length=60)
    matter = models.TextField(_("反映事项"))
    outcome = models.CharField(_("处理情况"), max_length=12, choices=Outcome.choices, default=Outcome.NOTED)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("来访接待")
        verbose_name_plural = _("来访接待")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.station} {self.date} {self.visitor}"
