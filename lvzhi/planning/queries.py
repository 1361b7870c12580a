"""Reads of the office's calendar: the working days, each rule's dates for a year, and compliance warnings.

Until staff edit a year's holidays, the State Council schedule in workcal.SCHEDULES applies as is, and
until they edit a rule, its defaults apply: reading the calendar never writes (services seed on first edit).
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity
from lvzhi.core.models import Committee
from lvzhi.core.years import year_bounds
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import SectorGroup, Session, Term
from lvzhi.planning import workcal
from lvzhi.planning.models import (
    CalendarRule,
    CalendarYear,
    Holiday,
    PlannedActivity,
    WarningSettings,
    parse_months,
)

Kind = CalendarRule.Kind

RULE_DEFAULTS: dict[str, dict[str, Any]] = {
    Kind.ACTIVITY_DAY: {
        "shift": workcal.Shift.PREVIOUS,
        "activity_kind": ActivityKind.ACTIVITY_DAY,
        "title": workcal.ACTIVITY_DAY_TITLE,
        "mode": Activity.Mode.MENU,
        "months": "、".join(str(m) for m in workcal.ACTIVITY_DAY_MONTHS),
        "weekday": workcal.FRIDAY,
    },
    Kind.STUDY_DAY: {
        "shift": workcal.Shift.NEXT,
        "activity_kind": ActivityKind.STUDY,
        "title": workcal.STUDY_DAY_TITLE,
        "mode": Activity.Mode.INVITE,
        "day": workcal.STUDY_DAY,
    },
    Kind.LECTURE: {
        "shift": workcal.Shift.NEXT,
        "activity_kind": ActivityKind.LECTURE,
        "title": workcal.LECTURE_TITLE,
        "mode": Activity.Mode.MENU,
    },
    Kind.SECTOR_MONTH: {
        "shift": workcal.Shift.NEXT,
        "activity_kind": ActivityKind.SECTOR_ACTIVITY,
        "title": workcal.SECTOR_MONTH_TITLE,
        "mode": Activity.Mode.INVITE,
        "per_group": True,
        "months": "、".join(str(m) for m in workcal.SECTOR_MONTHS),
    },
    Kind.PROPOSAL_MONTH: {
        "shift": workcal.Shift.NEXT,
        "activity_kind": ActivityKind.RESEARCH,
        "title": workcal.PROPOSAL_MONTH_TITLE,
        "mode": Activity.Mode.MENU,
    },
}
# Activities that count as held or scheduled for the compliance rules: anything published and not called off.
NOT_SCHEDULED = (Activity.Status.DRAFT, Activity.Status.CANCELLED)


def default_rule(committee: Committee, kind: str) -> CalendarRule:
    values = dict(RULE_DEFAULTS[kind])
    values["title"] = _(values["title"])
    return CalendarRule(committee=committee, kind=kind, **values)


def calendar_rules(committee: Committee) -> list[CalendarRule]:
    """Every rule kind, the committee's saved row or else the (unsaved) default, in the order of Kind."""
    saved = {r.kind: r for r in CalendarRule.objects.filter(committee=committee)}
    return [saved.get(kind) or default_rule(committee, kind) for kind in Kind.values]


def default_holidays(committee: Committee, year: int) -> list[Holiday]:
    holidays, makeup = workcal.SCHEDULES.get(year, ([], []))
    rows = [Holiday(committee=committee, date=d, name=name) for d, name in holidays]
    rows += [Holiday(committee=committee, date=d, is_makeup_workday=True) for d in makeup]
    return sorted(rows, key=lambda h: h.date)


def customised_years(committee: Committee, years: Iterable[int]) -> set[int]:
    return set(CalendarYear.objects.filter(committee=committee, year__in=list(years)).values_list("year", flat=True))


def holidays_of(committee: Committee, year: int) -> list[Holiday]:
    """The year's holidays and make-up working days: the committee's rows once edited, else the default."""
    if customised_years(committee, [year]):
        return list(Holiday.objects.filter(committee=committee, date__year=year))
    return default_holidays(committee, year)


def calendar_from(rows: Iterable[Holiday]) -> workcal.WorkCalendar:
    rows = list(rows)
    return workcal.WorkCalendar(
        [(h.date, h.name or _("节假日")) for h in rows if not h.is_makeup_workday],
        [h.date for h in rows if h.is_makeup_workday],
    )


def work_calendar(committee: Committee, year: int) -> workcal.WorkCalendar:
    """The working-day calendar around the year (a shift may cross into the neighbouring year)."""
    years = [year - 1, year, year + 1]
    owned = customised_years(committee, years)
    rows = list(Holiday.objects.filter(committee=committee, date__year__in=sorted(owned))) if owned else []
    for other in years:
        if other not in owned:
            rows += default_holidays(committee, other)
    return calendar_from(rows)


def plenary_openings(committee: Committee, year: int) -> list[datetime.date]:
    """Opening days of plenaries whose 提案撰写月 may fall in the year (this year's and next year's)."""
    return list(
        Session.objects.filter(committee=committee, opens_on__year__in=[year, year + 1])
        .order_by("opens_on")
        .values_list("opens_on", flat=True)
    )


