"""The public mailbox: a citizen writes without an account, on a phone, and reads the answer by a private link."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_scopes import scope, scopes_disabled

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.liaison import guard, queries, services
from lvzhi.liaison.forms import LetterForm, RatingForm
from lvzhi.liaison.models import Letter, Mailbox
from lvzhi.liaison.services.letters import LetterInput

PUBLISHED_SHOWN = 10


def _mailbox(key: str) -> Mailbox:
    with scopes_disabled():
        mailbox = Mailbox.objects.select_related("committee", "member", "station", "group").filter(key=key).first()
    if mailbox is None:
        raise Http404
    return mailbox


def _render_mailbox(request: HttpRequest, mailbox: Mailbox, form: LetterForm, status: int = 200) -> HttpResponse:
    challenge = guard.new_challenge()
    form.initial = {**form.initial, "challenge": challenge["challenge"]}
    if form.is_bound:
        form.data = form.data.copy()
        form.data["challenge"] = challenge["challenge"]
        form.data["solution"] = ""
    context = {
        "mailbox": mailbox,
        "form": form,
        "bits": challenge["bits"],
        "published": list(queries.published_letters(mailbox)[:PUBLISHED_SHOWN]),
    }
    return render(request, "liaison/public_mailbox.html", context, status=status)


def submit_from_request(request: HttpRequest, mailbox: Mailbox, form: LetterForm) -> tuple[Letter, bool]:
    """The guard's checks, then the service: (letter, created); raises DomainError (Refused) with a Chinese message."""
    sender = guard.sender_hash(guard.client_address(request))
    guard.check_attempts(sender)
    if guard.oversized_body(request):
        raise guard.Refused("mailbox.too_large", _("附件过大，请压缩到 10 MB 以内后再上传。"))
    if not form.is_valid():
        raise DomainError("letter.invalid", _("请检查填写的内容"))
    data = form.cleaned_data
    if data["website"]:
        raise guard.Refused("mailbox.junk", _("提交未通过检查"))
    guard.check_text(data["title"], data["content"])
    extension = guard.check_upload(data["attachment"])
    letter_input = LetterInput(
        kind=data["kind"],
        title=data["title"],
        content=data["content"],
        phone=data["phone"],
        writer_name=data["writer_name"],
        is_public=data["is_public"],
    )
    guard.check_quota(sender)
    guard.check_challenge(data["challenge"], data["solution"])
    letter, created = services.submit_letter(
        mailbox, letter_input, attachment=data["attachment"], attachment_ext=extension, sender=sender
    )
    if created:
        guard.count_accepted(sender)
    return letter, created


@require_http_methods(["GET", "POST"])
def public_mailbox(request: HttpRequest, key: str) -> HttpResponse:
    mailbox = _mailbox(key)
    with scope(committee=mailbox.committee):
        if request.method == "GET":
            return _render_mailbox(request, mailbox, LetterForm())
        form = LetterForm(request.POST, request.FILES)
        try:
            letter, _created = submit_from_request(request, mailbox, form)
        except DomainError as exc:
            show_domain_error([form], exc)
            return _render_mailbox(request, mailbox, form, status=exc.status)
        messages.success(request, _("来信已收到。请保存本页链接，以后可凭此链接查看答复。"))
        return redirect("liaison:public_letter", token=letter.token)


def _letter(token: str) -> Letter:
    with scopes_disabled():
        letter = (
            Letter.objects.select_related("committee", "mailbox__member", "mailbox__station", "mailbox__group")
            .filter(token=token)
            .first()
        )
    if letter is None:
        raise Http404
    return letter


@require_http_methods(["GET", "POST"])
def public_letter(request: HttpRequest, token: str) -> HttpResponse:
    """The writer's own letter, by its unguessable link: the status, the answer, and the rating form."""
    letter = _letter(token)
    with scope(committee=letter.committee):
        form = RatingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.rate_letter(letter, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
            except DomainError as exc:
                show_domain_error([form], exc)
            else:
                messages.success(request, _("感谢您的评价"))
                return redirect("liaison:public_letter", token=token)
        letter.refresh_from_db()
        context = {
            "letter": letter,
            "form": form,
            "may_rate": letter.status == Letter.Status.ANSWERED,
            "link": request.build_absolute_uri(reverse("liaison:public_letter", kwargs={"token": token})),
        }
        return render(request, "liaison/public_letter.html", context)
