from datetime import date, timedelta

import pytest

from lvzhi.planning.workcal import (
    ACTIVITY_DAY_TITLE,
    DEFAULT_WARNINGS,
    SCHEDULES,
    STUDY_DAY_TITLE,
    PlannedDate,
    Shift,
    WarningRules,
    WorkCalendar,
    activity_days,
    default_calendar,
    is_sector_activity_month,
    lecture_days,
    lecture_quarters,
    lecture_warning_date,
    lecture_warnings,
    proposal_month_start,
    proposal_window_opens,
    proposal_writing_month,
    sector_group_warnings,
    sector_month_start,
    study_days,
)

CAL = default_calendar()


def _range(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


HOLIDAYS = {
    2025: [
        (date(2025, 1, 1), date(2025, 1, 1), "元旦"),
        (date(2025, 1, 28), date(2025, 2, 4), "春节"),
        (date(2025, 4, 4), date(2025, 4, 6), "清明节"),
        (date(2025, 5, 1), date(2025, 5, 5), "劳动节"),
        (date(2025, 5, 31), date(2025, 6, 2), "端午节"),
        (date(2025, 10, 1), date(2025, 10, 8), "国庆节、中秋节"),
    ],
    2026: [
        (date(2026, 1, 1), date(2026, 1, 3), "元旦"),
        (date(2026, 2, 15), date(2026, 2, 23), "春节"),
        (date(2026, 4, 4), date(2026, 4, 6), "清明节"),
        (date(2026, 5, 1), date(2026, 5, 5), "劳动节"),
        (date(2026, 6, 19), date(2026, 6, 21), "端午节"),
        (date(2026, 9, 25), date(2026, 9, 27), "中秋节"),
        (date(2026, 10, 1), date(2026, 10, 7), "国庆节"),
    ],
}
MAKEUP = {
    2025: [
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
    ],
    2026: [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ],
}


# --- calendar data -------------------------------------------------------


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_holiday_is_non_working_and_named(year: int) -> None:
    for start, end, name in HOLIDAYS[year]:
        for d in _range(start, end):
            assert not CAL.is_working_day(d), d
            assert CAL.holiday_name(d) == name, d


@pytest.mark.parametrize("year", [2025, 2026])
def test_shipped_schedule_has_exactly_the_official_days(year: int) -> None:
    holidays, makeup = SCHEDULES[year]
    expected = {(d, name) for start, end, name in HOLIDAYS[year] for d in _range(start, end)}
    assert set(holidays) == expected
    assert len(holidays) == len(expected)
    assert sorted(makeup) == MAKEUP[year]


@pytest.mark.parametrize("year", [2025, 2026])
def test_makeup_weekends_are_working_days(year: int) -> None:
    for d in MAKEUP[year]:
        assert d.weekday() >= 5, d
        assert CAL.is_working_day(d), d
        assert CAL.holiday_name(d) is None


@pytest.mark.parametrize("year", [2025, 2026])
def test_other_days_follow_monday_to_friday(year: int) -> None:
    special = {d for start, end, _name in HOLIDAYS[year] for d in _range(start, end)}
    special.update(MAKEUP[year])
    for d in _range(date(year, 1, 1), date(year, 12, 31)):
        if d not in special:
            assert CAL.is_working_day(d) == (d.weekday() < 5), d


def test_ordinary_weekend_and_weekday() -> None:
    assert not CAL.is_working_day(date(2025, 3, 1))  # Saturday
    assert not CAL.is_working_day(date(2026, 3, 1))  # Sunday
    assert CAL.is_working_day(date(2025, 3, 3))  # Monday
    assert CAL.holiday_name(date(2025, 3, 3)) is None


def test_year_without_data_falls_back_to_monday_to_friday() -> None:
    # 2030-01-01 is a Tuesday; without data it is an ordinary working day.
    assert CAL.is_working_day(date(2030, 1, 1))
    assert CAL.holiday_name(date(2030, 1, 1)) is None
    assert not CAL.is_working_day(date(2030, 10, 5))  # Saturday
    assert CAL.next_working_day(date(2030, 10, 5)) == date(2030, 10, 7)
    assert CAL.previous_working_day(date(2030, 10, 6)) == date(2030, 10, 4)
    planned = study_days(2030, CAL)
    assert planned[0].date == date(2030, 1, 1)
    assert planned[5].date == date(2030, 6, 3)  # Sat 1 June -> Mon 3 June


def test_next_and_previous_working_day() -> None:
    assert CAL.next_working_day(date(2025, 4, 1)) == date(2025, 4, 1)
    assert CAL.previous_working_day(date(2025, 4, 1)) == date(2025, 4, 1)
    assert CAL.next_working_day(date(2025, 10, 1)) == date(2025, 10, 9)
    assert CAL.previous_working_day(date(2025, 10, 8)) == date(2025, 9, 30)
    # Sat 2025-09-27 precedes the make-up Sunday 2025-09-28.
    assert CAL.next_working_day(date(2025, 9, 27)) == date(2025, 9, 28)
    # Crossing a year boundary: 2026-01-01..03 holiday, 2025-12-31 is a Wednesday.
    assert CAL.previous_working_day(date(2026, 1, 3)) == date(2025, 12, 31)
    assert CAL.next_working_day(date(2026, 1, 1)) == date(2026, 1, 4)
    assert CAL.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 14)