def rule_months(rule: CalendarRule) -> tuple[int, ...]:
    """The months a rule names; the kind's default when left empty."""
    return parse_months(rule.months) or parse_months(RULE_DEFAULTS[rule.kind].get("months", ""))


def rule_dates(
    rule: CalendarRule, year: int, cal: workcal.WorkCalendar, plenaries: Iterable[datetime.date] = ()
) -> list[workcal.PlannedDate]:
    """The dates the rule gives in the year, each shifted off non-working days as its policy says."""
    shift = workcal.Shift(rule.shift)
    if rule.kind == Kind.ACTIVITY_DAY:
        return workcal.activity_days(year, cal, shift, rule_months(rule), rule.weekday)
    if rule.kind == Kind.STUDY_DAY:
        return workcal.study_days(year, cal, shift, rule.day)
    if rule.kind == Kind.LECTURE:
        return workcal.lecture_days(year, cal, shift, rule.quarter_month, rule.day)
    if rule.kind == Kind.SECTOR_MONTH:
        return [workcal.sector_month_start(year, cal, shift, month) for month in rule_months(rule)]
    starts = [workcal.proposal_month_start(opens, cal, shift, rule.months_before) for opens in plenaries]
    return [p for p in starts if p.nominal_date.year == year]


@dataclass(frozen=True)
class ScheduledDate:
    date: datetime.date
    nominal_date: datetime.date
    shifted: bool
    reason: str  # why the date moved: the holiday's name, or the weekday
    planned: int  # drafts already generated for this date


@dataclass
class RuleSchedule:
    rule: CalendarRule
    dates: list[ScheduledDate] = field(default_factory=list)
    note: str = ""


def _reason(cal: workcal.WorkCalendar, nominal: datetime.date) -> str:
    """The holiday that moved the date, else its weekday ("星期六")."""
    return cal.holiday_name(nominal) or dateformat.format(nominal, "l")


def year_schedule(committee: Committee, year: int) -> list[RuleSchedule]:
    """Each rule with its dates in the year and how many drafts were already generated for each."""
    cal = work_calendar(committee, year)
    rules = calendar_rules(committee)
    plenaries = plenary_openings(committee, year)
    planned = Counter(
        PlannedActivity.objects.filter(committee=committee, nominal_date__year=year).values_list(
            "rule__kind", "nominal_date"
        )
    )
    schedule = []
    for rule in rules:
        entry = RuleSchedule(rule)
        for p in rule_dates(rule, year, cal, plenaries):
            reason = _reason(cal, p.nominal_date) if p.shifted else ""
            entry.dates.append(
                ScheduledDate(p.date, p.nominal_date, p.shifted, reason, planned[rule.kind, p.nominal_date])
            )
        if rule.kind == Kind.PROPOSAL_MONTH and not entry.dates:
            entry.note = _("未设置全体会议开幕日期，无法推算提案撰写月（在组织管理的届次中设置）")
        schedule.append(entry)
    return schedule


@dataclass(frozen=True)
class ComplianceWarning:
    subject: str
    message: str


def current_groups(committee: Committee) -> list[SectorGroup]:
    term = Term.objects.filter(committee=committee, is_current=True).order_by("-number").first()
    return list(SectorGroup.objects.filter(term=term)) if term else []


def warning_settings(committee: Committee) -> WarningSettings:
    """The committee's saved compliance rules, or today's defaults (unsaved) until staff change them."""
    return WarningSettings.objects.filter(committee=committee).first() or WarningSettings(committee=committee)


def compliance_warnings(committee: Committee, year: int, today: datetime.date) -> list[ComplianceWarning]:
    """Sector groups short of 界别协商会 or 界别活动, and quarters without a 政协大讲堂, as of `today`,
    by the committee's own warning settings."""
    rules = warning_settings(committee).rules()
    start, end = year_bounds(year)
    scheduled = Activity.objects.filter(committee=committee, starts_at__gte=start, starts_at__lt=end).exclude(
        status__in=NOT_SCHEDULED
    )
    by_group = {
        (row["organiser_group"], row["kind"]): row["n"]
        for row in scheduled.filter(
            organiser_group__isnull=False,
            kind__in=[ActivityKind.SECTOR_CONSULTATION, ActivityKind.SECTOR_ACTIVITY],
        )
        .values("organiser_group", "kind")
        .annotate(n=Count("id"))
        .order_by()
    }
    warnings = []
    for group in current_groups(committee):
        for message in workcal.sector_group_warnings(
            year,
            today,
            consultations=by_group.get((group.pk, ActivityKind.SECTOR_CONSULTATION), 0),
            activities=by_group.get((group.pk, ActivityKind.SECTOR_ACTIVITY), 0),
            translate=_,
            rules=rules,
        ):
            warnings.append(ComplianceWarning(group.name, message))
    quarters = Counter(
        (timezone.localtime(at).month - 1) // 3 + 1
        for at in scheduled.filter(kind=ActivityKind.LECTURE).values_list("starts_at", flat=True)
    )
    for message in workcal.lecture_warnings(year, today, quarters, translate=_, rules=rules):
        warnings.append(ComplianceWarning(_("政协大讲堂"), message))
    return warnings
