"""Writes to the office's calendar: seeding a year, editing holidays and rules, generating planned drafts."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity
from lvzhi.activities.services import Audience, create_activity
from lvzhi.core.audit import log_event
from lvzhi.core.changes import apply_changes, checked
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.models import Committee, User
from lvzhi.planning import workcal
from lvzhi.planning.models import CalendarRule, CalendarYear, Holiday, PlannedActivity, WarningSettings
from lvzhi.planning.queries import (
    calendar_rules,
    current_groups,
    default_holidays,
    plenary_openings,
    rule_dates,
    work_calendar,
)

RULE_FIELDS = frozenset(
    {
        "enabled",
        "shift",
        "day",
        "months",
        "weekday",
        "quarter_month",
        "months_before",
        "per_group",
        "activity_kind",
        "mode",
        "title",
        "location",
        "starts_at",
        "ends_at",
    }
)
MIN_YEAR, MAX_YEAR = 2000, 2100


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError("calendar.bad_year", _("年份应在%(a)s至%(b)s之间") % {"a": MIN_YEAR, "b": MAX_YEAR})


@transaction.atomic
def ensure_calendar(committee: Committee, year: int) -> workcal.WorkCalendar:
    """The committee's own holiday rows for the year, seeded from the State Council schedule on first use."""
    check_year(year)
    _marker, created = CalendarYear.objects.get_or_create(committee=committee, year=year)
    if created:
        Holiday.objects.bulk_create(default_holidays(committee, year))
    ensure_rules(committee)
    return work_calendar(committee, year)


@transaction.atomic
def ensure_rules(committee: Committee) -> list[CalendarRule]:
    """Every rule kind as a saved row (the defaults until staff change them)."""
    rules = calendar_rules(committee)
    missing = [r for r in rules if r.pk is None]
    if missing:
        CalendarRule.objects.bulk_create(missing, ignore_conflicts=True)
        rules = list(CalendarRule.objects.filter(committee=committee))
    return rules


@transaction.atomic
def set_holiday(
    *, committee: Committee, date: datetime.date, name: str, is_makeup_workday: bool, actor: User | None
) -> Holiday:
    """Add or change one day: a holiday (with its name) or a weekend make-up working day."""
    ensure_calendar(committee, date.year)
    name = name.strip()
    if not is_makeup_workday and not name:
        raise DomainError("holiday.name_required", _("请填写节日名称"), fields={"name": [_("此项为必填")]})
    if is_makeup_workday and date.weekday() < 5:
        raise DomainError(
            "holiday.makeup_on_weekday",
            _("调休上班日应是周六或周日"),
            fields={"date": [_("工作日本来就上班")]},
        )
    holiday = Holiday.objects.select_for_update().filter(committee=committee, date=date).first()
    holiday = holiday or Holiday(committee=committee, date=date)
    holiday.name, holiday.is_makeup_workday = name, is_makeup_workday
    checked(holiday)
    holiday.save()
    log_event(
        "holiday.set",
        holiday,
        actor=actor,
        committee=committee,
        data={"date": date.isoformat(), "name": name, "makeup": is_makeup_workday},
    )
    return holiday


@transaction.atomic
def remove_holiday(*, committee: Committee, date: datetime.date, actor: User | None) -> None:
    """Make the day an ordinary one again (a weekday works, a weekend rests)."""
    ensure_calendar(committee, date.year)
    holiday = Holiday.objects.filter(committee=committee, date=date).first()
    if holiday is None:
        raise NotFound("holiday.not_found", _("该日不是节假日或调休日"))
    log_event("holiday.removed", holiday, actor=actor, committee=committee, data={"date": date.isoformat()})
    holiday.delete()


@transaction.atomic
def reset_holidays(*, committee: Committee, year: int, actor: User | None) -> None:
    """Back to the State Council schedule for the year, dropping the office's edits."""
    check_year(year)
    marker = CalendarYear.objects.filter(committee=committee, year=year).first()
    if marker is None:
        return
    Holiday.objects.filter(committee=committee, date__year=year).delete()
    log_event("calendar.reset", marker, actor=actor, committee=committee, data={"year": year})
    marker.delete()


