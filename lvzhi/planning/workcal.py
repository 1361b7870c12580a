"""Mainland-China working-day calendar and the office's recurring-date rules.

Pure Python: no models, no settings, so the rules can be tested and reused
outside a request (the Django side builds a WorkCalendar from editable rows).
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

Schedule = tuple[list[tuple[date, str]], list[date]]

FRIDAY = 4


# Django's gettext_noop reads settings.USE_I18N on call; makemessages extracts by name, so a
# local identity function marks strings just as well and keeps this module settings-free.
def gettext_noop(message: str) -> str:
    return message


def _span(start: date, end: date, name: str) -> list[tuple[date, str]]:
    return [(start + timedelta(days=i), name) for i in range((end - start).days + 1)]


# State Council (国务院办公厅) holiday arrangements; year -> (holidays, make-up workdays).
SCHEDULES: dict[int, Schedule] = {
    2025: (
        _span(date(2025, 1, 1), date(2025, 1, 1), "元旦")
        + _span(date(2025, 1, 28), date(2025, 2, 4), "春节")
        + _span(date(2025, 4, 4), date(2025, 4, 6), "清明节")
        + _span(date(2025, 5, 1), date(2025, 5, 5), "劳动节")
        + _span(date(2025, 5, 31), date(2025, 6, 2), "端午节")
        + _span(date(2025, 10, 1), date(2025, 10, 8), "国庆节、中秋节"),
        [
            date(2025, 1, 26),
            date(2025, 2, 8),
            date(2025, 4, 27),
            date(2025, 9, 28),
            date(2025, 10, 11),
        ],
    ),
    2026: (
        _span(date(2026, 1, 1), date(2026, 1, 3), "元旦")
        + _span(date(2026, 2, 15), date(2026, 2, 23), "春节")
        + _span(date(2026, 4, 4), date(2026, 4, 6), "清明节")
        + _span(date(2026, 5, 1), date(2026, 5, 5), "劳动节")
        + _span(date(2026, 6, 19), date(2026, 6, 21), "端午节")
        + _span(date(2026, 9, 25), date(2026, 9, 27), "中秋节")
        + _span(date(2026, 10, 1), date(2026, 10, 7), "国庆节"),
        [
            date(2026, 1, 4),
            date(2026, 2, 14),
            date(2026, 2, 28),
            date(2026, 5, 9),
            date(2026, 9, 20),
            date(2026, 10, 10),
        ],
    ),
}


class WorkCalendar:
    """Mon–Fri working week, minus statutory holidays, plus make-up working days.

    Years absent from the data simply have no exceptions, i.e. plain Mon–Fri.
    """

    def __init__(
        self,
        holidays: Iterable[tuple[date, str]] = (),
        makeup_workdays: Iterable[date] = (),
    ) -> None:
        self._holidays: dict[date, str] = dict(holidays)
        self._makeup: frozenset[date] = frozenset(makeup_workdays)
        # Both come from editable rows, so reject contradictions instead of picking one.
        clash = self._makeup & self._holidays.keys()
        if clash:
            days = ", ".join(d.isoformat() for d in sorted(clash))
            raise ValueError(f"dates are both holiday and make-up workday: {days}")

    def is_working_day(self, d: date) -> bool:
        if d in self._holidays:
            return False
        return d in self._makeup or d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        return self._holidays.get(d)

    def next_working_day(self, d: date) -> date:
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def previous_working_day(self, d: date) -> date:
        while not self.is_working_day(d):
            d -= timedelta(days=1)
        return d


@cache
def default_calendar() -> WorkCalendar:
    holidays = [h for days, _makeup in SCHEDULES.values() for h in days]
    makeup = [d for _holidays, days in SCHEDULES.values() for d in days]
    return WorkCalendar(holidays, makeup)


class Shift(enum.StrEnum):
    PREVIOUS = "previous"
    NEXT = "next"
    NONE = "none"


@dataclass(frozen=True)
class PlannedDate:
    date: date
    nominal_date: date
    shifted: bool
    # An untranslated msgid; callers translate it at display time.
    title: str


ACTIVITY_DAY_TITLE = gettext_noop("委员活动日")
STUDY_DAY_TITLE = gettext_noop("界别学习日")
LECTURE_TITLE = gettext_noop("政协大讲堂")
SECTOR_MONTH_TITLE = gettext_noop("界别活动月")
PROPOSAL_MONTH_TITLE = gettext_noop("提案撰写月")
# Today's rules, the defaults of each committee's settings (CalendarRule, WarningSettings).
ACTIVITY_DAY_MONTHS = (2, 4, 6, 8, 10, 12)
SECTOR_MONTHS = (12,)
STUDY_DAY = 1


def _plan(nominal: date, cal: WorkCalendar, shift: Shift, title: str) -> PlannedDate:
    if shift is Shift.PREVIOUS:
        actual = cal.previous_working_day(nominal)
    elif shift is Shift.NEXT:
        actual = cal.next_working_day(nominal)
    else:
        actual = nominal
    return PlannedDate(actual, nominal, actual != nominal, title)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = _last_day(year, month)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def activity_days(
    year: int,
    cal: WorkCalendar,
    shift: Shift = Shift.PREVIOUS,
    months: Iterable[int] = ACTIVITY_DAY_MONTHS,
    weekday: int = FRIDAY,
) -> list[PlannedDate]:
    """委员活动日: the last Friday (or `weekday`) of every even month (or of `months`)."""
    return [_plan(_last_weekday(year, m, weekday), cal, shift, ACTIVITY_DAY_TITLE) for m in sorted(set(months))]


def study_days(year: int, cal: WorkCalendar, shift: Shift = Shift.NEXT, day: int = STUDY_DAY) -> list[PlannedDate]:
    """界别学习日: the 1st (or `day`) of every month."""
    return [_plan(date(year, m, day), cal, shift, STUDY_DAY_TITLE) for m in range(1, 13)]


def lecture_quarters(year: int) -> list[tuple[date, date]]:
    """政协大讲堂 is due once per quarter; index 0 is Q1."""
    return [(date(year, m, 1), _last_day(year, m + 2)) for m in (1, 4, 7, 10)]


def lecture_days(
    year: int, cal: WorkCalendar, shift: Shift = Shift.NEXT, month_in_quarter: int = 1, day: int = 15
) -> list[PlannedDate]:
    """政协大讲堂 planned on `day` of the quarter's `month_in_quarter`-th month, one per quarter."""
    if not 1 <= month_in_quarter <= 3:
        raise ValueError(f"month_in_quarter must be 1-3, got {month_in_quarter}")
    return [_plan(date(year, m + month_in_quarter - 1, day), cal, shift, LECTURE_TITLE) for m in (1, 4, 7, 10)]


