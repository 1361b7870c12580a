"""The yearly cycle's API (§3.7): years and their moves, the member's lines and disputes, the office's dispute
queue and re-check, and the use of published results (low scorers, nominations, talks)."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.assessment import letters as letters_kit
from lvzhi.assessment.models import AssessmentYear, LineCheck, Nomination, Score, Talk
from lvzhi.assessment.services import cycle, disputes, results
from lvzhi.assessment.transitions import YEAR_MOVES
from lvzhi.core.apiinput import Body, Day, Id, Name, Page, PageSize, Text, Year, choice
from lvzhi.core.apikit import LocalDateTime, get_or_404, need, paginate
from lvzhi.core.capabilities import Capability as C
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.org.queries.members import visible_members

router = Router(tags=["assessment cycle"])

AssessmentYearStatus = choice(AssessmentYear.Status, "AssessmentYearStatus")
LineCheckStatus = choice(LineCheck.Status, "LineCheckStatus")
YearMove = Literal[tuple(a for a in YEAR_MOVES if a != "open")]
LetterKindIn = Literal[letters_kit.LETTER_KINDS]


class AssessmentYearIn(Body):
    year: Year


class AssessmentYearOut(Schema):
    year: int
    status: AssessmentYearStatus
    status_label: str
    scheme_id: int | None
    frozen_at: LocalDateTime | None
    check_until: datetime.date | None


class AssessmentEventOut(Schema):
    at: LocalDateTime
    actor_id: int | None
    action: str
    from_status: str
    to_status: str
    note: str


class AssessmentYearDetail(AssessmentYearOut):
    actions: list[str]
    members: int
    checks: dict[str, int]
    timeline: list[AssessmentEventOut]


class AssessmentMoveIn(Body):
    note: Text(300) = ""


def _year_out(a: AssessmentYear) -> dict[str, Any]:
    return {
        "year": a.year,
        "status": a.status,
        "status_label": a.get_status_display(),
        "scheme_id": a.scheme_id,
        "frozen_at": a.frozen_at,
        "check_until": a.check_until,
    }


def _year(access, year: int) -> AssessmentYear:
    return get_or_404(AssessmentYear.objects.filter(committee=access.committee), year=year)


def _detail(a: AssessmentYear, request: HttpRequest) -> dict[str, Any]:
    counts = {s: 0 for s in LineCheck.Status.values}
    for status in LineCheck.objects.filter(assessment=a).values_list("status", flat=True):
        counts[status] += 1
    return {
        **_year_out(a),
        "actions": cycle.moves_for(a, request.user),
        "members": Score.objects.filter(assessment=a).count(),
        "checks": counts,
        "timeline": list(a.events.all()),
    }


@router.get("/assessment/years", response=list[AssessmentYearOut], summary="Assessment years and their status")
def list_years(request: HttpRequest) -> list[dict]:
    access = need(request, C.VIEW_ASSESSMENT)
    return [_year_out(a) for a in AssessmentYear.objects.filter(committee=access.committee).order_by("-year")]


@router.post("/assessment/years", response={201: AssessmentYearOut}, summary="Open an assessment year (office)")
def open_year(request: HttpRequest, payload: AssessmentYearIn) -> Status:
    access = need(request, C.MANAGE_ASSESSMENT)
    return Status(201, _year_out(cycle.open_year(access.committee, payload.year, actor=request.user)))


@router.get("/assessment/years/{year}", response=AssessmentYearDetail, summary="A year: status, moves, timeline")
def year_detail(request: HttpRequest, year: Year) -> dict:
    access = need(request, C.VIEW_ASSESSMENT)
    return _detail(_year(access, year), request)


@router.post(
    "/assessment/years/{year}/moves/{action}",
    response=AssessmentYearDetail,
    summary="Move a year: freeze, close_check, submit, return, approve, archive",
)
def move_year(request: HttpRequest, year: Year, action: YearMove, payload: AssessmentMoveIn) -> dict:
    access = need(request, YEAR_MOVES[action].capability)
    assessment = cycle.move(_year(access, year), action, actor=request.user, note=payload.note)
    return _detail(assessment, request)


# ---- the member's check ---------------------------------------------------------------------------------------


class IndicatorPoints(Schema):
    indicator: str
    label: str
    points: float


class LineCheckOut(Schema):
    id: int
    status: LineCheckStatus
    reason: str
    decision_note: str
    score_before: float | None
    score_after: float | None


class MyLineOut(Schema):
    id: int
    kind: str
    role: str
    title: str
    date: datetime.date
    status: str
    counts: bool
    points: float
    breakdown: list[IndicatorPoints]
    check: LineCheckOut | None


class MyLinesOut(Schema):
    year: int
    status: AssessmentYearStatus
    check_open: bool
    check_until: datetime.date | None
    score: float | None
    band: str | None
    band_label: str | None
    rank: int | None
    lines: list[MyLineOut]


def _check_out(c: LineCheck | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "id": c.pk,
        "status": c.status,
        "reason": c.reason,
        "decision_note": c.decision_note,
        "score_before": c.score_before,
        "score_after": c.score_after,
    }


def _mine(request: HttpRequest, year: int) -> tuple[AssessmentYear, Any]:
    # The year first, so another committee's caller meets 404 whatever their roles; then only members go on.
    assessment = _year(need(request), year)
    need(request, C.PARTICIPATE)
    return assessment, disputes.member_of(request.user, assessment)


@router.get("/assessment/years/{year}/my-lines", response=MyLinesOut, summary="My lines of a frozen year (核对)")
def my_lines(request: HttpRequest, year: Year) -> dict:
    assessment, member = _mine(request, year)
    mine = disputes.my_year(assessment, member) if assessment.is_frozen else None
    score = mine.score if mine else None
    return {
        "year": assessment.year,
        "status": assessment.status,
        "check_open": assessment.status == AssessmentYear.Status.CHECKING,
        "check_until": assessment.check_until,
        "score": score.score if score else None,
        "band": score.band if score else None,
        "band_label": mine.band_label if score else None,
        "rank": score.rank if score else None,
        "lines": [
            {
                "id": line.record.pk,
                "kind": line.record.kind,
                "role": line.record.role,
                "title": line.record.title,
                "date": line.record.event_date,
                "status": line.record.status,
                "counts": line.counts,
                "points": line.points,
                "breakdown": [{"indicator": c, "label": label, "points": p} for c, label, p in line.indicators],
                "check": _check_out(line.check),
            }
            for line in (mine.lines if mine else [])
        ],
    }


def _my_record(assessment: AssessmentYear, member, record_id: int) -> DutyRecord:
    return get_or_404(DutyRecord.objects.filter(member=member, year=assessment.year), pk=record_id)


@router.post(
    "/assessment/years/{year}/my-lines/{record_id}/confirm", response=LineCheckOut, summary="Confirm one of my lines"
)
def confirm_line(request: HttpRequest, year: Year, record_id: Id) -> dict | None:
    assessment, member = _mine(request, year)
    record = _my_record(assessment, member, record_id)
    return _check_out(disputes.confirm_line(assessment, record, actor=request.user))


class ConfirmedOut(Schema):
    confirmed: int


@router.post("/assessment/years/{year}/my-lines/confirm-all", response=ConfirmedOut, summary="No objection to the rest")
def confirm_all(request: HttpRequest, year: Year) -> dict:
    assessment, _member = _mine(request, year)
    return {"confirmed": disputes.confirm_all(assessment, actor=request.user)}


@router.post(
    "/assessment/years/{year}/my-lines/{record_id}/dispute",
    response={201: LineCheckOut},
    summary="Dispute one of my lines with a reason and optional evidence (multipart)",
)
def dispute_line(
    request: HttpRequest,
    year: Year,
    record_id: Id,
    reason: Form[Name(300)],
    evidence_file: File[UploadedFile] = None,
) -> Status:
    assessment, member = _mine(request, year)
    record = _my_record(assessment, member, record_id)
    check = disputes.dispute_line(assessment, record, actor=request.user, reason=reason, evidence_file=evidence_file)
    return Status(201, _check_out(check))


# ---- the office's re-check -------------------------------------------------------------------------------------


class DisputeOut(LineCheckOut):
    year: int
    member_id: int
    member_name: str
    record_id: int
    record_title: str
    record_status: str
    evidence_file: bool
    created_at: LocalDateTime
    decided_at: LocalDateTime | None


class DisputeList(Schema):
    count: int
    items: list[DisputeOut]


def _dispute_out(c: LineCheck) -> dict[str, Any]:
    return {
        **_check_out(c),
        "year": c.assessment.year,
        "member_id": c.member_id,
        "member_name": c.member.name,
        "record_id": c.record_id,
        "record_title": c.record.title,
        "record_status": c.record.status,
        "evidence_file": bool(c.evidence_file),
        "created_at": c.created_at,
        "decided_at": c.decided_at,
    }


@router.get("/assessment/disputes", response=DisputeList, summary="The disputes queue (office)")
def dispute_queue(
    request: HttpRequest,
    year: Year | None = None,
    status: LineCheckStatus | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    access = need(request, C.MANAGE_ASSESSMENT)
    rows = disputes.disputes_of(LineCheck.objects.filter(committee=access.committee))
    if year is not None:
        rows = rows.filter(assessment__year=year)
    if status is not None:
        rows = rows.filter(status=status)
    count, chunk = paginate(rows.order_by("-created_at", "-id"), page, page_size)
    return {"count": count, "items": [_dispute_out(c) for c in chunk]}


class DisputeResolveIn(Body):
    decision: Literal["keep", "void", "replace"]
    note: Name(300)
    kind: DutyKind | None = None
    role: DutyRole | None = None
    title: Text(200) = ""


@router.post("/assessment/disputes/{dispute_id}/resolve", response=DisputeOut, summary="Keep or correct a dispute")
def resolve(request: HttpRequest, dispute_id: Id, payload: DisputeResolveIn) -> dict:
    access = need(request, C.MANAGE_ASSESSMENT)
    rows = LineCheck.objects.filter(committee=access.committee).exclude(status=LineCheck.Status.CONFIRMED)
    check = get_or_404(rows, pk=dispute_id)
    if payload.decision == "keep":
        check = disputes.keep(check, actor=request.user, note=payload.note)
    else:
        replacement = None
        if payload.decision == "replace":
            replacement = disputes.Replacement(payload.kind or "", payload.role or "", payload.title)
        check = disputes.correct(check, actor=request.user, note=payload.note, replacement=replacement)
    return _dispute_out(LineCheck.objects.select_related("assessment", "member", "record").get(pk=check.pk))


# ---- use of results -------------------------------------------------------------------------------------------


class ResultMemberOut(Schema):
    member_id: int
    name: str
    score: float
    band: str
    rank: int | None


class LowScorerOut(ResultMemberOut):
    previous_score: float | None
    two_years: bool


class TalkOut(Schema):
    id: int
    member_id: int
    held_on: datetime.date
    talker: str
    content: str


class NominationOut(Schema):
    id: int
    member_id: int
    reason: str


class ResultsOut(Schema):
    year: int
    published: bool
    low_scorers: list[LowScorerOut]
    excellent: list[ResultMemberOut]
    nominations: list[NominationOut]
    talks: list[TalkOut]


def _member_out(s: Score) -> dict[str, Any]:
    return {"member_id": s.member_id, "name": s.member.name, "score": s.score, "band": s.band, "rank": s.rank}


@router.get("/assessment/years/{year}/results", response=ResultsOut, summary="Use of a published year's results")
def year_results(request: HttpRequest, year: Year) -> dict:
    access = need(request, C.VIEW_ASSESSMENT)
    assessment = _year(access, year)
    published = assessment.status in results.PUBLISHED
    visible = set(visible_members(access).values_list("pk", flat=True))
    low = [x for x in results.low_scorers(assessment) if x.score.member_id in visible] if published else []
    return {
        "year": assessment.year,
        "published": published,
        "low_scorers": [{**_member_out(x.score), "previous_score": x.previous, "two_years": x.two_years} for x in low],
        "excellent": [_member_out(s) for s in results.excellent(assessment) if s.member_id in visible]
        if published
        else [],
        "nominations": list(Nomination.objects.filter(assessment=assessment, member__in=visible)),
        "talks": list(Talk.objects.filter(assessment=assessment, member__in=visible)),
    }


class NominationIn(Body):
    member_id: Id
    reason: Text(300) = ""


class TalkIn(Body):
    member_id: Id
    held_on: Day
    talker: Name(60)
    content: Name(5000)


def _member(access, member_id: int):
    return get_or_404(visible_members(access), pk=member_id)


@router.post("/assessment/years/{year}/nominations", response={201: NominationOut}, summary="Nominate 优秀委员")
def nominate(request: HttpRequest, year: Year, payload: NominationIn) -> Status:
    access = need(request, C.MANAGE_ASSESSMENT)
    assessment = _year(access, year)
    member = _member(access, payload.member_id)
    return Status(201, results.nominate(assessment, member, actor=request.user, reason=payload.reason))


@router.post("/assessment/years/{year}/talks", response={201: TalkOut}, summary="Record a talk with a low scorer")
def record_talk(request: HttpRequest, year: Year, payload: TalkIn) -> Status:
    access = need(request, C.MANAGE_ASSESSMENT)
    assessment = _year(access, year)
    member = _member(access, payload.member_id)
    talk = results.record_talk(
        assessment,
        member,
        actor=request.user,
        held_on=payload.held_on,
        talker=payload.talker,
        content=payload.content,
    )
    return Status(201, talk)


@router.get(
    "/assessment/years/{year}/letters.pdf",
    summary="The use-of-results letters of a published year as one 公文-style PDF",
)
def letters_pdf(
    request: HttpRequest,
    year: Year,
    to: LetterKindIn = letters_kit.ALL,
    member_id: Id | None = None,
    band: Text(30) = "",
    ref: Text(40) = "",
    addressee: Text(60) = "",
) -> HttpResponse:
    access = need(request, C.MANAGE_ASSESSMENT)
    assessment = _year(access, year)
    if member_id is not None:
        _member(access, member_id)
    letters = letters_kit.letters_for(access, assessment, to, member=member_id, band=band, ref=ref, addressee=addressee)
    filename = letters_kit.filename(assessment, to)
    return HttpResponse(
        letters_kit.letters_pdf(letters),
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
