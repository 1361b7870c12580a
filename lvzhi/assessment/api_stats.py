"""Study and training targets (DOMAIN.md §5) and the sector-group assessment (§4.4) over the API: the figures of
the 学习目标, 培训覆盖 and 界别考评 screens."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from lvzhi.assessment.groups import GroupResult, group_result, group_results, visible_groups
from lvzhi.assessment.services import groups as group_services
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
from lvzhi.core.apiinput import Body, Id, Page, PageSize, Text, Year
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.ledger.services import term_for
from lvzhi.org.models import SectorGroup, Term
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


# Sector-group assessment (§4.4)


class GroupCheckOut(Schema):
    item: str
    label: str
    part: str = Field(description="checklist (八个有) or targets (168)")
    done: bool
    auto: bool = Field(description="Ticked by the data")
    detail: str
    evidence_note: str | None
    evidence_file: bool


class GroupAssessmentOut(Schema):
    group_id: int
    name: str
    rank: int | None
    members: int
    checklist_done: int
    targets_done: int
    mean_score: float | None
    composite: float
    checks: list[GroupCheckOut]


class GroupAssessmentList(Schema):
    year: int
    count: int
    items: list[GroupAssessmentOut]


def _result(r: GroupResult) -> dict:
    return {
        "group_id": r.group.pk,
        "name": r.group.name,
        "rank": r.rank,
        "members": r.members,
        "checklist_done": r.checklist_done,
        "targets_done": r.targets_done,
        "mean_score": r.mean_score,
        "composite": r.composite,
        "checks": [
            {
                "item": c.item.code,
                "label": str(c.item.label),
                "part": c.item.part,
                "done": c.done,
                "auto": c.auto,
                "detail": c.detail,
                "evidence_note": c.evidence.note if c.evidence else None,
                "evidence_file": bool(c.evidence and c.evidence.file),
            }
            for c in r.checks
        ],
    }


def _visible_group(access, group_id: int) -> SectorGroup:
    allowed = visible_groups(access)
    if allowed is not None and group_id not in allowed:
        raise NotFound("not_found", _("对象不存在"))
    return get_or_404(SectorGroup.objects.all(), pk=group_id)


@router.get("/assessment/groups", response=GroupAssessmentList, summary="Sector groups ranked (internal)")
def group_ranking(request: HttpRequest, year: Year | None = None) -> dict:
    """Each sector group of the year's term with its "八个有" and "168" checks (from the data, or the office's
    evidence), its members' mean score and the composite (40 % checklist + 30 % mean score + 30 % targets),
    ranked. For internal use: never published."""
    access = need(request, C.VIEW_ASSESSMENT)
    year = year or timezone.localdate().year
    results = group_results(request.committee, year, only=visible_groups(access))
    return {"year": year, "count": len(results), "items": [_result(r) for r in results]}


@router.get("/assessment/groups/{group_id}", response=GroupAssessmentOut, summary="One sector group's checks")
def group_assessment(request: HttpRequest, group_id: Id, year: Year | None = None) -> dict:
    access = need(request, C.VIEW_ASSESSMENT)
    group = _visible_group(access, group_id)
    year = year or timezone.localdate().year
    return _result(group_result(request.committee, group, year))


class GroupCheckIn(Body):
    year: Year
    item: Text(30)
    note: Text(300)


@router.post("/assessment/groups/{group_id}/checks", response={201: GroupAssessmentOut}, summary="Tick an item")
def tick_group_item(request: HttpRequest, group_id: Id, payload: GroupCheckIn) -> Status:
    """The office's evidence for an item the data does not show (a file can be added on the screen)."""
    access = need(request, C.MANAGE_ASSESSMENT)
    group = _visible_group(access, group_id)
    group_services.tick(group, year=payload.year, item=payload.item, note=payload.note, file=None, actor=request.user)
    return Status(201, _result(group_result(request.committee, group, payload.year)))


@router.delete("/assessment/groups/{group_id}/checks/{item}", response={204: None}, summary="Take a tick back")
def untick_group_item(request: HttpRequest, group_id: Id, item: str, year: Year) -> Status:
    access = need(request, C.MANAGE_ASSESSMENT)
    group = _visible_group(access, group_id)
    group_services.untick(group, year=year, item=item[:30], actor=request.user)
    return Status(204, None)
