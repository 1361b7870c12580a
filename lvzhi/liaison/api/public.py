"""The public mailbox over the API (no account): a challenge, a letter, the writer's own letter, a rating."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.core.apikit import ErrorOut
from lvzhi.core.errors import DomainError
from lvzhi.liaison import guard, services
from lvzhi.liaison.api.schemas import ChallengeOut, PrivateLetterOut, RatingIn, SubmittedOut
from lvzhi.liaison.forms import LetterForm
from lvzhi.liaison.models import Letter
from lvzhi.liaison.views.public import _letter, _mailbox, submit_from_request

router = Router()
ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


class LetterIn(Schema):
    kind: str = Letter.Kind.SUGGESTION
    title: str
    content: str
    phone: str
    writer_name: str = ""
    is_public: bool = False
    challenge: str
    solution: str
    website: str = ""


@router.get(
    "/mailboxes/{key}",
    auth=None,
    response={200: ChallengeOut, **ERRORS},
    summary="A public mailbox and a fresh challenge (no account)",
)
def mailbox(request: HttpRequest, key: str) -> dict:
    box = _mailbox(key)
    with scope(committee=box.committee):
        return {"mailbox": str(box), "is_open": box.is_open, **guard.new_challenge()}


@router.post(
    "/mailboxes/{key}/letters",
    auth=None,
    response={201: SubmittedOut, 200: SubmittedOut, **ERRORS},
    summary="Write a letter (no account; proof of work, rate limits, attachment checks)",
)
def submit(
    request: HttpRequest, key: str, payload: Form[LetterIn], attachment: File[UploadedFile] | None = None
) -> Status:
    box = _mailbox(key)
    with scope(committee=box.committee):
        data = payload.dict()
        attachment = attachment or request.FILES.get("attachment")
        form = LetterForm(data, {"attachment": attachment} if attachment is not None else {})
        if not form.is_valid():
            fields = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            raise DomainError("letter.invalid", _("请检查填写的内容"), fields=fields)
        letter, created = submit_from_request(request, box, form)
        body = {
            "token": letter.token,
            "url": request.build_absolute_uri(reverse("liaison:public_letter", kwargs={"token": letter.token})),
            "status": letter.status,
            "first_response_due": letter.first_response_due,
            "final_due": letter.final_due,
        }
        return Status(201 if created else 200, body)


def _private_out(letter: Letter) -> dict:
    return {
        "title": letter.title,
        "kind": letter.kind,
        "content": letter.content,
        "status": letter.status,
        "status_label": letter.get_status_display(),
        "submitted_at": letter.submitted_at,
        "first_response_due": letter.first_response_due,
        "final_due": letter.final_due,
        "answer": letter.answer,
        "answered_at": letter.answered_at,
        "close_note": letter.close_note,
        "rating": letter.rating,
        "rating_comment": letter.rating_comment,
    }


@router.get(
    "/letters/private/{token}",
    auth=None,
    response={200: PrivateLetterOut, 404: ErrorOut},
    summary="The writer's own letter, by its private link",
)
def private_letter(request: HttpRequest, token: str) -> dict:
    letter = _letter(token)
    return _private_out(letter)


@router.post(
    "/letters/private/{token}/rating",
    auth=None,
    response={200: PrivateLetterOut, **ERRORS},
    summary="The writer rates the answer",
)
def rate(request: HttpRequest, token: str, payload: RatingIn) -> dict:
    letter = _letter(token)
    with scope(committee=letter.committee):
        return _private_out(services.rate_letter(letter, rating=payload.rating, comment=payload.comment))
