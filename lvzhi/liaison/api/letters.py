"""Letters for the people who answer them: the office sees all, a member the letters sorted to them, a handling
unit those passed to it."""

from django.http import HttpRequest
from ninja import Query, Router, Schema

from lvzhi.core.apiinput import Id, Page, PageSize
from lvzhi.core.apikit import ErrorOut, get_or_404, need, need_any, paginate
from lvzhi.core.capabilities import Capability as C
from lvzhi.liaison import queries, services
from lvzhi.liaison.api.schemas import (
    AnswerIn,
    AssignIn,
    ForwardIn,
    LeadIn,
    LetterList,
    LetterOut,
    NoteIn,
    UnitReplyIn,
)
from lvzhi.liaison.models import Letter
from lvzhi.org.models import HandlingUnit, Member
from lvzhi.org.portal import member_of

router = Router()
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class LetterFilter(Schema):
    status: str = ""
    page: Page = 1
    page_size: PageSize = 50


def _out(letter: Letter) -> dict:
    return {
        **{f: getattr(letter, f) for f in LetterOut.model_fields if f != "mailbox"},
        "mailbox": str(letter.mailbox),
    }


def _member(request: HttpRequest) -> Member | None:
    return member_of(request.user, request.committee)


READERS = (C.MANAGE_LETTERS, C.ANSWER_LETTERS, C.HANDLE_LETTERS)


def _visible(request: HttpRequest, letter_id: Id, *needed: C) -> tuple[Letter, Member | None]:
    """A letter the caller may see (by the widest of their capabilities), after checking `needed` (or any reader's)."""
    access = need(request, *needed) if needed else need_any(request, *READERS)
    member = _member(request)
    return get_or_404(queries.letters_for(access, member), pk=letter_id), member


@router.get(
    "/letters",
    response={200: LetterList, **ERRORS},
    summary="Letters I may see (office: all; member: mine; unit: passed to it)",
)
def letter_list(request: HttpRequest, filters: Query[LetterFilter]) -> dict:
    access = need_any(request, *READERS)
    letters = queries.letters_for(access, _member(request)).order_by("-submitted_at", "-id")
    if filters.status:
        letters = letters.filter(status=filters.status)
    count, page = paginate(letters, filters.page, filters.page_size)
    return {"count": count, "results": [_out(letter) for letter in page]}


@router.get("/letters/{int:letter_id}", response={200: LetterOut, **ERRORS}, summary="One letter")
def letter_detail(request: HttpRequest, letter_id: Id) -> dict:
    return _out(_visible(request, letter_id)[0])


def _acting_member(request: HttpRequest, member: Member | None) -> Member | None:
    """The office answers in its own name; a member who is not in the office answers as the member."""
    return None if request.access.can(C.MANAGE_LETTERS) else member


@router.post("/letters/{int:letter_id}/answer", response={200: LetterOut, **ERRORS}, summary="Answer the writer")
def answer(request: HttpRequest, letter_id: Id, payload: AnswerIn) -> dict:
    letter, member = _visible(request, letter_id, C.ANSWER_LETTERS)
    acting = _acting_member(request, member)
    return _out(services.answer_letter(letter, answer=payload.answer, actor=request.user, member=acting))


@router.post("/letters/{int:letter_id}/acknowledge", response={200: LetterOut, **ERRORS}, summary="A first response")
def acknowledge(request: HttpRequest, letter_id: Id, payload: NoteIn) -> dict:
    letter, member = _visible(request, letter_id, C.ANSWER_LETTERS)
    acting = _acting_member(request, member)
    return _out(services.acknowledge_letter(letter, note=payload.note, actor=request.user, member=acting))


@router.post(
    "/letters/{int:letter_id}/lead", response={200: LetterOut, **ERRORS}, summary="Mark as a 社情民意 or proposal lead"
)
def lead(request: HttpRequest, letter_id: Id, payload: LeadIn) -> dict:
    letter, member = _visible(request, letter_id, C.ANSWER_LETTERS)
    acting = _acting_member(request, member)
    return _out(
        services.mark_lead(
            letter,
            kind=payload.kind,
            note=payload.note,
            actor=request.user,
            member=acting,
            source_type=payload.source_type,
            source_id=payload.source_id,
        )
    )


def _office_letter(request: HttpRequest, letter_id: Id) -> Letter:
    need(request, C.MANAGE_LETTERS)
    return get_or_404(queries.office_letters(request.committee.pk), pk=letter_id)


@router.post(
    "/letters/{int:letter_id}/assign", response={200: LetterOut, **ERRORS}, summary="Sort to a member (office)"
)
def assign(request: HttpRequest, letter_id: Id, payload: AssignIn) -> dict:
    letter = _office_letter(request, letter_id)
    member = get_or_404(Member.objects.filter(committee=request.committee), pk=payload.member_id)
    return _out(services.assign_letter(letter, member=member, actor=request.user, note=payload.note))


@router.post(
    "/letters/{int:letter_id}/forward", response={200: LetterOut, **ERRORS}, summary="Pass to a handling unit (office)"
)
def forward(request: HttpRequest, letter_id: Id, payload: ForwardIn) -> dict:
    letter = _office_letter(request, letter_id)
    unit = get_or_404(HandlingUnit.objects.filter(committee=request.committee), pk=payload.unit_id)
    return _out(services.forward_letter(letter, unit=unit, note=payload.note, actor=request.user))


@router.post(
    "/letters/{int:letter_id}/close",
    response={200: LetterOut, **ERRORS},
    summary="Close as junk or out of scope (office)",
)
def close(request: HttpRequest, letter_id: Id, payload: NoteIn) -> dict:
    return _out(services.close_letter(_office_letter(request, letter_id), note=payload.note, actor=request.user))


@router.post("/letters/{int:letter_id}/archive", response={200: LetterOut, **ERRORS}, summary="Archive (office)")
def archive(request: HttpRequest, letter_id: Id) -> dict:
    return _out(services.archive_letter(_office_letter(request, letter_id), actor=request.user))


@router.post(
    "/letters/{int:letter_id}/publish",
    response={200: LetterOut, **ERRORS},
    summary="Publish on the mailbox page (office)",
)
def publish(request: HttpRequest, letter_id: Id) -> dict:
    return _out(services.publish_letter(_office_letter(request, letter_id), actor=request.user))


@router.post(
    "/letters/{int:letter_id}/unit-reply",
    response={200: LetterOut, **ERRORS},
    summary="The handling unit's result (by the unit, or recorded by the office from the unit's written reply)",
)
def reply(request: HttpRequest, letter_id: Id, payload: UnitReplyIn) -> dict:
    access = need_any(request, C.HANDLE_LETTERS, C.MANAGE_LETTERS)
    if access.can(C.MANAGE_LETTERS):
        letter = get_or_404(queries.office_letters(request.committee.pk), pk=letter_id)
        unit_ids = {letter.handling_unit_id}
    else:
        letter = get_or_404(queries.unit_letters(access), pk=letter_id)
        unit_ids = set(access.handling_unit_ids)
    return _out(services.unit_reply(letter, reply=payload.reply, actor=request.user, unit_ids=unit_ids))
