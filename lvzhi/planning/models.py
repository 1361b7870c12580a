"""The office's year: the working-day calendar, recurring-date rules (DOMAIN.md §5) and the annual work plan (§3.1)."""

import datetime
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.models import Activity, FilingStatus
from lvzhi.core.models import Committee
from lvzhi.core.scoping import scoped
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Member, SectorGroup, SpecialCommittee
from lvzhi.planning.workcal import DEFAULT_WARNINGS, FRIDAY, Shift, WarningRules


class CalendarYear(models.Model):
    """Marks a year whose holiday rows the committee owns: until then the State Council's schedule applies as is."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="unique_calendar_year")]

    def __str__(self) -> str:
        return str(self.year)


class Holiday(models.Model):
    """A statutory holiday (non-working) or a weekend make-up working day (调休上班), editable by staff."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("日期"))
    name = models.CharField(_("名称"), max_length=30, blank=True)
    is_makeup_workday = models.BooleanField(_("调休上班"), default=False)

    objects = scoped()

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["committee", "date"], name="unique_holiday_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


WEEKDAYS = [(0, _("星期一")), (1, _("星期二")), (2, _("星期三")), (3, _("星期四")), (4, _("星期五"))]
WEEKDAYS += [(5, _("星期六")), (6, _("星期日"))]


def parse_months(text: str) -> tuple[int, ...]:
    """ "2、4,6，8" → (2, 4, 6, 8); raises ValueError on anything that is not a month."""
    parts = [p for p in re.split(r"[、,，\s]+", text.strip()) if p]
    months = tuple(sorted({int(p) for p in parts}))
    if any(not 1 <= m <= 12 for m in months):
        raise ValueError(text)
    return months


def validate_months(text: str) -> None:
    try:
        parse_months(text)
    except ValueError:
        raise ValidationError(_("请填写 1 至 12 的月份，用顿号或逗号分隔")) from None


