"""Key (重点) and excellent (优秀) proposals: shortlist and nominate, the leaders' meeting's decision, supervising
leaders and supervision records, scoring and the award; and the committee's proposal rules."""

import datetime
from typing import Any, Literal

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from lvzhi.core.apiinput import Body, Day, Id, Int, Name, Page, PageSize, Year, choice
from lvzhi.core.apikit import get_or_404, need, need_any, paginate
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotAllowed
from lvzhi.core.tenancy import Access
from lvzhi.core.uploads import serve
from lvzhi.proposals import queries
from lvzhi.proposals.api.common import visible_proposal
from lvzhi.proposals.models import Honour, HonourDecision, HonourScore, SupervisionRecord
from lvzhi.proposals.services import honours, rules

router = Router()


class ProposalHonourIn(Body):
    kind: Literal["key", "excellent"]
    reason: Name(300)
    source: choice(Honour.Source, "ProposalHonourSource") = Honour.Source.OFFICE


class ProposalUnmarkIn(Body):
    reason: Name(300)


class ProposalDecisionBrief(Schema):
    id: int
    meeting: str
    held_on: datetime.date


class ProposalSupervisorOut(Schema):
    user_id: int | None
    name: str


class ProposalHonourOut(Schema):
    id: int
    proposal_id: int
    number_label: str
    title: str
    year: int
    kind: str
    status: str
    reason: str
    source: str
    marked_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision: ProposalDecisionBrief | None
    unmarked_at: datetime.datetime | None
    unmark_reason: str
    supervisors: list[ProposalSupervisorOut]
    mean_score: float | None
    scores: int
    my_score: int | None
    records: int


class ProposalHonourListOut(Schema):
    count: int
    items: list[ProposalHonourOut]


class ProposalKeyDecisionIn(Body):
    year: Year
    meeting: Name(100)
    held_on: Day
    approved_ids: list[Id] = Field([], max_length=500)
    declined_ids: list[Id] = Field([], max_length=500)


class ProposalAwardIn(Body):
    year: Year
    meeting: Name(100)
    held_on: Day
    honour_ids: list[Id] = Field(..., min_length=1, max_length=500)


class ProposalDecisionOut(Schema):
    id: int
    kind: str
    year: int
    meeting: str
    held_on: datetime.date
    approved_ids: list[int]
    declined_ids: list[int]


class ProposalSupervisorsIn(Body):
    user_ids: list[Id] = Field([], max_length=honours.MAX_SUPERVISORS)
    names: list[Name(50)] = Field([], max_length=honours.MAX_SUPERVISORS)


class ProposalLeaderOut(Schema):
    user_id: int
    name: str


class ProposalRecordIn(Body):
    kind: choice(SupervisionRecord.Kind, "ProposalSupervisionKind")
    held_on: Day
    place: Name(100)
    participants: Name(300)
    summary: Name(3000)


class ProposalRecordOut(Schema):
    id: int
    honour_id: int
    kind: str
    held_on: datetime.date
    place: str
    participants: str
    summary: str
    file_name: str
    created_by: str | None
    created_at: datetime.datetime


class ProposalRecordListOut(Schema):
    count: int
    items: list[ProposalRecordOut]


class ProposalScoreIn(Body):
    score: Int(0, 100)


class ProposalScoreOut(Schema):
    honour_id: int
    score: int
    mean_score: float | None
    scores: int


class ProposalSettingsIO(Body):
    excellent_quota_percent: Int(1, 100)
    four_class_replies: bool


def _honour(h: Honour, my_score: int | None = None) -> dict[str, Any]:
    d = h.decision
    return {
        "id": h.pk,
        "proposal_id": h.proposal_id,
        "number_label": h.proposal.number_label,
        "title": h.proposal.title,
        "year": h.proposal.year,
        "kind": h.kind,
        "status": h.status,
        "reason": h.reason,
        "source": h.source,
        "marked_at": h.marked_at,
        "decided_at": h.decided_at,
        "decision": {"id": d.pk, "meeting": d.meeting, "held_on": d.held_on} if d else None,
        "unmarked_at": h.unmarked_at,
        "unmark_reason": h.unmark_reason,
        "supervisors": [{"user_id": s.user_id, "name": s.name} for s in h.supervisors.all()],
        "mean_score": round(h.mean, 1) if getattr(h, "mean", None) is not None else None,
        "scores": getattr(h, "scored", 0),
        "my_score": my_score,
        "records": getattr(h, "record_count", 0),
    }


def _one(request: HttpRequest, access: Access, honour_id: int) -> dict[str, Any]:
    """One honour shaped as a list row (re-read with the row's figures)."""
    row = get_or_404(queries.honour_rows(queries.honours_visible(access)), pk=honour_id)
    mine = HonourScore.objects.filter(honour=row, reviewer=request.user).values_list("score", flat=True).first()
    return _honour(row, mine)


