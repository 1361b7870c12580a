"""The assessment API (API.md "Duty ledger and assessment"): scores and rankings, the member's own score, schemes."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from lvzhi.assessment import queries
from lvzhi.assessment import rules as R
from lvzhi.assessment.models import Scheme
from lvzhi.assessment.scoring import MemberScore
from lvzhi.assessment.services import schemes as scheme_services
from lvzhi.assessment.views.me import my_progress
from lvzhi.core.apiinput import Body, Id, Name, Page, PageSize, Text, Year
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.org.portal import member_of

router = Router(tags=["assessment"])


class BreakdownLine(Schema):
    indicator: str
    label: str
    points: float


class ScoreOut(Schema):
    member_id: int
    name: str
    score: float
    band: str
    band_label: str
    rank: int | None
    base: float
    bonus: float
    penalty: float
    months: int
    missing_duties: list[str]
    capped_by: list[str]
    breakdown: list[BreakdownLine]


class ScoreList(Schema):
    year: int
    status: str
    status_label: str
    scheme: str
    count: int
    items: list[ScoreOut]


def _score_out(s: MemberScore, rules: R.Rules) -> dict[str, Any]:
    labels = {i.code: i.label for i in rules.indicators}
    return {
        "member_id": s.member_id,
        "name": s.person.name,
        "score": s.score,
        "band": s.band,
        "band_label": s.band_label,
        "rank": s.rank,
        "base": s.base,
        "bonus": s.bonus,
        "penalty": s.penalty,
        "months": s.person.months,
        "missing_duties": s.missing_duties,
        "capped_by": s.capped_by,
        "breakdown": [{"indicator": code, "label": labels.get(code, code), "points": p} for code, p in s.lines.items()],
    }


@router.get("/assessment/{int:year}/scores", response=ScoreList, summary="Scores, bands and ranks of a year")
def scores(
    request: HttpRequest,
    year: Year,
    sector: Id | None = None,
    group: Id | None = None,
    special_committee: Id | None = None,
    page: Page = 1,
    page_size: PageSize = 200,
) -> dict:
    access = need(request, C.VIEW_ASSESSMENT)
    result = queries.ranking(access, year, queries.RankingFilter(sector, group, special_committee))
    start = (page - 1) * page_size
    return {
        "year": year,
        "status": result.status,
        "status_label": result.status_label,
        "scheme": result.scheme_name,
        "count": len(result.scores),
        "items": [_score_out(s, result.rules) for s in result.scores[start : start + page_size]],
    }


class DutyProgress(Schema):
    code: str
    label: str
    done: bool


class MyScoreOut(Schema):
    year: int
    status: str
    score: ScoreOut
    minimum_duties: list[DutyProgress]
    rank_visible: bool


@router.get("/assessment/{int:year}/my-score", response=MyScoreOut, summary="The member's own score so far")
def my_score(request: HttpRequest, year: Year) -> dict:
    access = need(request, C.PARTICIPATE)
    member = member_of(request.user, access.committee)
    progress = my_progress(access.committee, member, year) if member else None
    if progress is None:
        raise NotFound("assessment.not_assessed", _("您不在该年度的考核名单中"))
    out = _score_out(progress.score, progress.rules)
    if not progress.rank_visible:
        out["rank"] = None
    return {
        "year": year,
        "status": progress.status,
        "score": out,
        "minimum_duties": [{"code": d.code, "label": d.label, "done": d.done} for d in progress.duties],
        "rank_visible": progress.rank_visible,
    }


class SchemeOut(Schema):
    id: int
    name: str
    version: int
    status: str
    status_label: str
    from_year: int | None
    note: str
    rules: dict[str, Any]


class SchemeIn(Body):
    name: Name(100)
    preset: str = ""
    copy_of: Id | None = None


class SchemePatch(Body):
    name: Name(100) | None = None
    note: Text(300) = ""
    rules: dict[str, Any] | None = None


class SchemeAdoptIn(Body):
    from_year: Year


class SchemeSimulateIn(Body):
    year: Year


class BandChangeOut(Schema):
    member_id: int
    name: str
    score_before: float
    score_after: float
    band_before: str
    band_after: str


class SimulationOut(Schema):
    year: int
    members: int
    mean_before: float
    mean_after: float
    changes: list[BandChangeOut]


class PresetOut(Schema):
    key: str
    label: str
    rules: dict[str, Any]


def _scheme_out(scheme: Scheme) -> dict[str, Any]:
    return {
        "id": scheme.pk,
        "name": scheme.name,
        "version": scheme.version,
        "status": scheme.status,
        "status_label": scheme.get_status_display(),
        "from_year": scheme.from_year,
        "note": scheme.note,
        "rules": scheme.rules,
    }


@router.get("/assessment/presets", response=list[PresetOut], summary="The shipped scoring schemes")
def presets(request: HttpRequest) -> list[dict]:
    need(request, C.VIEW_ASSESSMENT)
    return [{"key": key, "label": str(label), "rules": rules.to_json()} for key, (label, rules) in R.PRESETS.items()]


@router.get("/assessment/schemes", response=list[SchemeOut], summary="The committee's scheme versions")
def scheme_list(request: HttpRequest) -> list[dict]:
    access = need(request, C.VIEW_ASSESSMENT)
    return [_scheme_out(s) for s in Scheme.objects.filter(committee=access.committee)]


@router.post("/assessment/schemes", response={201: SchemeOut}, summary="A new draft scheme")
def scheme_create(request: HttpRequest, payload: SchemeIn) -> Status:
    access = need(request, C.MANAGE_ASSESSMENT)
    source = None
    if payload.copy_of is not None:
        source = get_or_404(Scheme.objects.filter(committee=access.committee), pk=payload.copy_of)
    scheme = scheme_services.create_draft(
        access.committee, actor=request.user, name=payload.name, preset=payload.preset, copy_of=source
    )
    return Status(201, _scheme_out(scheme))


@router.get("/assessment/schemes/{int:scheme_id}", response=SchemeOut, summary="One scheme version")
def scheme_detail(request: HttpRequest, scheme_id: Id) -> dict:
    access = need(request, C.VIEW_ASSESSMENT)
    return _scheme_out(get_or_404(Scheme.objects.filter(committee=access.committee), pk=scheme_id))


@router.patch("/assessment/schemes/{int:scheme_id}", response=SchemeOut, summary="Edit a draft scheme")
def scheme_update(request: HttpRequest, scheme_id: Id, payload: SchemePatch) -> dict:
    access = need(request, C.MANAGE_ASSESSMENT)
    scheme = get_or_404(Scheme.objects.filter(committee=access.committee), pk=scheme_id)
    scheme = scheme_services.update_draft(
        scheme,
        actor=request.user,
        rules=payload.rules if payload.rules is not None else scheme.rules,
        name=payload.name,
        note=payload.note,
    )
    return _scheme_out(scheme)


@router.post("/assessment/schemes/{int:scheme_id}/adopt", response=SchemeOut, summary="Put a draft in force")
def scheme_adopt(request: HttpRequest, scheme_id: Id, payload: SchemeAdoptIn) -> dict:
    access = need(request, C.MANAGE_ASSESSMENT)
    scheme = get_or_404(Scheme.objects.filter(committee=access.committee), pk=scheme_id)
    return _scheme_out(scheme_services.adopt(scheme, actor=request.user, from_year=payload.from_year))


@router.post("/assessment/schemes/{int:scheme_id}/withdraw", response=SchemeOut, summary="Withdraw a scheme")
def scheme_withdraw(request: HttpRequest, scheme_id: Id) -> dict:
    access = need(request, C.MANAGE_ASSESSMENT)
    scheme = get_or_404(Scheme.objects.filter(committee=access.committee), pk=scheme_id)
    return _scheme_out(scheme_services.withdraw(scheme, actor=request.user))


@router.post("/assessment/schemes/{int:scheme_id}/simulate", response=SimulationOut, summary="Who would change band")
def scheme_simulate(request: HttpRequest, scheme_id: Id, payload: SchemeSimulateIn) -> dict:
    access = need(request, C.MANAGE_ASSESSMENT)
    scheme = get_or_404(Scheme.objects.filter(committee=access.committee), pk=scheme_id)
    result = scheme_services.simulate(access.committee, R.parse(scheme.rules), payload.year)
    return {
        "year": result.year,
        "members": result.members,
        "mean_before": result.mean_before,
        "mean_after": result.mean_after,
        "changes": [vars(c) for c in result.changes],
    }