class CalendarRule(models.Model):
    """A recurring date the office keeps (DOMAIN.md §5), with its shift policy and the draft it plans."""

    class Kind(models.TextChoices):
        ACTIVITY_DAY = "activity_day", _("委员活动日")
        STUDY_DAY = "study_day", _("界别学习日")
        LECTURE = "lecture", _("政协大讲堂")
        SECTOR_MONTH = "sector_month", _("界别活动月")
        PROPOSAL_MONTH = "proposal_month", _("提案撰写月")

    class ShiftPolicy(models.TextChoices):
        PREVIOUS = Shift.PREVIOUS.value, _("提前到前一个工作日")
        NEXT = Shift.NEXT.value, _("顺延到下一个工作日")
        NONE = Shift.NONE.value, _("不调整")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("规则"), max_length=20, choices=Kind.choices)
    enabled = models.BooleanField(_("启用"), default=True)
    shift = models.CharField(_("遇节假日"), max_length=10, choices=ShiftPolicy.choices, default=ShiftPolicy.NEXT)
    day = models.PositiveSmallIntegerField(
        _("几号"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("界别学习日、政协大讲堂：安排在当月几号"),
    )
    months = models.CharField(
        _("月份"),
        max_length=40,
        blank=True,
        validators=[validate_months],
        help_text=_("委员活动日、界别活动月：在哪几个月，用顿号或逗号分隔，如 2、4、6、8、10、12"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("星期几"), choices=WEEKDAYS, default=FRIDAY, help_text=_("委员活动日：每月最后一个星期几")
    )
    quarter_month = models.PositiveSmallIntegerField(
        _("季度第几个月"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("政协大讲堂：安排在每季度第几个月"),
    )
    months_before = models.PositiveSmallIntegerField(
        _("提前月数"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("提案撰写月：全体会议开幕前第几个月"),
    )
    per_group = models.BooleanField(_("每个界别活动组各生成一项"), default=False)
    activity_kind = models.CharField(_("活动种类"), max_length=30, choices=ActivityKind.choices)
    mode = models.CharField(_("参加方式"), max_length=10, choices=Activity.Mode.choices, default=Activity.Mode.MENU)
    title = models.CharField(_("活动标题"), max_length=200)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    starts_at = models.TimeField(_("开始时间"), default=datetime.time(9, 0))
    ends_at = models.TimeField(_("结束时间"), default=datetime.time(11, 30))
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("履职日历规则")
        verbose_name_plural = _("履职日历规则")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["committee", "kind"], name="unique_calendar_rule")]

    def __str__(self) -> str:
        return self.get_kind_display()


def _month_field(label: Any, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )


def _day_field(label: Any, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )


class WarningSettings(models.Model):
    """The committee's compliance rules (DOMAIN.md §5): by when each sector group must have held its
    界别协商会 and 界别活动, how many, and from which month of a quarter a missing 政协大讲堂 is flagged.
    The defaults are today's rules; a committee without a row uses them."""

    committee = models.OneToOneField(Committee, on_delete=models.CASCADE, related_name="+")
    consultation_month = _month_field(_("界别协商会截止月"), DEFAULT_WARNINGS.consultation_deadline[0])
    consultation_day = _day_field(_("界别协商会截止日"), DEFAULT_WARNINGS.consultation_deadline[1])
    consultation_min = models.PositiveSmallIntegerField(
        _("界别协商会至少次数"), default=DEFAULT_WARNINGS.consultation_min, validators=[MaxValueValidator(20)]
    )
    activity_month = _month_field(_("界别活动截止月"), DEFAULT_WARNINGS.activity_deadline[0])
    activity_day = _day_field(_("界别活动截止日"), DEFAULT_WARNINGS.activity_deadline[1])
    activity_min = models.PositiveSmallIntegerField(
        _("界别活动至少次数"), default=DEFAULT_WARNINGS.activity_min, validators=[MaxValueValidator(50)]
    )
    lecture_warning_month = models.PositiveSmallIntegerField(
        _("政协大讲堂提醒月"),
        default=DEFAULT_WARNINGS.lecture_warning_month,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("每季度第几个月起，本季度仍未安排政协大讲堂即提醒"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("履职提醒规则")
        verbose_name_plural = _("履职提醒规则")

    def __str__(self) -> str:
        return str(_("履职提醒规则"))

    def clean(self) -> None:
        errors = {}
        for month, day in (("consultation_month", "consultation_day"), ("activity_month", "activity_day")):
            try:
                datetime.date(2025, getattr(self, month), getattr(self, day))
            except (TypeError, ValueError):
                errors[day] = _("该月没有这一天")
        if errors:
            raise ValidationError(errors)

    def rules(self) -> WarningRules:
        return WarningRules(
            consultation_deadline=(self.consultation_month, self.consultation_day),
            consultation_min=self.consultation_min,
            activity_deadline=(self.activity_month, self.activity_day),
            activity_min=self.activity_min,
            lecture_warning_month=self.lecture_warning_month,
        )


class PlannedActivity(models.Model):
    """The draft a rule created for one of its dates: the key that keeps generation from planning a date twice.

    Keyed by the nominal date (before any holiday shift), so editing holidays or the shift policy later does
    not make the same occurrence look new.
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(CalendarRule, on_delete=models.CASCADE, related_name="planned")
    nominal_date = models.DateField(_("规则日期"))
    date = models.DateField(_("安排日期"))
    sector_group = models.ForeignKey(SectorGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    activity = models.OneToOneField(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="planned_slot"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

    class Meta:
        verbose_name = _("计划草稿")
        verbose_name_plural = _("计划草稿")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "nominal_date"], condition=Q(sector_group__isnull=True), name="unique_planned_date"
            ),
            models.UniqueConstraint(
                fields=["rule", "nominal_date", "sector_group"],
                condition=Q(sector_group__isnull=False),
                name="unique_planned_group_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.date:%Y-%m-%d}"


class PlanItem(models.Model):
    """An item of the annual work plan (年度履职清单), cascading 政协 → 专委会 → 界别组 → 委员 (三联动).

    Linked activities that have been held (attendance confirmed or later) complete it.
    """

    class Level(models.TextChoices):
        COMMITTEE = "committee", _("政协")
        SPECIAL_COMMITTEE = "special_committee", _("专委会")
        SECTOR_GROUP = "sector_group", _("界别活动组")
        MEMBER = "member", _("委员")

    class Type(models.TextChoices):
        THEME = "theme", _("主题活动")
        CONSULTATION = "consultation", _("专题协商")
        RESEARCH = "research", _("专题调研")
        INSPECTION = "inspection", _("视察")
        PUBLIC_SERVICE = "public_service", _("公益服务")
        STUDY = "study", _("学习培训")
        PROPOSAL = "proposal", _("提案")
        OPINION = "opinion", _("社情民意")
        SUPERVISION = "supervision", _("民主监督")
        OTHER = "other", _("其他")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    special_committee = models.ForeignKey(
        SpecialCommittee, verbose_name=_("专委会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector_group = models.ForeignKey(
        SectorGroup, verbose_name=_("界别活动组"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("委员"), null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级任务"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    title = models.CharField(_("任务"), max_length=200)
    item_type = models.CharField(_("类型"), max_length=20, choices=Type.choices, default=Type.THEME)
    month = models.PositiveSmallIntegerField(
        _("计划月份"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    target_count = models.PositiveSmallIntegerField(
        _("目标次数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    note = models.TextField(_("说明"), blank=True)
    activities = models.ManyToManyField(Activity, verbose_name=_("关联活动"), blank=True, related_name="plan_items")
    # 事前报备 of a sector group's item with its supervising special committee, where the committee requires it
    # (activities' ActivitySettings): "" not required, else pending → approved | returned (edited: pending again).
    filing_status = models.CharField(_("报备审核"), max_length=10, choices=FilingStatus.choices, blank=True)
    filing_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("年度清单任务")
        verbose_name_plural = _("年度清单任务")
        ordering = ["year", "month", "id"]
        indexes = [models.Index(fields=["committee", "year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> SpecialCommittee | SectorGroup | Member | None:
        return {
            self.Level.SPECIAL_COMMITTEE: self.special_committee,
            self.Level.SECTOR_GROUP: self.sector_group,
            self.Level.MEMBER: self.member,
        }.get(self.level)
