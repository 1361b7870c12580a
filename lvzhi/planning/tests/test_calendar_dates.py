"""The year's rule dates for a committee (DOMAIN.md §5), from its editable calendar, for 2025 and 2026."""

from datetime import date

import pytest

from lvzhi.core.errors import DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Session
from lvzhi.planning import services
from lvzhi.planning.models import CalendarRule, CalendarYear, Holiday
from lvzhi.planning.queries import holidays_of, work_calendar, year_schedule
from lvzhi.testing import World

Kind = CalendarRule.Kind

ACTIVITY_DAYS = {
    2025: ["2025-02-28", "2025-04-25", "2025-06-27", "2025-08-29", "2025-10-31", "2025-12-26"],
    2026: ["2026-02-27", "2026-04-24", "2026-06-26", "2026-08-28", "2026-10-30", "2026-12-25"],
}
# (date, nominal date, why it moved) for the study days a holiday or weekend pushes on.
SHIFTED_STUDY_DAYS = {
    2025: [
        ("2025-01-02", "2025-01-01", "元旦"),
        ("2025-02-05", "2025-02-01", "春节"),
        ("2025-03-03", "2025-03-01", "星期六"),
        ("2025-05-06", "2025-05-01", "劳动节"),
        ("2025-06-03", "2025-06-01", "端午节"),
        ("2025-10-09", "2025-10-01", "国庆节、中秋节"),
        ("2025-11-03", "2025-11-01", "星期六"),
    ],
    2026: [
        ("2026-01-04", "2026-01-01", "元旦"),  # a Sunday, but a make-up working day
        ("2026-02-02", "2026-02-01", "星期日"),
        ("2026-03-02", "2026-03-01", "星期日"),
        ("2026-05-06", "2026-05-01", "劳动节"),
        ("2026-08-03", "2026-08-01", "星期六"),
        ("2026-10-08", "2026-10-01", "国庆节"),
        ("2026-11-02", "2026-11-01", "星期日"),
    ],
}


def schedule_of(world: World, year: int) -> dict[str, list]:
    return {entry.rule.kind: entry for entry in year_schedule(world.committee, year)}


def iso(dates: list) -> list[str]:
    return [d.date.isoformat() for d in dates]


@pytest.mark.parametrize("year", [2025, 2026])
def test_activity_days_are_the_last_friday_of_even_months(world, year):
    assert iso(schedule_of(world, year)[Kind.ACTIVITY_DAY].dates) == ACTIVITY_DAYS[year]


@pytest.mark.parametrize("year", [2025, 2026])
def test_study_days_move_off_holidays_and_weekends_to_the_next_working_day(world, year):
    dates = schedule_of(world, year)[Kind.STUDY_DAY].dates
    assert len(dates) == 12
    shifted = [(d.date.isoformat(), d.nominal_date.isoformat(), d.reason) for d in dates if d.shifted]
    assert shifted == SHIFTED_STUDY_DAYS[year]


@pytest.mark.parametrize("year", [2025, 2026])
def test_one_lecture_per_quarter_and_the_sector_month_opens_in_december(world, year):
    schedule = schedule_of(world, year)
    assert iso(schedule[Kind.LECTURE].dates) == [f"{year}-01-15", f"{year}-04-15", f"{year}-07-15", f"{year}-10-15"]
    assert iso(schedule[Kind.SECTOR_MONTH].dates) == [f"{year}-12-01"]


def test_proposal_month_is_the_month_before_the_plenary_opens(world):
    Session.objects.create(committee=world.committee, term=world.term, number=5, year=2026, opens_on=date(2026, 3, 5))
    Session.objects.create(committee=world.committee, term=world.term, number=6, year=2027, opens_on=date(2027, 1, 8))
    february, december = schedule_of(world, 2026)[Kind.PROPOSAL_MONTH].dates
    assert (february.date, february.nominal_date, february.reason) == (date(2026, 2, 2), date(2026, 2, 1), "星期日")
    # A plenary opening in early January puts its writing month in December of the year before.
    assert (december.date, december.shifted) == (date(2026, 12, 1), False)
    assert schedule_of(world, 2025)[Kind.PROPOSAL_MONTH].dates == []