def test_calendar_from_rows_and_empty_calendar() -> None:
    cal = WorkCalendar([(date(2030, 1, 1), "元旦")], [date(2030, 1, 5)])
    assert not cal.is_working_day(date(2030, 1, 1))
    assert cal.holiday_name(date(2030, 1, 1)) == "元旦"
    assert cal.is_working_day(date(2030, 1, 5))  # Saturday make-up
    plain = WorkCalendar()
    assert plain.is_working_day(date(2025, 10, 1))
    assert not plain.is_working_day(date(2025, 9, 28))


def test_contradictory_rows_are_rejected() -> None:
    with pytest.raises(ValueError, match="2030-01-01"):
        WorkCalendar([(date(2030, 1, 1), "元旦")], [date(2030, 1, 1)])


# --- 委员活动日 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2025,
            [
                "2025-02-28",
                "2025-04-25",
                "2025-06-27",
                "2025-08-29",
                "2025-10-31",
                "2025-12-26",
            ],
        ),
        (
            2026,
            [
                "2026-02-27",
                "2026-04-24",
                "2026-06-26",
                "2026-08-28",
                "2026-10-30",
                "2026-12-25",
            ],
        ),
    ],
)
def test_activity_days(year: int, expected: list[str]) -> None:
    planned = activity_days(year, CAL)
    assert [p.date.isoformat() for p in planned] == expected
    assert all(p.date.weekday() == 4 for p in planned)
    assert all(not p.shifted and p.date == p.nominal_date for p in planned)
    assert all(p.title == ACTIVITY_DAY_TITLE == "委员活动日" for p in planned)


def test_activity_day_on_holiday_shifts_both_directions() -> None:
    # Pretend the last Friday of April 2025 were a holiday.
    cal = WorkCalendar([(date(2025, 4, 25), "测试")])
    previous = activity_days(2025, cal)[1]
    assert previous == PlannedDate(date(2025, 4, 24), date(2025, 4, 25), True, ACTIVITY_DAY_TITLE)
    following = activity_days(2025, cal, Shift.NEXT)[1]
    assert following == PlannedDate(date(2025, 4, 28), date(2025, 4, 25), True, ACTIVITY_DAY_TITLE)
    kept = activity_days(2025, cal, Shift.NONE)[1]
    assert kept == PlannedDate(date(2025, 4, 25), date(2025, 4, 25), False, ACTIVITY_DAY_TITLE)


# --- 界别学习日 -------------------------------------------------------------

STUDY_2025 = [
    "2025-01-02",  # 元旦
    "2025-02-05",  # 春节 to Feb 4
    "2025-03-03",  # Sat
    "2025-04-01",
    "2025-05-06",  # 劳动节 to May 5
    "2025-06-03",  # 端午 to Jun 2
    "2025-07-01",
    "2025-08-01",
    "2025-09-01",
    "2025-10-09",  # 国庆+中秋 to Oct 8
    "2025-11-03",  # Sat
    "2025-12-01",
]
STUDY_2026 = [
    "2026-01-04",  # 元旦 to Jan 3, Jan 4 is a make-up Sunday
    "2026-02-02",  # Sun
    "2026-03-02",  # Sun
    "2026-04-01",
    "2026-05-06",  # 劳动节 to May 5
    "2026-06-01",
    "2026-07-01",
    "2026-08-03",  # Sat
    "2026-09-01",
    "2026-10-08",  # 国庆 to Oct 7
    "2026-11-02",  # Sun
    "2026-12-01",
]


@pytest.mark.parametrize(("year", "expected"), [(2025, STUDY_2025), (2026, STUDY_2026)])
def test_study_days(year: int, expected: list[str]) -> None:
    planned = study_days(year, CAL)
    assert [p.date.isoformat() for p in planned] == expected
    assert [p.nominal_date for p in planned] == [date(year, m, 1) for m in range(1, 13)]
    assert [p.shifted for p in planned] == [p.date != p.nominal_date for p in planned]
    assert all(CAL.is_working_day(p.date) for p in planned)
    assert all(p.title == STUDY_DAY_TITLE == "界别学习日" for p in planned)


def test_study_days_shift_previous_can_cross_into_previous_year() -> None:
    planned = study_days(2026, CAL, Shift.PREVIOUS)
    assert planned[0].date == date(2025, 12, 31)
    assert planned[9].date == date(2026, 9, 30)
    assert planned[9].shifted


def test_study_days_shift_none_keeps_non_working_dates() -> None:
    planned = study_days(2025, CAL, Shift.NONE)
    assert [p.date for p in planned] == [date(2025, m, 1) for m in range(1, 13)]
    assert not any(p.shifted for p in planned)
    assert not CAL.is_working_day(planned[9].date)


# --- 政协大讲堂, 界别活动月, 提案撰写月 ---------------------------------------


def test_lecture_quarters() -> None:
    assert lecture_quarters(2026) == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 12, 31)),
    ]


def test_lecture_warning_date() -> None:
    assert [lecture_warning_date(2025, q) for q in range(1, 5)] == [
        date(2025, 2, 1),
        date(2025, 5, 1),
        date(2025, 8, 1),
        date(2025, 11, 1),
    ]
    with pytest.raises(ValueError):
        lecture_warning_date(2025, 5)


def test_sector_activity_month_is_december() -> None:
    assert is_sector_activity_month(date(2025, 12, 1))
    assert is_sector_activity_month(date(2025, 12, 31))
    assert not is_sector_activity_month(date(2025, 11, 30))
    assert not is_sector_activity_month(date(2026, 1, 1))


def test_proposal_writing_month() -> None:
    assert proposal_writing_month(date(2026, 1, 10)) == (
        date(2025, 12, 1),
        date(2025, 12, 31),
    )
    assert proposal_writing_month(date(2026, 3, 4)) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
    )
    assert proposal_writing_month(date(2026, 3, 4), months_before=2) == (
        date(2026, 1, 1),
        date(2026, 1, 31),
    )
    with pytest.raises(ValueError):
        proposal_writing_month(date(2026, 3, 4), months_before=0)


def test_proposal_window_opens() -> None:
    assert proposal_window_opens(date(2026, 1, 10)) == date(2025, 10, 10)
    assert proposal_window_opens(date(2026, 3, 4)) == date(2025, 12, 4)
    # No 31 February: clamp to month end.
    assert proposal_window_opens(date(2026, 5, 31)) == date(2026, 2, 28)
    assert proposal_window_opens(date(2028, 5, 31)) == date(2028, 2, 29)


# --- compliance warnings ----------------------------------------------------


def test_deadline_defaults() -> None:
    assert DEFAULT_WARNINGS.consultation_deadline == (10, 1)
    assert DEFAULT_WARNINGS.activity_deadline == (11, 30)
    assert (DEFAULT_WARNINGS.activity_min, DEFAULT_WARNINGS.lecture_warning_month) == (2, 2)


def test_a_committees_own_warning_rules() -> None:
    rules = WarningRules(consultation_deadline=(6, 30), consultation_min=2, activity_deadline=(9, 1), activity_min=4)
    assert sector_group_warnings(2025, date(2025, 6, 29), consultations=0, activities=0, rules=rules) == []
    assert sector_group_warnings(2025, date(2025, 7, 1), consultations=1, activities=9, rules=rules) == [
        "截至6月30日界别协商会少于2次（已有1次）"
    ]
    assert sector_group_warnings(2025, date(2025, 9, 1), consultations=2, activities=3, rules=rules) == [
        "截至9月1日界别活动少于4次（已有3次）"
    ]
    early = WarningRules(lecture_warning_month=1)
    assert lecture_warnings(2025, date(2025, 1, 1), {}, rules=early) == ["第1季度尚未安排政协大讲堂"]
    assert lecture_warnings(2025, date(2025, 1, 1), {}) == []


def test_activity_days_in_other_months_and_weekdays() -> None:
    planned = activity_days(2025, CAL, Shift.NONE, months=(3, 9), weekday=2)
    assert [p.date for p in planned] == [date(2025, 3, 26), date(2025, 9, 24)]


def test_june_is_a_sector_month_where_the_committee_says_so() -> None:
    assert is_sector_activity_month(date(2025, 6, 3), months=(6,))
    assert not is_sector_activity_month(date(2025, 12, 3), months=(6,))
    assert sector_month_start(2025, CAL, month=6).date == date(2025, 6, 3)  # 1 June 2025 is a Sunday; 2 June 端午


