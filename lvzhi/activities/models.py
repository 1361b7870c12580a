"""Activities and meetings (DOMAIN.md §3.1): the activity, its list, leave, check-in and timeline."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from lvzhi.core.memo import memo_active, memoized, scope_key
from lvzhi.core.models import Committee
from lvzhi.core.scoping import scoped
from lvzhi.core.workflow import WorkflowEvent
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import (
    SERVING_STATUSES,
    Gender,
    GroupSeat,
    Member,
    Membership,
    Position,
    RegionalGroup,
    Sector,
    SectorGroup,
    SpecialCommittee,
    SpecialCommitteeSeat,
    Station,
    Term,
)

# 职务 an audience may be narrowed to: the dated positions, plus the sector-group seat roles of the same name.
AUDIENCE_POSITIONS = [
    (value, label)
    for value, label in Position.Title.choices
    if value not in (Position.Title.CHAIR, Position.Title.OTHER)
]


class ActivityQuerySet(models.QuerySet):
    def open_to(self, member: Member) -> "ActivityQuerySet":
        """Published activities the member is invited to, signed up for, or may sign up for."""
        return self.exclude(status=Activity.Status.DRAFT).filter(open_to_q(member))


def open_to_q(member: Member) -> Q:
    """The member's audience filter, or signed up. In a read-only request it is resolved to the activities' ids
    once: the filter reads the member's memberships and 职务 and compiles about eight subqueries, which cost far
    more than running them, and a page asks several times (the home page's tiles, a list's count and its page,
    我的活动's two lists). Per committee scope, as the scope decides which activities the ids come from (reaching
    up widens it). Elsewhere (services, tasks) it stays a filter run lazily, reading the registrations as they are."""
    if not memo_active():
        return _open_to_filter(member)
    ids = memoized(
        ("open_to_ids", member.pk, scope_key()),
        lambda: list(Activity.objects.filter(_open_to_filter(member)).order_by().values_list("pk", flat=True)),
    )
    return Q(pk__in=ids)


def _open_to_filter(member: Member) -> Q:
    return audience_q(member) | Q(pk__in=Registration.objects.filter(member=member).values("activity_id"))


class FilingStatus(models.TextChoices):
    PENDING = "pending", _("待专委会审核")
    APPROVED = "approved", _("专委会已审核备案")
    RETURNED = "returned", _("专委会退回修改")


class Activity(models.Model):
    """A meeting or activity: invited (指定式) or published on the menu (菜单化履职) for members to sign up."""

    class Mode(models.TextChoices):
        INVITE = "invite", _("指定参加")
        MENU = "menu", _("菜单报名")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟")
        PUBLISHED = "published", _("已发布")
        REGISTRATION_CLOSED = "registration_closed", _("报名截止")
        LIST_CONFIRMED = "list_confirmed", _("名单确认")
        NOTIFIED = "notified", _("已通知")
        IN_PROGRESS = "in_progress", _("进行中")
        ENDED = "ended", _("已结束")
        ATTENDANCE_CONFIRMED = "attendance_confirmed", _("考勤确认")
        OUTCOME_RECORDED = "outcome_recorded", _("成果反馈")
        ARCHIVED = "archived", _("归档")
        CANCELLED = "cancelled", _("已取消")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("主题"), max_length=200)
    # Pinyin initials of the title ("cwhy" for 常委会议), kept by save(), for the global search.
    title_initials = models.CharField(max_length=200, blank=True, editable=False)
    kind = models.CharField(_("种类"), max_length=30, choices=ActivityKind.choices)
    mode = models.CharField(_("参加方式"), max_length=10, choices=Mode.choices, default=Mode.INVITE)
    content = models.TextField(_("内容"), blank=True)
    goal = models.TextField(_("目标"), blank=True)
    organiser_name = models.CharField(_("承办/牵头单位"), max_length=100, blank=True)
    organiser_special_committee = models.ForeignKey(
        SpecialCommittee, verbose_name=_("承办专委会"), null=True, blank=True, on_delete=models.SET_NULL
    )
    organiser_group = models.ForeignKey(
        SectorGroup, verbose_name=_("承办界别组"), null=True, blank=True, on_delete=models.SET_NULL
    )
    organiser_regional_group = models.ForeignKey(
        RegionalGroup, verbose_name=_("承办联络组"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organiser_station = models.ForeignKey(
        Station, verbose_name=_("承办委员工作站点"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counterpart_department = models.CharField(_("对口政府部门"), max_length=100, blank=True)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    registration_closes_at = models.DateTimeField(_("报名截止"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("名额上限"), null=True, blank=True, help_text=_("留空为不限"))
    min_participants = models.PositiveIntegerField(_("名额下限"), null=True, blank=True)
    # 面向范围: everyone serving in the term, or the union of the sectors, groups, committees and members named.
    audience_all = models.BooleanField(_("面向全体委员"), default=False)
    audience_sectors = models.ManyToManyField(Sector, verbose_name=_("面向界别"), blank=True, related_name="+")
    audience_groups = models.ManyToManyField(SectorGroup, verbose_name=_("面向界别组"), blank=True, related_name="+")
    audience_special_committees = models.ManyToManyField(
        SpecialCommittee, verbose_name=_("面向专委会"), blank=True, related_name="+"
    )
    audience_members = models.ManyToManyField(Member, verbose_name=_("面向委员"), blank=True, related_name="+")
    audience_regional_groups = models.ManyToManyField(
        RegionalGroup, verbose_name=_("面向联络组"), blank=True, related_name="+"
    )
    audience_stations = models.ManyToManyField(
        Station, verbose_name=_("面向委员工作站点"), blank=True, related_name="+"
    )
    # 跨层级: every serving member of these lower committees (their current term), narrowed by the filters below.
    audience_committees = models.ManyToManyField(
        Committee, verbose_name=_("面向下级政协委员"), blank=True, related_name="+"
    )
    # Filters narrow the units above (never the members named outright): 女委员专项视察, 新任委员培训, 召集人会议.
    audience_gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices, blank=True)
    audience_new_only = models.BooleanField(_("仅本届新任委员"), default=False)
    # ",convenor,liaison,": wrapped in commas so "holds one of these" is a portable LIKE on every database.
    audience_positions = models.CharField(_("职务"), max_length=300, blank=True)
    # 事前报专委会审核备案: set when the committee requires it for a sector group's activity (ActivitySettings).
    filing_status = models.CharField(_("报备审核"), max_length=10, choices=FilingStatus.choices, blank=True)
    checkin_opens_before = models.PositiveSmallIntegerField(_("提前开放签到（分钟）"), default=60)
    checkin_closes_after = models.PositiveSmallIntegerField(_("结束后仍可签到（分钟）"), default=0)
    late_after = models.PositiveSmallIntegerField(_("开始后多少分钟算迟到"), default=15)
    recorded_afterwards = models.BooleanField(_("补录"), default=False)
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    minutes = models.TextField(_("纪要"), blank=True)
    outcome = models.TextField(_("成果"), blank=True)
    suggestions_count = models.PositiveIntegerField(_("形成建议数"), default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The organisers' watch (services/watch.py): warned once per deadline, reminded at most once a day.
    undersize_warned_at = models.DateTimeField(null=True, blank=True)
    close_reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped(ActivityQuerySet)

    class Meta:
        verbose_name = _("会议活动")
        verbose_name_plural = _("会议活动")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["committee", "starts_at"]), models.Index(fields=["committee", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="activity_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "title" in update_fields:
            initials = lazy_pinyin(self.title, style=Style.FIRST_LETTER, errors="ignore")
            self.title_initials = "".join(initials).lower()[:200]
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "title_initials"}
        super().save(*args, **kwargs)

    @property
    def organiser_body(self) -> SpecialCommittee | SectorGroup | RegionalGroup | Station | None:
        """The body the activity is organised in the name of, if one is named."""
        return (
            self.organiser_special_committee
            or self.organiser_group
            or self.organiser_regional_group
            or self.organiser_station
        )

    @property
    def position_list(self) -> list[str]:
        return [p for p in self.audience_positions.split(",") if p]

    @property
    def audience_filtered(self) -> bool:
        return bool(self.audience_gender or self.audience_new_only or self.audience_positions)


class Registration(models.Model):
    """A member on an activity's list: invited (指定式) or signed up (菜单化), with the attendance closed on it."""

    class Status(models.TextChoices):
        INVITED = "invited", _("已邀请")
        CONFIRMED = "confirmed", _("确认参加")
        WAITLISTED = "waitlisted", _("候补")
        CANCELLED = "cancelled", _("已取消")
        REASSIGNED = "reassigned", _("已调剂")

    class Source(models.TextChoices):
        INVITED = "invited", _("邀请")
        SIGNED_UP = "signed_up", _("报名")

    class Attendance(models.TextChoices):
        """Values equal the ledger's role codes (core.taxonomy.DutyRole)."""

        PRESENT = "present", _("出席")
        LATE = "late", _("迟到")
        LEFT_EARLY = "left_early", _("早退")
        EXCUSED = "excused", _("请假")
        ABSENT = "absent", _("缺席")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    # Waiting-list order: set when waitlisted, never reused, so the queue is "ORDER BY position".
    position = models.PositiveIntegerField(_("候补序号"), null=True, blank=True)
    attendance = models.CharField(_("考勤"), max_length=12, choices=Attendance.choices, blank=True)
    attendance_note = models.CharField(_("考勤说明"), max_length=200, blank=True)
    # Staff set attendance by hand (补录, corrections); it then wins over check-in and leave at closing.
    attendance_by_staff = models.BooleanField(default=False)
    reassigned_to = models.ForeignKey(
        Activity, verbose_name=_("调剂至"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("参加人员")
        verbose_name_plural = _("参加人员")
        ordering = ["id"]
        indexes = [models.Index(fields=["activity", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="one_registration_per_member"),
            models.UniqueConstraint(
                fields=["activity", "position"], condition=Q(position__isnull=False), name="unique_waitlist_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"


class LeaveRequest(models.Model):
    """请假: asked before the start with a type and reason, decided by the approver the routing names."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("公务")
        HIGHER_MEETING = "higher_meeting", _("参加上级会议")
        ABROAD = "abroad", _("因公出国（境）")
        SICK = "sick", _("病假")
        PERSONAL = "personal", _("事假")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("未同意")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Route(models.TextChoices):
        LEADER = "leader", _("主席/秘书长")
        SPECIAL_COMMITTEE = "special_committee", _("专委会负责人")
        OFFICE = "office", _("组织部门")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="leave_requests")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="leave_requests")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="leave_requests")
    kind = models.CharField(_("请假类型"), max_length=20, choices=Kind.choices, default=Kind.PERSONAL)
    reason = models.TextField(_("请假事由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    route = models.CharField(_("审批人"), max_length=20, choices=Route.choices)
    route_special_committee = models.ForeignKey(
        SpecialCommittee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_live_leave_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.get_status_display()}"


class CheckIn(models.Model):
    """签到: at most one per member and activity, however many times the code is scanned."""

    class Method(models.TextChoices):
        VENUE_CODE = "venue_code", _("扫会场码")
        MEMBER_CODE = "member_code", _("扫委员码")
        MANUAL = "manual", _("人工签到")

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        LATE = "late", _("迟到")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="checkins")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="checkins")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="checkins")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    method = models.CharField(_("方式"), max_length=12, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("签到时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = scoped()

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["checked_in_at", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="one_checkin_per_member")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"


class ActivityEvent(WorkflowEvent):
    """The activity's visible timeline and audit trail: who moved it, when, from which status to which."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, choices=Activity.Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Activity.Status.choices, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = scoped()

    class Meta(WorkflowEvent.Meta):
        pass


class ActivityFile(models.Model):
    """Outcome material attached to an activity: minutes, reports, speeches, photos."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("纪要")
        REPORT = "report", _("报告")
        SPEECH = "speech", _("发言稿")
        PHOTO = "photo", _("照片")
        OTHER = "other", _("其他")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("文件"), upload_to="activities/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("活动材料")
        verbose_name_plural = _("活动材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


def held_titles(memberships: Any) -> set[str]:
    """The 职务 codes the memberships hold now: open dated positions, sector-group seat roles and regional-group
    roles (the same codes: 召集人, 联络员)."""
    positions = (
        Position.objects.filter(membership__in=memberships, ended_on__isnull=True).order_by().values_list("title")
    )
    seats = GroupSeat.objects.filter(membership__in=memberships).order_by().values_list("role")
    regional = Membership.objects.filter(pk__in=memberships).order_by().values_list("regional_group_role")
    return {title for (title,) in positions.union(seats, regional)} - {GroupSeat.Role.MEMBER, ""}


def audience_q(member: Member) -> Q:
    """Activities whose audience (面向范围) includes the member, as subqueries so no row repeats: a unit the
    member is in (or their committee, for a higher committee's activity) passing the filters, or named outright."""
    serving = Membership.objects.filter(member=member, status__in=SERVING_STATUSES)
    facts = list(
        serving.values_list("pk", "term_id", "appointment", "term__is_current", "regional_group_id", "station_id")
    )
    ids = [f[0] for f in facts]
    through = Activity.audience_committees.through.objects
    units = (
        Q(audience_all=True, term__in=[f[1] for f in facts])
        | Q(
            pk__in=Activity.audience_sectors.through.objects.filter(sector__in=serving.values("sector_id")).values(
                "activity_id"
            )
        )
        | Q(
            pk__in=Activity.audience_groups.through.objects.filter(
                sectorgroup__in=GroupSeat.objects.filter(membership__in=ids).values("group_id")
            ).values("activity_id")
        )
        | Q(
            pk__in=Activity.audience_special_committees.through.objects.filter(
                specialcommittee__in=SpecialCommitteeSeat.objects.filter(membership__in=ids).values(
                    "special_committee_id"
                )
            ).values("activity_id")
        )
        | Q(
            pk__in=Activity.audience_regional_groups.through.objects.filter(
                regionalgroup__in=[f[4] for f in facts if f[4]]
            ).values("activity_id")
        )
        | Q(
            pk__in=Activity.audience_stations.through.objects.filter(station__in=[f[5] for f in facts if f[5]]).values(
                "activity_id"
            )
        )
    )
    if any(f[3] for f in facts):
        units |= Q(pk__in=through.filter(committee_id=member.committee_id).values("activity_id"))
    new = Q(audience_new_only=False) | Q(term__in=[f[1] for f in facts if f[2] == Membership.Appointment.NEW])
    if any(f[2] == Membership.Appointment.NEW and f[3] for f in facts):
        new |= ~Q(committee_id=member.committee_id)  # a higher committee's activity: new in the member's own term
    positions = Q(audience_positions="")
    for title in held_titles(ids):
        positions |= Q(audience_positions__contains=f",{title},")
    gender = Q(audience_gender="") | Q(audience_gender=member.gender)
    named = Q(pk__in=Activity.audience_members.through.objects.filter(member=member).values("activity_id"))
    return (units & new & positions & gender) | named


class SavedAudience(models.Model):
    """常用范围: a named audience the office reuses; choosing it copies its definition onto the activity, so
    editing or deleting it later changes no activity already set."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=60)
    # The services.Audience fields as JSON (ids and filter values), checked again whenever it is applied.
    definition = models.JSONField(_("范围"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("常用范围")
        verbose_name_plural = _("常用范围")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="unique_saved_audience_name")]

    def __str__(self) -> str:
        return self.name


class ActivitySettings(models.Model):
    """The committee's activity rules; a committee without a row uses the defaults (no prior filing)."""

    committee = models.OneToOneField(Committee, on_delete=models.CASCADE, related_name="+")
    group_filing_required = models.BooleanField(
        _("界别活动组的活动和年度清单任务须经所属专委会审核备案"),
        default=False,
        help_text=_("济宁做法：界别活动组的活动方案事前报对口专委会审核备案"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("活动规则")
        verbose_name_plural = _("活动规则")

    def __str__(self) -> str:
        return str(_("活动规则"))