def test_without_a_plenary_date_the_proposal_month_says_why_it_is_missing(world):
    entry = schedule_of(world, 2026)[Kind.PROPOSAL_MONTH]
    assert entry.dates == []
    assert "开幕日期" in entry.note


def test_a_holiday_the_office_adds_shifts_the_activity_day_to_the_previous_working_day(world):
    services.set_holiday(
        committee=world.committee, date=date(2026, 4, 24), name="单位运动会", is_makeup_workday=False, actor=None
    )
    (april,) = [d for d in schedule_of(world, 2026)[Kind.ACTIVITY_DAY].dates if d.nominal_date.month == 4]
    assert (april.date, april.shifted, april.reason) == (date(2026, 4, 23), True, "单位运动会")


def test_removing_a_holiday_makes_the_day_a_working_day_again(world):
    services.remove_holiday(committee=world.committee, date=date(2026, 10, 7), actor=None)
    (october,) = [d for d in schedule_of(world, 2026)[Kind.STUDY_DAY].dates if d.nominal_date.month == 10]
    assert october.date == date(2026, 10, 7)  # the last day of the National Day holiday, until removed


def test_a_rule_without_shift_keeps_the_nominal_dates(world):
    services.update_calendar_rule(committee=world.committee, kind=Kind.STUDY_DAY, data={"shift": "none"}, actor=None)
    dates = schedule_of(world, 2026)[Kind.STUDY_DAY].dates
    assert [d.date for d in dates] == [date(2026, m, 1) for m in range(1, 13)]
    assert not any(d.shifted for d in dates)


def test_reading_the_calendar_writes_nothing_until_the_office_edits_it(world):
    year_schedule(world.committee, 2026)
    assert len(holidays_of(world.committee, 2026)) == 33 + 6
    assert not CalendarYear.objects.exists() and not Holiday.objects.exists() and not CalendarRule.objects.exists()


def test_ensure_calendar_seeds_the_state_council_schedule_once(world):
    services.ensure_calendar(world.committee, 2025)
    services.ensure_calendar(world.committee, 2025)
    rows = Holiday.objects.filter(committee=world.committee)
    assert rows.filter(is_makeup_workday=False).count() == 1 + 8 + 3 + 5 + 3 + 8
    assert sorted(rows.filter(is_makeup_workday=True).values_list("date", flat=True)) == [
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
    ]
    assert CalendarRule.objects.filter(committee=world.committee).count() == len(Kind.values)
    assert work_calendar(world.committee, 2025).holiday_name(date(2025, 10, 3)) == "国庆节、中秋节"


def test_a_make_up_working_day_must_be_a_weekend(world):
    with pytest.raises(DomainError) as refused:
        services.set_holiday(
            committee=world.committee, date=date(2026, 3, 4), name="", is_makeup_workday=True, actor=None
        )
    assert refused.value.code == "holiday.makeup_on_weekday"


def test_resetting_a_year_restores_the_state_council_schedule(world, outsider):
    services.set_holiday(
        committee=world.committee, date=date(2026, 3, 4), name="x", is_makeup_workday=False, actor=None
    )
    services.set_holiday(
        committee=outsider.committee, date=date(2026, 3, 5), name="y", is_makeup_workday=False, actor=None
    )
    services.reset_holidays(committee=world.committee, year=2026, actor=None)
    assert not Holiday.objects.filter(committee=world.committee).exists()
    assert Holiday.objects.filter(committee=outsider.committee, date=date(2026, 3, 5)).exists()
    assert work_calendar(world.committee, 2026).is_working_day(date(2026, 3, 4))
    assert AuditEvent.objects.filter(action="calendar.reset").count() == 1
