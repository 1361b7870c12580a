"""The statistics catalogue over the API (DOMAIN.md §6): the same figures as the 统计分析 screens."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from lvzhi.assessment.targets import visible_ids
from lvzhi.core.apiinput import Id, Page, PageSize, Year, choice
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.dashboard.reports.events import EventFilter, event_attendance, rate
from lvzhi.dashboard.reports.leaders import dashboard, rollup, summary_figures, summary_text
from lvzhi.dashboard.reports.members import MemberFilter, member_table, shortfalls
from lvzhi.dashboard.reports.units import unit_report
from lvzhi.ledger.services import term_for
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Term
from lvzhi.planning.services.calendar import check_year

router = Router(tags=["statistics"])

StatsActivityKind = choice(ActivityKind, "StatsActivityKind")


def _year(year: int | None) -> int:
    year = year or timezone.localdate().year
    check_year(year)
    return year


def _page(items: list, page: int, page_size: int) -> list:
    return items[(page - 1) * page_size : page * page_size]


class StatsColumnOut(Schema):
    code: str
    label: str


class StatsMemberLineOut(Schema):
    member_id: int
    name: str
    gender: str
    sector: str
    special_committees: str
    groups: str
    employer: str
    job_title: str
    counts: dict[str, int] = Field(description="Column code → count; columns nobody has are left out")
    total: int


class StatsMemberTableOut(Schema):
    term_id: int
    year: int | None = Field(description="null: the whole term")
    columns: list[StatsColumnOut]
    count: int
    items: list[StatsMemberLineOut]


@router.get("/stats/members", response=StatsMemberTableOut, summary="委员履职情况统计表: per member × item")
def member_statistics(
    request: HttpRequest,
    year: Year | None = None,
    whole_term: bool = False,
    term_id: Id | None = None,
    sector: Id | None = None,
    special_committee: Id | None = None,
    group: Id | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    """Counting ledger rows of the term's members (those in the caller's scope): meetings and activities attended
    per kind, leave and absence, proposals as first proposer and co-signer, 社情民意 sent and adopted, every other
    duty kind. `whole_term=true` sums the whole term instead of one year."""
    access = need(request, C.VIEW_STATS)
    year = _year(year)
    term = get_or_404(Term.objects.all(), pk=term_id) if term_id else term_for(request.committee, year)
    table = member_table(
        request.committee,
        term,
        None if whole_term else year,
        only=visible_ids(access),
        flt=MemberFilter(sector, special_committee, group),
    )
    return {
        "term_id": term.pk,
        "year": table.year,
        "columns": [{"code": c.code, "label": str(c.label)} for c in table.columns],
        "count": len(table.lines),
        "items": _page(table.lines, page, page_size),
    }


class StatsShortfallOut(Schema):
    member_id: int
    name: str
    sector: str
    total: int
    score: float
    band_label: str
    missing: list[str]
    reasons: list[str]


class StatsShortfallList(Schema):
    year: int
    count: int
    items: list[StatsShortfallOut]


@router.get("/stats/inactive", response=StatsShortfallList, summary="未履职/履职偏少委员名单")
def inactive_members(request: HttpRequest, year: Year | None = None, page: Page = 1, page_size: PageSize = 50) -> dict:
    """Members with nothing recorded in the year, missing a minimum duty ("三个一"), or scored below 基本称职."""
    access = need(request, C.VIEW_ASSESSMENT)
    year = _year(year)
    found = shortfalls(request.committee, term_for(request.committee, year), year, only=visible_ids(access))
    return {"year": year, "count": len(found), "items": _page(found, page, page_size)}


class StatsEventOut(Schema):
    activity_id: int
    title: str
    kind: str
    starts_at: datetime.datetime
    invited: int
    replied: int
    on_leave: int
    present: int
    absent: int
    rate: float | None


class StatsEventList(Schema):
    year: int
    count: int
    items: list[StatsEventOut]


@router.get("/stats/events", response=StatsEventList, summary="会议活动出席统计: per held activity")
def event_statistics(
    request: HttpRequest,
    year: Year | None = None,
    kind: StatsActivityKind | None = None,
    group: Id | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    """Held activities of the year: on the list (invited or confirmed), replied (confirmed or asked for leave),
    on leave, present (late and left early included), absent, and present ÷ on the list."""
    need(request, C.VIEW_STATS)
    year = _year(year)
    found = event_attendance(request.committee, year, EventFilter(kind or "", group))
    rows = found[(page - 1) * page_size : page * page_size]
    return {
        "year": year,
        "count": found.count(),
        "items": [
            {
                "activity_id": a.pk,
                "title": a.title,
                "kind": a.kind,
                "starts_at": a.starts_at,
                "invited": a.invited,
                "replied": a.replied,
                "on_leave": a.on_leave,
                "present": a.present,
                "absent": a.absent,
                "rate": rate(a),
            }
            for a in rows
        ],
    }


class StatsUnitOut(Schema):
    id: int
    name: str
    members: int
    figures: dict[str, int]
    organised: dict[str, int] = Field(description="For sector groups: activities the group itself organised")
    checklist: str = Field(description='For sector groups: "八个有" and "168" items done, e.g. "6/8 · 5/7"')


class StatsUnitList(Schema):
    year: int
    by: str
    count: int
    items: list[StatsUnitOut]


@router.get("/stats/units", response=StatsUnitList, summary="界别/活动组/工作室 activity report")
def unit_statistics(
    request: HttpRequest, year: Year | None = None, by: Literal["group", "station", "sector"] = "group"
) -> dict:
    """What each sector group, station or sector's members did in the year (attendances, study, consultation,
    proposals, 社情民意, contacts, mailbox answers); for groups also what the group organised."""
    access = need(request, C.VIEW_STATS)
    year = _year(year)
    lines = unit_report(request.committee, term_for(request.committee, year), year, by, only=visible_ids(access))
    items = [
        {
            "id": u.key,
            "name": u.name,
            "members": u.members,
            "figures": u.figures,
            "organised": u.organised,
            "checklist": u.checklist,
        }
        for u in lines
    ]
    return {"year": year, "by": by, "count": len(items), "items": items}


class StatsTargetOut(Schema):
    code: str
    label: str
    actual: float
    goal: float
    met: bool


class StatsCountOut(Schema):
    key: str
    label: str
    count: int


class StatsGroupRateOut(Schema):
    name: str
    rate: float | None
    members_short: int


class StatsDashboardOut(Schema):
    year: int
    as_of: datetime.date
    members: int
    targets: list[StatsTargetOut]
    bands: list[StatsCountOut]
    score_buckets: list[StatsCountOut]
    group_rates: list[StatsGroupRateOut]


@router.get("/stats/dashboard", response=StatsDashboardOut, summary="Leaders' dashboard: year to date vs targets")
def leaders_dashboard(request: HttpRequest, year: Year | None = None) -> dict:
    """Study sessions, participation, 政协大讲堂 per quarter, sector-group 协商会 and 活动, training and the minimum
    duties against their targets; the score distribution and each sector group's study participation."""
    access = need(request, C.VIEW_STATS)
    board = dashboard(request.committee, _year(year), only=visible_ids(access))
    return {
        "year": board.year,
        "as_of": board.as_of,
        "members": board.members,
        "targets": [
            {"code": t.code, "label": str(t.label), "actual": t.actual, "goal": t.goal, "met": t.met}
            for t in board.targets
        ],
        "bands": [{"key": code, "label": label, "count": n} for code, label, n in board.bands],
        "score_buckets": [{"key": label, "label": label, "count": n} for label, n in board.buckets],
        "group_rates": [{"name": n, "rate": r, "members_short": s} for n, r, s in board.group_rates],
    }