def _visible(request: HttpRequest, honour_id: int) -> tuple[Access, Honour]:
    """An honour the caller works on (404 for anything else, another committee's included)."""
    access = need_any(request, C.MANAGE_PROPOSALS, C.SUPERVISE_PROPOSALS)
    honour = get_or_404(queries.honours_visible(access).select_related("proposal"), pk=honour_id)
    return access, honour


def _decision(d: HonourDecision) -> dict[str, Any]:
    rows = list(d.honours.values_list("pk", "status"))
    return {
        "id": d.pk,
        "kind": d.kind,
        "year": d.year,
        "meeting": d.meeting,
        "held_on": d.held_on,
        "approved_ids": [pk for pk, s in rows if s == Honour.Status.APPROVED],
        "declined_ids": [pk for pk, s in rows if s == Honour.Status.DECLINED],
    }


def _record(r: SupervisionRecord) -> dict[str, Any]:
    return {
        "id": r.pk,
        "honour_id": r.honour_id,
        "kind": r.kind,
        "held_on": r.held_on,
        "place": r.place,
        "participants": r.participants,
        "summary": r.summary,
        "file_name": r.file_name,
        "created_by": str(r.created_by) if r.created_by else None,
        "created_at": r.created_at,
    }


def _may_record(request: HttpRequest, access: Access, honour: Honour) -> None:
    if not honours.may_supervise(honour, request.user, office=access.can(C.MANAGE_PROPOSALS)):
        raise NotAllowed("permission.denied", _("只有督办领导和提案委员会办公室可以填写督办记录"))


@router.post(
    "/proposals/{int:proposal_id}/honours",
    response={201: ProposalHonourOut},
    summary="Shortlist a key-proposal candidate or nominate an excellent proposal (office)",
)
def mark(request: HttpRequest, proposal_id: Id, payload: ProposalHonourIn) -> Status:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    access = need(request, C.MANAGE_PROPOSALS)
    honour = honours.mark(proposal, kind=payload.kind, reason=payload.reason, source=payload.source, actor=request.user)
    return Status(201, _one(request, access, honour.pk))


@router.post(
    "/proposals/{int:proposal_id}/honours/{int:honour_id}/unmark",
    response=ProposalHonourOut,
    summary="Withdraw a candidate or a decided key/excellent proposal (office); its ledger rows are voided",
)
def unmark(request: HttpRequest, proposal_id: Id, honour_id: Id, payload: ProposalUnmarkIn) -> dict:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    access = need(request, C.MANAGE_PROPOSALS)
    honour = get_or_404(Honour.objects.filter(proposal=proposal).select_related("proposal"), pk=honour_id)
    honours.unmark(honour, reason=payload.reason, actor=request.user)
    return _one(request, access, honour.pk)


@router.get(
    "/proposals/honours",
    response=ProposalHonourListOut,
    summary="Key and excellent proposals (office: all; leaders: their key proposals and the nominations they score)",
)
def honour_list(
    request: HttpRequest,
    kind: Literal["key", "excellent"] | None = None,
    status: choice(Honour.Status, "ProposalHonourStatus") | None = None,
    year: Year | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    access = need_any(request, C.MANAGE_PROPOSALS, C.SUPERVISE_PROPOSALS)
    rows = queries.honours_visible(access)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status, unmarked_at=None)
    if year:
        rows = rows.filter(proposal__year=year)
    count, shown = paginate(queries.honour_rows(rows), page, page_size)
    shown = list(shown)
    mine = dict(HonourScore.objects.filter(honour__in=shown, reviewer=request.user).values_list("honour_id", "score"))
    return {"count": count, "items": [_honour(h, mine.get(h.pk)) for h in shown]}


@router.get("/proposals/honours/{int:honour_id}", response=ProposalHonourOut, summary="One key or excellent proposal")
def honour_detail(request: HttpRequest, honour_id: Id) -> dict:
    access, _honour_row = _visible(request, honour_id)
    return _one(request, access, honour_id)


@router.post(
    "/proposals/key-decisions",
    response={201: ProposalDecisionOut},
    summary="The leaders' meeting decides on shortlisted key proposals (office records it)",
)
def key_decision(request: HttpRequest, payload: ProposalKeyDecisionIn) -> Status:
    access = need(request, C.MANAGE_PROPOSALS)
    decision = honours.decide_key(
        access.committee,
        year=payload.year,
        meeting=payload.meeting,
        held_on=payload.held_on,
        approved=payload.approved_ids,
        declined=payload.declined_ids,
        actor=request.user,
    )
    return Status(201, _decision(decision))


@router.get(
    "/proposals/leaders",
    response=list[ProposalLeaderOut],
    summary="Leaders who may be named supervising leaders (office)",
)
def leader_list(request: HttpRequest) -> list[dict]:
    access = need(request, C.MANAGE_PROPOSALS)
    return [{"user_id": u.pk, "name": u.display_name or u.username} for u in honours.leaders(access.committee)]