WARNING_FIELDS = frozenset(
    {
        "consultation_month",
        "consultation_day",
        "consultation_min",
        "activity_month",
        "activity_day",
        "activity_min",
        "lecture_warning_month",
    }
)


@transaction.atomic
def update_warning_settings(*, committee: Committee, data: dict[str, Any], actor: User | None) -> WarningSettings:
    """Change when the compliance warnings fire and what they ask for; audited with what changed."""
    settings, _created = WarningSettings.objects.select_for_update().get_or_create(committee=committee)
    diff = apply_changes(settings, data, WARNING_FIELDS)
    checked(settings)
    if diff:
        settings.save()
        log_event("warning_settings.updated", settings, actor=actor, committee=committee, data=diff)
    return settings


@transaction.atomic
def update_calendar_rule(*, committee: Committee, kind: str, data: dict[str, Any], actor: User | None) -> CalendarRule:
    if kind not in CalendarRule.Kind.values:
        raise NotFound("calendar_rule.not_found", _("没有这条日历规则"))
    ensure_rules(committee)
    rule = CalendarRule.objects.select_for_update().get(committee=committee, kind=kind)
    diff = apply_changes(rule, data, RULE_FIELDS)
    checked(rule)
    if rule.ends_at <= rule.starts_at:
        raise DomainError(
            "calendar_rule.invalid", _("结束时间应晚于开始时间"), fields={"ends_at": [_("应晚于开始时间")]}
        )
    if diff:
        rule.save()
        shown = {
            k: [v.strftime("%H:%M") if isinstance(v, datetime.time) else v for v in pair] for k, pair in diff.items()
        }
        log_event("calendar_rule.updated", rule, actor=actor, committee=committee, data={"changes": shown})
    return rule


@dataclass
class Generated:
    created: list[Activity] = field(default_factory=list)
    existing: int = 0  # dates already planned earlier
    past: int = 0  # dates before today: nothing left to plan


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _draft(
    rule: CalendarRule, planned: workcal.PlannedDate, group: Any, *, committee: Committee, actor: User
) -> PlannedActivity:
    title = rule.title if group is None else _("%(title)s（%(group)s）") % {"title": rule.title, "group": group.name}
    data = {
        "title": title,
        "kind": rule.activity_kind,
        "mode": rule.mode,
        "location": rule.location,
        "starts_at": _at(planned.date, rule.starts_at),
        "ends_at": _at(planned.date, rule.ends_at),
        "organiser_group": group,
    }
    audience = Audience(group_ids=(group.pk,)) if group is not None else Audience(all=True)
    activity = create_activity(committee=committee, data=data, audience=audience, actor=actor)
    return PlannedActivity.objects.create(
        committee=committee,
        rule=rule,
        nominal_date=planned.nominal_date,
        date=planned.date,
        sector_group=group,
        activity=activity,
    )


@transaction.atomic
def generate_planned_drafts(
    committee: Committee, year: int, *, actor: User, today: datetime.date | None = None
) -> Generated:
    """A draft activity for every enabled rule's date from today on; a date planned before is never planned again."""
    cal = ensure_calendar(committee, year)
    today = today or timezone.localdate()
    # Locking the rules serialises two offices' clicks on the button: the second sees the first's drafts.
    rules = list(CalendarRule.objects.select_for_update().filter(committee=committee, enabled=True).order_by("id"))
    done = set(PlannedActivity.objects.filter(rule__in=rules).values_list("rule_id", "nominal_date", "sector_group_id"))
    groups = current_groups(committee)
    plenaries = plenary_openings(committee, year)
    result = Generated()
    for rule in rules:
        for planned in rule_dates(rule, year, cal, plenaries):
            for group in groups if rule.per_group else [None]:
                if (rule.pk, planned.nominal_date, group.pk if group else None) in done:
                    result.existing += 1
                elif planned.date < today:
                    result.past += 1
                else:
                    result.created.append(_draft(rule, planned, group, committee=committee, actor=actor).activity)
    log_event(
        "calendar.drafts_generated",
        committee,
        actor=actor,
        committee=committee,
        data={"year": year, "created": len(result.created), "existing": result.existing, "past": result.past},
    )
    return result
