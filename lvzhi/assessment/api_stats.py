"""Study and training targets over the API (DOMAIN.md §5): the figures of the 学习目标 and 培训覆盖 screens."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from lvzhi.assessment.targets import (
    RATE_TARGET,
    SESSIONS_TARGET,
    Filter,
    MemberStudy,
    UnitStudy,
    study_report,
    training_report,
    visible_ids,
)
from lvzhi.core.apiinput import Id, Page, PageSize, Year
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.ledger.services import term_for
from lvzhi.org.models import Term
from lvzhi.planning.services.calendar import check_year

router = Router(tags=["statistics"])


class StudyFiguresOut(Schema):
    invited: int
    attended: int
    made_up: int
    rate: float | None
    meets_sessions: bool
    meets_rate: bool


class StudyMemberOut(StudyFiguresOut):
    member_id: int
    name: str
    sector: str
    groups: list[str]
    station: str


class StudyUnitOut(StudyFiguresOut):
    id: int
    name: str
    members: int
    sessions: int
    members_short: int


class StudyTargetsOut(Schema):
    year: int
    sessions_target: int
    rate_target: float
    members_meeting_both: int
    rate: float | None
    groups: list[StudyUnitOut]
    stations: list[StudyUnitOut]
    count: int
    items: list[StudyMemberOut]


def _figures(rate) -> dict:
    return {
        "invited": rate.total_invited,
        "attended": rate.total_attended,
        "made_up": rate.made_up,
        "rate": rate.rate,
        "meets_sessions": rate.meets_sessions,
        "meets_rate": rate.meets_rate,
    }


def _member(m: MemberStudy) -> dict:
    return {
        **_figures(m),
        "member_id": m.member_id,
        "name": m.name,
        "sector": m.sector,
        "groups": m.groups,
        "station": m.station,
    }


def _unit(u: UnitStudy) -> dict:
    return {
        **_figures(u),
        "id": u.key,
        "name": u.name,
        "members": u.members,
        "sessions": u.sessions,
        "members_short": u.short,
    }


def _page(items: list, page: int, page_size: int) -> list:
    return items[(page - 1) * page_size : page * page_size]


@router.get("/stats/study-targets", response=StudyTargetsOut, summary="Study sessions and participation vs targets")
def study_targets(
    request: HttpRequest,
    year: Year | None = None,
    sector: Id | None = None,
    group: Id | None = None,
    station: Id | None = None,
    short: bool = False,
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    """Per member (those in the caller's scope), per sector group and per station: study sessions invited
    (every study, lecture and training row, excused and absent included) and attended (补学 counting, at most
    for what was missed), against ≥4 sessions and ≥90 % a year. `short=true` lists only members below a target."""
    access = need(request, C.VIEW_ASSESSMENT)
    year = year or timezone.localdate().year
    check_year(year)
    report = study_report(request.committee, year, only=visible_ids(access), flt=Filter(sector, group, station))
    members = report.short if short else report.members
    return {
        "year": year,
        "sessions_target": SESSIONS_TARGET,
        "rate_target": RATE_TARGET,
        "members_meeting_both": report.meeting_both,
        "rate": report.rate,
        "groups": [_unit(u) for u in report.groups],
        "stations": [_unit(u) for u in report.stations],
        "count": len(members),
        "items": [_member(m) for m in _page(members, page, page_size)],
    }


class TraineeOut(Schema):
    member_id: int
    name: str
    sector: str
    new: bool
    trainings: int


class TrainingOut(Schema):
    term_id: int
    term_number: int
    members: int
    trained: int
    coverage: float | None
    new_members: int
    new_trained: int
    count: int
    items: list[TraineeOut]


@router.get("/stats/training", response=TrainingOut, summary="Training coverage in a term, and who is untrained")
def training_coverage(
    request: HttpRequest, term_id: Id | None = None, new_only: bool = False, page: Page = 1, page_size: PageSize = 50
) -> dict:
    """Serving members of the term (default: the current year's) with at least one training attended in it;
    `items` lists those not yet trained (`new_only=true`: new members only)."""
    access = need(request, C.VIEW_ASSESSMENT)
    term = (
        get_or_404(Term.objects.all(), pk=term_id)
        if term_id
        else term_for(request.committee, timezone.localdate().year)
    )
    report = training_report(term, only=visible_ids(access))
    short = report.new_short if new_only else report.short
    return {
        "term_id": term.pk,
        "term_number": term.number,
        "members": len(report.members),
        "trained": report.trained,
        "coverage": report.coverage,
        "new_members": len(report.new_members),
        "new_trained": report.new_trained,
        "count": len(short),
        "items": [
            {"member_id": t.member_id, "name": t.name, "sector": t.sector, "new": t.new, "trainings": t.trainings}
            for t in _page(short, page, page_size)
        ],
    }