@router.put(
    "/proposals/honours/{int:honour_id}/supervisors",
    response=ProposalHonourOut,
    summary="Name a key proposal's supervising leaders (office)",
)
def supervisors(request: HttpRequest, honour_id: Id, payload: ProposalSupervisorsIn) -> dict:
    access, honour = _visible(request, honour_id)
    need(request, C.MANAGE_PROPOSALS)
    honours.set_supervisors(honour, user_ids=payload.user_ids, names=payload.names, actor=request.user)
    return _one(request, access, honour_id)


@router.get(
    "/proposals/honours/{int:honour_id}/records",
    response=ProposalRecordListOut,
    summary="A key proposal's supervision record",
)
def record_list(request: HttpRequest, honour_id: Id) -> dict:
    _access, honour = _visible(request, honour_id)
    rows = list(honour.records.select_related("created_by"))
    return {"count": len(rows), "items": [_record(r) for r in rows]}


@router.post(
    "/proposals/honours/{int:honour_id}/records",
    response={201: ProposalRecordOut},
    summary="Add a supervision (座谈, 调研, 视察, 督办会) to a key proposal (its supervising leaders, office)",
)
def record_add(request: HttpRequest, honour_id: Id, payload: ProposalRecordIn) -> Status:
    access, honour = _visible(request, honour_id)
    _may_record(request, access, honour)
    record = honours.add_record(
        honour,
        kind=payload.kind,
        held_on=payload.held_on,
        place=payload.place,
        participants=payload.participants,
        summary=payload.summary,
        actor=request.user,
    )
    return Status(201, _record(record))


def _record_of(request: HttpRequest, record_id: int) -> tuple[Access, SupervisionRecord]:
    access = need_any(request, C.MANAGE_PROPOSALS, C.SUPERVISE_PROPOSALS)
    record = get_or_404(
        SupervisionRecord.objects.filter(honour__in=queries.honours_visible(access)).select_related(
            "honour", "honour__proposal", "created_by"
        ),
        pk=record_id,
    )
    return access, record


@router.post(
    "/proposals/supervision-records/{int:record_id}/attachment",
    response=ProposalRecordOut,
    summary="Attach a file (minutes, photos) to a supervision record",
)
def record_attach(request: HttpRequest, record_id: Id, file: File[UploadedFile]) -> dict:
    access, record = _record_of(request, record_id)
    _may_record(request, access, record.honour)
    return _record(honours.attach_record(record, upload=file, actor=request.user))


@router.get("/proposals/supervision-records/{int:record_id}/attachment", summary="Download a supervision record's file")
def record_download(request: HttpRequest, record_id: Id) -> FileResponse:
    _access, record = _record_of(request, record_id)
    return serve(record.file, filename=record.file_name)


@router.put(
    "/proposals/honours/{int:honour_id}/score",
    response=ProposalScoreOut,
    summary="Score an excellent nomination 0–100 (reviewers: leaders and the office; changeable until the award)",
)
def score(request: HttpRequest, honour_id: Id, payload: ProposalScoreIn) -> dict:
    access, honour = _visible(request, honour_id)
    need(request, C.SUPERVISE_PROPOSALS)
    row = honours.score(honour, reviewer=request.user, value=payload.score)
    figures = _one(request, access, honour_id)
    return {
        "honour_id": honour_id,
        "score": row.score,
        "mean_score": figures["mean_score"],
        "scores": figures["scores"],
    }


@router.post(
    "/proposals/excellent-awards",
    response={201: ProposalDecisionOut},
    summary="Award the year's excellent proposals within the quota; the others are not awarded (office)",
)
def excellent_award(request: HttpRequest, payload: ProposalAwardIn) -> Status:
    access = need(request, C.MANAGE_PROPOSALS)
    decision = honours.award(
        access.committee,
        year=payload.year,
        meeting=payload.meeting,
        held_on=payload.held_on,
        honour_ids=payload.honour_ids,
        actor=request.user,
    )
    return Status(201, _decision(decision))


@router.get("/proposals/settings", response=ProposalSettingsIO, summary="The committee's proposal rules")
def get_settings(request: HttpRequest) -> dict:
    access = need_any(request, C.MANAGE_PROPOSALS, C.HANDLE_PROPOSALS, C.SUPERVISE_PROPOSALS)
    s = rules.settings_for(access.committee)
    return {"excellent_quota_percent": s.excellent_quota_percent, "four_class_replies": s.four_class_replies}


@router.put("/proposals/settings", response=ProposalSettingsIO, summary="Change the committee's proposal rules")
def put_settings(request: HttpRequest, payload: ProposalSettingsIO) -> dict:
    access = need(request, C.MANAGE_PROPOSALS)
    s = rules.save_settings(
        access.committee,
        excellent_quota_percent=payload.excellent_quota_percent,
        four_class_replies=payload.four_class_replies,
        actor=request.user,
    )
    return {"excellent_quota_percent": s.excellent_quota_percent, "four_class_replies": s.four_class_replies}