def lecture_warning_date(year: int, quarter: int, month_in_quarter: int = 2) -> date:
    """First day of the quarter's second (or `month_in_quarter`-th) month: warn if no lecture is scheduled by then."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1-4, got {quarter}")
    if not 1 <= month_in_quarter <= 3:
        raise ValueError(f"month_in_quarter must be 1-3, got {month_in_quarter}")
    return date(year, 3 * (quarter - 1) + month_in_quarter, 1)


def is_sector_activity_month(d: date, months: Iterable[int] = SECTOR_MONTHS) -> bool:
    """界别活动月 is December (常州 uses June; some committees hold two)."""
    return d.month in set(months)


def sector_month_start(year: int, cal: WorkCalendar, shift: Shift = Shift.NEXT, month: int = 12) -> PlannedDate:
    """The opening day of 界别活动月: 1 December (or the 1st of `month`)."""
    return _plan(date(year, month, 1), cal, shift, SECTOR_MONTH_TITLE)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def proposal_writing_month(plenary_opens: date, months_before: int = 1) -> tuple[date, date]:
    """提案撰写月: the whole calendar month(s) before the plenary session opens."""
    if months_before < 1:
        raise ValueError(f"months_before must be >= 1, got {months_before}")
    year, month = _shift_month(plenary_opens.year, plenary_opens.month, -months_before)
    return date(year, month, 1), _last_day(year, month)


def proposal_month_start(
    plenary_opens: date, cal: WorkCalendar, shift: Shift = Shift.NEXT, months_before: int = 1
) -> PlannedDate:
    """The first day of 提案撰写月, where the office launches it."""
    first, _last = proposal_writing_month(plenary_opens, months_before)
    return _plan(first, cal, shift, PROPOSAL_MONTH_TITLE)


def proposal_window_opens(plenary_opens: date) -> date:
    """Same day three months before the plenary, clamped to month end (e.g. 31 May -> 28 Feb)."""
    year, month = _shift_month(plenary_opens.year, plenary_opens.month, -3)
    return date(year, month, min(plenary_opens.day, _last_day(year, month).day))


@dataclass(frozen=True)
class WarningRules:
    """When the compliance warnings fire and what they ask for; the defaults are today's rules."""

    consultation_deadline: tuple[int, int] = (10, 1)  # (month, day)
    consultation_min: int = 1
    activity_deadline: tuple[int, int] = (11, 30)
    activity_min: int = 2
    lecture_warning_month: int = 2  # which month of each quarter a missing 政协大讲堂 is flagged from


DEFAULT_WARNINGS = WarningRules()

# gettext_noop msgids, translated via `translate` (pass Django's gettext): no settings needed.
CONSULTATION_MISSING = gettext_noop("截至%(month)d月%(day)d日尚未安排界别协商会")
CONSULTATIONS_SHORT = gettext_noop("截至%(month)d月%(day)d日界别协商会少于%(minimum)d次（已有%(count)d次）")
ACTIVITIES_SHORT = gettext_noop("截至%(month)d月%(day)d日界别活动少于%(minimum)d次（已有%(count)d次）")
LECTURE_MISSING = gettext_noop("第%(quarter)d季度尚未安排政协大讲堂")


def sector_group_warnings(
    year: int,
    today: date,
    consultations: int,
    activities: int,
    translate: Callable[[str], str] = str,
    rules: WarningRules = DEFAULT_WARNINGS,
) -> list[str]:
    warnings: list[str] = []
    month, day = rules.consultation_deadline
    if today >= date(year, month, day) and consultations < rules.consultation_min:
        if consultations == 0:
            warnings.append(translate(CONSULTATION_MISSING) % {"month": month, "day": day})
        else:
            values = {"month": month, "day": day, "minimum": rules.consultation_min, "count": consultations}
            warnings.append(translate(CONSULTATIONS_SHORT) % values)
    month, day = rules.activity_deadline
    if today >= date(year, month, day) and activities < rules.activity_min:
        warnings.append(
            translate(ACTIVITIES_SHORT)
            % {
                "month": month,
                "day": day,
                "minimum": rules.activity_min,
                "count": activities,
            }
        )
    return warnings


def lecture_warnings(
    year: int,
    today: date,
    lectures_per_quarter: Mapping[int, int],
    translate: Callable[[str], str] = str,
    rules: WarningRules = DEFAULT_WARNINGS,
) -> list[str]:
    return [
        translate(LECTURE_MISSING) % {"quarter": q}
        for q in range(1, 5)
        if today >= lecture_warning_date(year, q, rules.lecture_warning_month) and lectures_per_quarter.get(q, 0) == 0
    ]
