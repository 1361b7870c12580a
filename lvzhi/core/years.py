"""Years: the one a screen looks at, and a year as local midnight to midnight."""

import datetime

from django.http import HttpRequest
from django.utils import timezone

MIN_YEAR, MAX_YEAR = 2000, 2100


def year_of(request: HttpRequest) -> int:
    """The year named in the query or form, else this year; nonsense falls back to this year."""
    raw = request.POST.get("year") or request.GET.get("year") or ""
    this_year = timezone.localdate().year
    try:
        year = int(raw)
    except ValueError:
        return this_year
    return year if MIN_YEAR <= year <= MAX_YEAR else this_year


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The year as local (Asia/Shanghai) midnight to midnight, for filtering timestamps."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )
