"""Statistics API (API.md "Statistics")."""

from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from lvzhi.core.apiinput import Page, PageSize, Year
from lvzhi.core.apikit import MAX_PAGE_SIZE, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.dashboard.queries import activity_stats
from lvzhi.planning.services.calendar import check_year

router = Router(tags=["statistics"])


class StatRowOut(Schema):
    key: str = Field(description="Kind code, sector group id, sector id or committee code")
    name: str
    activities: int
    attendances: int
    members_attending: int


class StatList(Schema):
    year: int
    group_by: str
    count: int
    items: list[StatRowOut]


@router.get("/stats/activities", response=StatList, summary="Activities held in a year, attendances and members")
def activity_statistics(
    request: HttpRequest,
    year: Year | None = None,
    group_by: Literal["kind", "sector_group", "sector", "committee"] = "kind",
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    """Held activities (attendance confirmed, outcome recorded or archived) starting in the year; attendances
    are members marked present, late or left early when attendance was confirmed (check-ins, staff marking and
    records made afterwards alike); `members_attending` counts each member once. `sector_group` groups by the
    organising group, `sector` by the attending members' sector, `committee` gives this committee and each
    committee directly below it."""
    need(request, C.VIEW_STATS)
    year = year or timezone.localdate().year
    check_year(year)
    rows = activity_stats(request.committee, year, group_by)
    page, page_size = max(page, 1), min(max(page_size, 1), MAX_PAGE_SIZE)
    return {
        "year": year,
        "group_by": group_by,
        "count": len(rows),
        "items": rows[(page - 1) * page_size : page * page_size],
    }