class StatsRollupOut(Schema):
    code: str
    name: str
    level: str
    depth: int
    own: dict[str, int]
    total: dict[str, int] = Field(description="This committee and every committee below it")


class StatsRollupList(Schema):
    year: int
    count: int
    items: list[StatsRollupOut]


@router.get("/stats/rollup", response=StatsRollupList, summary="This committee and every level below, summed")
def committee_rollup(request: HttpRequest, year: Year | None = None) -> dict:
    """Counts only (never another committee's rows): serving members, activities held, attendances, ledger rows,
    proposals and 社情民意 per committee, depth-first, each with the sum over its subtree."""
    need(request, C.VIEW_STATS)
    year = _year(year)
    lines = rollup(request.committee, year)
    return {"year": year, "count": len(lines), "items": lines}


class StatsSummaryOut(Schema):
    year: int
    text: str
    figures: dict[str, float | int | None]


@router.get("/stats/summary", response=StatsSummaryOut, summary="The annual summary paragraph, from the data")
def annual_summary(request: HttpRequest, year: Year | None = None) -> dict:
    """The paragraph the 年度综述 screen offers for editing, and the figures it was written from."""
    need(request, C.VIEW_STATS)
    figures = summary_figures(request.committee, _year(year))
    data = {k: v for k, v in vars(figures).items() if k != "year"}
    return {"year": figures.year, "text": summary_text(request.committee, figures), "figures": data}
