"""Plenary speeches (大会发言): members submit, the office selects oral or written delivery."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from lvzhi.core.apiinput import Body, Id, Name, Page, PageSize, Text
from lvzhi.core.apikit import get_or_404, need, need_any, paginate
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotAllowed
from lvzhi.org.models import Session
from lvzhi.org.portal import member_of
from lvzhi.proposals.models import CONTENT_MAX, TITLE_MAX, Speech
from lvzhi.proposals.services import speeches

router = Router()


class PlenarySpeechIn(Body):
    session_id: Id
    title: Name(TITLE_MAX)
    content: Name(CONTENT_MAX)


class PlenarySpeechDecisionIn(Body):
    decision: Literal["oral", "written", "decline"]
    note: Text(300) = ""


class PlenarySpeechOut(Schema):
    id: int
    session_id: int
    member_id: int
    member_name: str
    title: str
    content: str
    status: str
    decision_note: str
    decided_at: datetime.datetime | None


class PlenarySpeechList(Schema):
    count: int
    items: list[PlenarySpeechOut]


def _out(s: Speech) -> dict:
    return {
        "id": s.pk,
        "session_id": s.session_id,
        "member_id": s.member_id,
        "member_name": s.member.name,
        "title": s.title,
        "content": s.content,
        "status": s.status,
        "decision_note": s.decision_note,
        "decided_at": s.decided_at,
    }


def _mine(request: HttpRequest):
    access = need(request, C.PARTICIPATE)
    member = member_of(request.user, access.committee)
    if member is None:
        raise NotAllowed("member.no_profile", _("当前账号没有委员档案"))
    return access, member


@router.get(
    "/speeches", response=PlenarySpeechList, summary="Plenary speeches: the office sees all, a member their own"
)
def list_speeches(
    request: HttpRequest, status: str = "", session_id: Id | None = None, page: Page = 1, page_size: PageSize = 50
) -> dict:
    access = need_any(request, C.MANAGE_PROPOSALS, C.PARTICIPATE)
    rows = Speech.objects.filter(committee=access.committee).select_related("member")
    if not access.can(C.MANAGE_PROPOSALS):
        rows = rows.filter(member=member_of(request.user, access.committee))
    if status:
        rows = rows.filter(status=status)
    if session_id:
        rows = rows.filter(session_id=session_id)
    count, items = paginate(rows.order_by("-created_at", "-id"), page, page_size)
    return {"count": count, "items": [_out(s) for s in items]}


@router.post("/speeches", response={201: PlenarySpeechOut}, summary="Submit a plenary speech (a member)")
def submit(request: HttpRequest, payload: PlenarySpeechIn) -> Status:
    access, member = _mine(request)
    session = Session.objects.filter(committee=access.committee, pk=payload.session_id).first()
    speech = speeches.submit_speech(
        member=member, session=session, title=payload.title, content=payload.content, actor=request.user
    )
    return Status(201, _out(speech))


@router.post("/speeches/{int:speech_id}/decision", response=PlenarySpeechOut, summary="Select oral or written (office)")
def decide(request: HttpRequest, speech_id: Id, payload: PlenarySpeechDecisionIn) -> dict:
    access = need(request, C.MANAGE_PROPOSALS)
    speech = get_or_404(
        Speech.objects.filter(committee=access.committee).select_related("member", "session"), pk=speech_id
    )
    return _out(speeches.decide_speech(speech, decision=payload.decision, note=payload.note, actor=request.user))


@router.post(
    "/speeches/{int:speech_id}/withdraw", response=PlenarySpeechOut, summary="Withdraw an undecided speech (author)"
)
def withdraw(request: HttpRequest, speech_id: Id) -> dict:
    access = need(request)
    # Another committee's speech is not found before any capability is asked (the sweeps call as an outsider).
    get_or_404(Speech.objects.filter(committee=access.committee), pk=speech_id)
    _access, member = _mine(request)
    rows = Speech.objects.filter(committee=access.committee, member=member).select_related("member")
    return _out(speeches.withdraw_speech(get_or_404(rows, pk=speech_id), actor=request.user))
