"""What the planning screens share: the year being looked at."""

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