def test_no_sector_warnings_before_deadlines() -> None:
    assert sector_group_warnings(2025, date(2025, 9, 30), consultations=0, activities=0) == []


def test_consultation_warning_from_deadline_day() -> None:
    assert sector_group_warnings(2025, date(2025, 10, 1), 0, 0) == ["截至10月1日尚未安排界别协商会"]
    assert sector_group_warnings(2025, date(2025, 10, 1), 1, 0) == []


def test_activity_warning_from_deadline_day() -> None:
    assert sector_group_warnings(2025, date(2025, 11, 29), 1, 1) == []
    assert sector_group_warnings(2025, date(2025, 11, 30), 1, 1) == ["截至11月30日界别活动少于2次（已有1次）"]
    assert sector_group_warnings(2025, date(2025, 12, 15), 1, 2) == []


def test_both_sector_warnings_and_later_years() -> None:
    expected = [
        "截至10月1日尚未安排界别协商会",
        "截至11月30日界别活动少于2次（已有0次）",
    ]
    assert sector_group_warnings(2025, date(2025, 12, 1), 0, 0) == expected
    assert sector_group_warnings(2025, date(2026, 1, 15), 0, 0) == expected
    # The 2026 deadlines are not reached by a 2025 "today".
    assert sector_group_warnings(2026, date(2025, 12, 1), 0, 0) == []


def test_warnings_use_translate_before_formatting() -> None:
    seen: list[str] = []

    def translate(msgid: str) -> str:
        seen.append(msgid)
        return "EN " + msgid

    result = sector_group_warnings(2025, date(2025, 12, 1), 0, 1, translate=translate)
    assert result == [
        "EN 截至10月1日尚未安排界别协商会",
        "EN 截至11月30日界别活动少于2次（已有1次）",
    ]
    assert seen == [
        "截至%(month)d月%(day)d日尚未安排界别协商会",
        "截至%(month)d月%(day)d日界别活动少于%(minimum)d次（已有%(count)d次）",
    ]
    assert lecture_warnings(2025, date(2025, 2, 1), {}, translate=translate) == ["EN 第1季度尚未安排政协大讲堂"]


def test_lecture_warnings() -> None:
    assert lecture_warnings(2025, date(2025, 1, 31), {}) == []
    assert lecture_warnings(2025, date(2025, 2, 1), {}) == ["第1季度尚未安排政协大讲堂"]
    assert lecture_warnings(2025, date(2025, 2, 1), {1: 1}) == []
    assert lecture_warnings(2025, date(2025, 8, 1), {1: 1, 2: 0}) == [
        "第2季度尚未安排政协大讲堂",
        "第3季度尚未安排政协大讲堂",
    ]
    assert lecture_warnings(2025, date(2025, 12, 31), {1: 1, 2: 2, 3: 1, 4: 1}) == []
    assert lecture_warnings(2025, date(2025, 11, 1), {1: 1, 2: 1, 3: 1}) == ["第4季度尚未安排政协大讲堂"]


def test_lecture_days_one_per_quarter_shifted_off_holidays() -> None:
    assert [p.date for p in lecture_days(2026, CAL)] == [
        date(2026, 1, 15),
        date(2026, 4, 15),
        date(2026, 7, 15),
        date(2026, 10, 15),
    ]
    # The 1st of each quarter's second month: 2026-02-01 is a Sunday, 2026-05-01 Labour Day.
    shifted = lecture_days(2026, CAL, Shift.NEXT, month_in_quarter=2, day=1)
    assert [p.date for p in shifted] == [date(2026, 2, 2), date(2026, 5, 6), date(2026, 8, 3), date(2026, 11, 2)]
    assert all(p.shifted for p in shifted)
    with pytest.raises(ValueError):
        lecture_days(2026, CAL, month_in_quarter=4)


def test_sector_month_opens_on_the_first_working_day_of_december() -> None:
    assert sector_month_start(2025, CAL).date == date(2025, 12, 1)
    assert sector_month_start(2029, CAL).date == date(2029, 12, 3)  # a Saturday in a year without data


def test_proposal_month_starts_on_its_first_working_day() -> None:
    start = proposal_month_start(date(2026, 3, 5), CAL)
    assert (start.nominal_date, start.date, start.shifted) == (date(2026, 2, 1), date(2026, 2, 2), True)
    assert proposal_month_start(date(2026, 1, 10), CAL, months_before=2).date == date(2025, 11, 3)
