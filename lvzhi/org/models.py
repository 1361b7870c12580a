"""The organisation (DOMAIN.md §2): terms, sectors, special committees, groups, stations, members."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Committee, User
from lvzhi.core.scoping import scoped
from lvzhi.org.standards import Education, Ethnicity


class Term(models.Model):
    """届: a five-year term; all duty data is keyed by term and year."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(_("届次"))
    start_year = models.PositiveSmallIntegerField(_("起始年份"))
    end_year = models.PositiveSmallIntegerField(_("结束年份"))
    is_current = models.BooleanField(_("本届"), default=True)

    objects = scoped()

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="unique_term_number")]

    def __str__(self) -> str:
        return _("第%(n)s届（%(a)s—%(b)s）") % {"n": self.number, "a": self.start_year, "b": self.end_year}


class Session(models.Model):
    """次会议: the annual plenary of a term ("三届一次")."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("次"))
    year = models.PositiveSmallIntegerField(_("年度"))
    opens_on = models.DateField(_("开幕日期"), null=True, blank=True)
    closes_on = models.DateField(_("闭幕日期"), null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("次会议")
        verbose_name_plural = _("次会议")
        ordering = ["term", "number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="unique_session_number")]

    def __str__(self) -> str:
        return _("第%(t)s届第%(n)s次会议（%(y)s）") % {"t": self.term.number, "n": self.number, "y": self.year}


class Sector(models.Model):
    """界别: a per-term dictionary; a member belongs to exactly one sector per term."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField(_("代码"), max_length=20)
    name = models.CharField(_("名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = scoped()

    class Meta:
        verbose_name = _("界别")
        verbose_name_plural = _("界别")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "code"], name="unique_sector_code"),
            models.UniqueConstraint(fields=["term", "name"], name="unique_sector_name"),
        ]

    def __str__(self) -> str:
        return self.name


class SpecialCommittee(models.Model):
    """专门委员会."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = scoped()

    class Meta:
        verbose_name = _("专门委员会")
        verbose_name_plural = _("专门委员会")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="unique_special_committee")]

    def __str__(self) -> str:
        return self.name


class SectorGroup(models.Model):
    """界别活动组: may span several sectors; supervised by a special committee."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="sector_groups")
    name = models.CharField(_("名称"), max_length=60)
    sectors = models.ManyToManyField(Sector, verbose_name=_("所含界别"), blank=True, related_name="groups")
    special_committee = models.ForeignKey(
        SpecialCommittee, verbose_name=_("指导专委会"), null=True, blank=True, on_delete=models.SET_NULL
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = scoped()

    class Meta:
        verbose_name = _("界别活动组")
        verbose_name_plural = _("界别活动组")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="unique_sector_group")]

    def __str__(self) -> str:
        return self.name


class RegionalGroup(models.Model):
    """联络组 / 委员活动组 by area (镇街)."""

    class Kind(models.TextChoices):
        LIAISON = "liaison", _("联络组")
        ACTIVITY = "activity", _("委员活动组")
        WORK_COMMITTEE = "work_committee", _("政协工委")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="regional_groups")
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.LIAISON)
    area = models.CharField(_("片区"), max_length=60, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("联络组/活动组")
        verbose_name_plural = _("联络组/活动组")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class HandlingUnit(models.Model):
    """承办单位: a government department or other body that handles proposals, opinions and letters passed to it
    (DOMAIN.md §1.3). Its users hold the handling_unit role narrowed to it and see only what is assigned to it."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府部门")
        PARTY = "party", _("党委部门")
        COURT = "court", _("法院、检察院")
        ENTERPRISE = "enterprise", _("企事业单位")
        ORGANISATION = "organisation", _("人民团体")
        DISTRICT = "district", _("下级党委政府")
        OTHER = "other", _("其他")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    objects = scoped()

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="unique_handling_unit")]

    def __str__(self) -> str:
        return self.name


class StandardsChecklist(models.Model):
    """A configurable standards checklist for stations or groups, e.g. "八有" or "五有"."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=30)
    items = models.JSONField(_("条目"), default=list)

    objects = scoped()

    class Meta:
        verbose_name = _("建设标准")
        verbose_name_plural = _("建设标准")
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="unique_checklist")]

    def __str__(self) -> str:
        return self.name


