"""Working-day arithmetic for deadlines, without the feature that owns the calendar.

The holiday calendar is edited in planning, a feature app that other feature apps must not import. So planning
registers a provider here (a function giving a committee's "is this a working day?" test for a year), and a
deadline (a mailbox letter's first response within 5 working days) asks core. Without a provider the week is
Monday to Friday.
"""

import datetime
from collections.abc import Callable

from lvzhi.core.models import Committee

DayTest = Callable[[datetime.date], bool]
Provider = Callable[[Committee, int], DayTest]


def _weekdays(committee: Committee, year: int) -> DayTest:
    return lambda day: day.weekday() < 5


_provider: list[Provider] = [_weekdays]


def provide_calendar(provider: Provider) -> None:
    """Called once by the app that owns the holiday calendar (planning's hooks)."""
    _provider[0] = provider


def add_working_days(committee: Committee, start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (the day itself does not count)."""
    tests: dict[int, DayTest] = {}
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.year not in tests:
            tests[day.year] = _provider[0](committee, day.year)
        if tests[day.year](day):
            left -= 1
    return day


def working_days_between(committee: Committee, start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    tests: dict[int, DayTest] = {}
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.year not in tests:
            tests[day.year] = _provider[0](committee, day.year)
        count += tests[day.year](day)
    return count