class Station(models.Model):
    """联络站 / 委员工作室 / 委员之家 / 界别工作站."""

    class Kind(models.TextChoices):
        LIAISON_STATION = "liaison_station", _("委员联络站")
        STUDIO = "studio", _("委员工作室")
        HOME = "home", _("委员之家")
        SECTOR_STATION = "sector_station", _("界别工作站")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    host_unit = models.CharField(_("依托单位"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    checklist = models.ForeignKey(
        StandardsChecklist, verbose_name=_("建设标准"), null=True, blank=True, on_delete=models.SET_NULL
    )
    checklist_done = models.JSONField(_("已达标条目"), default=list, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("委员工作站点")
        verbose_name_plural = _("委员工作站点")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PoliticalAffiliation(models.TextChoices):
    """GB/T 4762 political-affiliation codes."""

    CPC = "01", _("中共党员")
    CPC_PROBATIONARY = "02", _("中共预备党员")
    CYL = "03", _("共青团员")
    RCCK = "04", _("民革党员")
    CDL = "05", _("民盟盟员")
    CNDCA = "06", _("民建会员")
    CAPD = "07", _("民进会员")
    CPWDP = "08", _("农工党党员")
    CZGP = "09", _("致公党党员")
    JS = "10", _("九三学社社员")
    TDSGL = "11", _("台盟盟员")
    NON_PARTY = "12", _("无党派人士")
    MASSES = "13", _("群众")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class MemberQuerySet(models.QuerySet):
    def search(self, q: str) -> "MemberQuerySet":
        q = q.strip()
        if not q:
            return self
        if q.isascii():
            return self.filter(Q(name_initials__startswith=q.lower()) | Q(name_pinyin__startswith=q.lower()))
        return self.filter(name__contains=q)


class Member(models.Model):
    """委员基本信息: identity, politics, work, contact and profile. Per-term data lives in Membership."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    # Identity
    name = models.CharField(_("姓名"), max_length=30)
    name_pinyin = models.CharField(_("拼音"), max_length=120, blank=True, db_index=True)
    name_initials = models.CharField(_("拼音首字母"), max_length=30, blank=True, db_index=True)
    gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, choices=Ethnicity.choices, default="汉族")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    native_place = models.CharField(_("籍贯"), max_length=50, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    photo = models.FileField(_("照片"), upload_to="members/", blank=True)
    # Political
    political_affiliation = models.CharField(
        _("政治面貌"), max_length=2, choices=PoliticalAffiliation.choices, default=PoliticalAffiliation.MASSES
    )
    party_joined_on = models.DateField(_("加入时间"), null=True, blank=True)
    party_position = models.CharField(_("党派内职务"), max_length=60, blank=True)
    # Education and work
    education = models.CharField(_("学历"), max_length=20, blank=True, choices=Education.choices)
    degree = models.CharField(_("学位"), max_length=20, blank=True)
    professional_title = models.CharField(_("专业技术职称"), max_length=40, blank=True)
    employer = models.CharField(_("工作单位"), max_length=100, blank=True)
    job_title = models.CharField(_("职务"), max_length=60, blank=True)
    employer_kind = models.CharField(_("单位性质"), max_length=30, blank=True)
    industry = models.CharField(_("行业"), max_length=30, blank=True)
    employer_address = models.CharField(_("单位地址"), max_length=200, blank=True)
    # Contact
    mobile = models.CharField(_("手机"), max_length=20, blank=True)
    office_phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    home_address = models.CharField(_("家庭地址"), max_length=200, blank=True)
    secretary = models.CharField(_("联系人（秘书）"), max_length=60, blank=True)
    wechat = models.CharField(_("微信"), max_length=40, blank=True)
    mobile_in_directory = models.BooleanField(_("通讯录显示手机"), default=False)
    # Profile
    expertise = models.TextField(_("专长领域"), blank=True)
    focus_areas = models.TextField(_("履职关注重点"), blank=True)
    social_positions = models.TextField(_("社会职务"), blank=True)
    honours = models.TextField(_("主要成就与荣誉"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped(MemberQuerySet)

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering = ["name_pinyin", "id"]
        indexes = [models.Index(fields=["committee", "name_pinyin"])]

    def __str__(self) -> str:
        return self.name

    def notification_contact(self) -> tuple[User | None, str, str]:
        """Where lvzhi.core.notify sends this member's messages: their login, else their own e-mail and mobile."""
        user = self.user
        email = self.email or (user.email if user else "")
        mobile = self.mobile or (user.mobile or "" if user else "")
        return user, email, mobile


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    ADDED = "added", _("增补")
    RESIGNED = "resigned", _("辞去")
    REMOVED = "removed", _("免去")
    REVOKED = "revoked", _("撤销资格")
    DECEASED = "deceased", _("逝世")


SERVING_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.ADDED)


class MembershipQuerySet(models.QuerySet):
    def serving(self) -> "MembershipQuerySet":
        return self.filter(status__in=SERVING_STATUSES)


class RegionalGroupRole(models.TextChoices):
    """Roles in a regional group; the codes match the sector-group seat roles, so one 职务 filter finds both."""

    CONVENOR = "convenor", _("召集人")
    DEPUTY_CONVENOR = "deputy_convenor", _("副召集人")
    LIAISON = "liaison", _("联络员")


class Membership(models.Model):
    """One member's tenure in one term: number, sector, standing flag, groups, station and status."""

    class Appointment(models.TextChoices):
        NEW = "new", _("新任")
        REAPPOINTED = "reappointed", _("连任")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="memberships")
    number = models.CharField(_("委员编号"), max_length=20, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("界别"), on_delete=models.PROTECT, related_name="memberships")
    is_standing_member = models.BooleanField(_("常委"), default=False)
    recommending_unit = models.CharField(_("推荐单位"), max_length=100, blank=True)
    appointment = models.CharField(_("新任/连任"), max_length=12, choices=Appointment.choices, default=Appointment.NEW)
    joined_on = models.DateField(_("任职日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE, db_index=True
    )
    status_effective_on = models.DateField(_("状态生效日期"), null=True, blank=True)
    status_decided_by = models.CharField(_("决定会议/文件"), max_length=100, blank=True)
    regional_group = models.ForeignKey(
        RegionalGroup,
        verbose_name=_("联络组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    # The member's seat in the regional group (召集人, 联络员), as sector-group seats have; blank: an ordinary member.
    regional_group_role = models.CharField(
        _("联络组职务"), max_length=20, choices=RegionalGroupRole.choices, blank=True
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("委员工作室/联络站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    concurrent_posts = models.CharField(_("兼任（人大代表、上级政协委员）"), max_length=100, blank=True)
    special_committees = models.ManyToManyField(
        SpecialCommittee, through="SpecialCommitteeSeat", related_name="memberships", blank=True
    )
    sector_groups = models.ManyToManyField(SectorGroup, through="GroupSeat", related_name="memberships", blank=True)

    objects = scoped(MembershipQuerySet)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["member", "term"], name="unique_membership_per_term"),
            models.UniqueConstraint(fields=["term", "number"], condition=~Q(number=""), name="unique_member_number"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.term}"

    def clean(self) -> None:
        if self.regional_group_role and self.regional_group_id is None:
            raise ValidationError({"regional_group_role": _("请先选择联络组")})

    @property
    def is_serving(self) -> bool:
        return self.status in SERVING_STATUSES


class Position(models.Model):
    """职务: dated, per term, with the deciding meeting."""

    class Title(models.TextChoices):
        CHAIR = "chair", _("主席")
        VICE_CHAIR = "vice_chair", _("副主席")
        SECRETARY_GENERAL = "secretary_general", _("秘书长")
        DEPUTY_SECRETARY_GENERAL = "deputy_secretary_general", _("副秘书长")
        STANDING_MEMBER = "standing_member", _("常委")
        CONVENOR = "convenor", _("界别召集人")
        DEPUTY_CONVENOR = "deputy_convenor", _("界别副召集人")
        GROUP_LEADER = "group_leader", _("活动组组长")
        LIAISON = "liaison", _("联络员")
        INFORMATION_OFFICER = "information_officer", _("信息员")
        STATION_HEAD = "station_head", _("工作室负责人")
        OTHER = "other", _("其他")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("职务"), max_length=30, choices=Title.choices)
    note = models.CharField(_("说明"), max_length=60, blank=True)
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("免职日期"), null=True, blank=True)
    decided_by = models.CharField(_("决定会议/文件"), max_length=100, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return self.get_title_display()


class SpecialCommitteeSeat(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", _("主任")
        DEPUTY_DIRECTOR = "deputy_director", _("副主任")
        MEMBER = "member", _("委员")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="special_committee_seats")
    special_committee = models.ForeignKey(SpecialCommittee, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(_("职务"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    objects = scoped()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "special_committee"], name="unique_special_committee_seat")
        ]

    def __str__(self) -> str:
        return f"{self.special_committee} {self.get_role_display()}"


class GroupSeat(models.Model):
    class Role(models.TextChoices):
        CONVENOR = "convenor", _("召集人")
        DEPUTY_CONVENOR = "deputy_convenor", _("副召集人")
        LIAISON = "liaison", _("联络员")
        MEMBER = "member", _("成员")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="group_seats")
    group = models.ForeignKey(SectorGroup, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(_("职务"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    objects = scoped()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "group"], name="unique_group_seat")]

    def __str__(self) -> str:
        return f"{self.group} {self.get_role_display()}"


class StatusChange(models.Model):
    """A member lifecycle step (§3.9): 增补, 辞去, 免去, 撤销资格, 逝世, with date and deciding meeting."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=MembershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=MembershipStatus.choices)
    effective_on = models.DateField(_("生效日期"))
    decided_by = models.CharField(_("决定会议/文件"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class StationDuty(models.Model):
    """A station's duty rota: who receives visitors on which weekday (清新: a member every Wednesday)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="rota")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=[(i, d) for i, d in enumerate("一二三四五六日")])
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="station_duties")
    note = models.CharField(_("说明"), max_length=100, blank=True)

    objects = scoped()

    class Meta:
        ordering = ["weekday", "id"]

    def __str__(self) -> str:
        return f"{self.station} {self.get_weekday_display()}"


class DirectoryExport(models.Model):
    """A directory export made in the background (a 5,000-row workbook takes seconds): who asked, with which
    filters, how far it has got, and the file once written. Only the staff member who asked may download it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    done = models.PositiveIntegerField(_("已写行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/", blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("通讯录导出")
        verbose_name_plural = _("通讯录导出")

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


class MemberImport(models.Model):
    """A confirmed member import written in the background: who started it, how far the worker has read the file,
    and what it wrote. The file was checked when uploaded; the worker checks it again under the term's lock and
    writes every row in one transaction or none, so an import that meets a changed registry ends "invalid"."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        CHECKING = "checking", _("检查中")
        WRITING = "writing", _("写入中")
        DONE = "done", _("已完成")
        INVALID = "invalid", _("有问题，未导入")
        FAILED = "failed", _("失败")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to="member-imports/", blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("数据行"), default=0)
    done = models.PositiveIntegerField(_("已检查行"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    errors = models.JSONField(_("问题"), default=list, blank=True)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scoped()

    class Meta:
        verbose_name = _("委员导入")
        verbose_name_plural = _("委员导入")

    def __str__(self) -> str:
        return self.filename

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.WRITING)

    @property
    def unchanged(self) -> int:
        return max(0, self.total - self.created - self.updated)

    @property
    def percent(self) -> int:
        """Reading and checking the rows is shown up to 90 %; the write is one transaction, so the rest of the
        bar waits for it whole (its progress cannot be seen from outside before it commits)."""
        if self.status in (self.Status.DONE, self.Status.INVALID, self.Status.FAILED):
            return 100
        if self.status == self.Status.WRITING:
            return 90
        return min(90, self.done * 90 // self.total) if self.total else 0
