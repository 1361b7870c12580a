"""Letters inside: the office sorts and forwards, the member answers, the handling unit replies."""

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import BootstrapForm, show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.liaison import export, queries, services
from lvzhi.liaison.forms import AnswerForm, AssignForm, ForwardForm, LeadForm, NoteForm, UnitReplyForm
from lvzhi.liaison.models import OPEN_STATUSES, Letter
from lvzhi.liaison.transitions import LETTER_MOVES
from lvzhi.org.models import Member
from lvzhi.org.portal import member_required

PAGE_SIZE = 30


def _filtered(request: HttpRequest, letters: QuerySet[Letter]) -> tuple[QuerySet[Letter], str]:
    wanted = request.GET.get("status", "open")
    if wanted == "open":
        letters = letters.filter(status__in=OPEN_STATUSES)
    elif wanted == "overdue":
        letters = queries.overdue(letters)
    elif wanted in Letter.Status.values:
        letters = letters.filter(status=wanted)
    return letters, wanted


def _page(request: HttpRequest, letters: QuerySet[Letter]) -> Page:
    return Paginator(letters.order_by("first_response_due", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))


def _list(request: HttpRequest, letters: QuerySet[Letter], template_context: dict) -> HttpResponse:
    letters, wanted = _filtered(request, letters)
    context = {
        "page": _page(request, letters),
        "status": wanted,
        "statuses": Letter.Status.choices,
        "today": timezone.localdate(),
        **template_context,
    }
    return render(request, "liaison/letter_list.html", context)


@requires(C.MANAGE_LETTERS)
def office_list(request: HttpRequest) -> HttpResponse:
    return _list(request, queries.office_letters(request.committee.pk), {"audience": "office"})


@requires(C.MANAGE_LETTERS)
def office_export(request: HttpRequest) -> HttpResponse:
    """The office's letters under the list's status filter, oldest deadline first, as .xlsx."""
    letters, _wanted = _filtered(request, queries.office_letters(request.committee.pk))
    filename = _("群众来信-%(d)s.xlsx") % {"d": timezone.localdate().isoformat()}
    return export.response(filename, export.letters_sheet(letters.order_by("first_response_due", "-id")))


@requires(C.PARTICIPATE, C.ANSWER_LETTERS)
@member_required
def my_list(request: HttpRequest, member: Member) -> HttpResponse:
    return _list(request, queries.member_letters(member), {"audience": "member"})


@requires(C.HANDLE_LETTERS)
def unit_list(request: HttpRequest) -> HttpResponse:
    return _list(request, queries.unit_letters(request.access), {"audience": "unit"})


def _allowed(letter: Letter) -> set[str]:
    return {action for action, move in LETTER_MOVES.items() if move.allows(letter.status)}


def _detail(request: HttpRequest, letter: Letter, audience: str, forms: dict[str, BootstrapForm]) -> HttpResponse:
    context = {
        "letter": letter,
        "audience": audience,
        "allowed": _allowed(letter),
        "events": list(letter.events.select_related("actor").order_by("at", "id")),
        **forms,
    }
    return render(request, "liaison/letter_detail.html", context)


def _office_forms(request: HttpRequest, data: QueryDict | None = None) -> dict[str, BootstrapForm]:
    committee_id = request.committee.pk
    return {
        "assign_form": AssignForm(data, committee_id=committee_id, prefix="assign"),
        "forward_form": ForwardForm(data, committee_id=committee_id, prefix="forward"),
        "close_form": NoteForm(data, prefix="close"),
        "answer_form": AnswerForm(data, prefix="answer"),
        "lead_form": LeadForm(data, prefix="lead"),
        # A unit without an account replies on paper or by phone; the office types its result in.
        "reply_form": UnitReplyForm(data, prefix="reply"),
    }


@requires(C.MANAGE_LETTERS)
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_or_404(queries.office_letters(request.committee.pk), pk=pk)
    return _detail(request, letter, "office", _office_forms(request))


def _act(request: HttpRequest, letter: Letter, form: BootstrapForm, run: Callable[[dict], object]) -> bool:
    if not form.is_valid():
        return False
    try:
        run(form.cleaned_data)
    except DomainError as exc:
        if exc.fields:
            show_domain_error([form], exc)
        else:  # a refused move: its form may no longer be on the page, so the message goes on top
            messages.error(request, exc.message)
        return False
    return True


OFFICE_ACTIONS = ("assign", "forward", "reply", "close", "answer", "lead", "archive", "publish")


@require_POST
@requires(C.MANAGE_LETTERS)
def office_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    letter = get_or_404(queries.office_letters(request.committee.pk), pk=pk)
    if action not in OFFICE_ACTIONS:
        raise Http404
    user = request.user
    forms = _office_forms(request, request.POST)
    runs: dict[str, Callable[[dict], object]] = {
        "assign": lambda d: services.assign_letter(letter, member=d["member"], actor=user, note=d["note"]),
        "forward": lambda d: services.forward_letter(letter, unit=d["unit"], note=d["note"], actor=user),
        "close": lambda d: services.close_letter(letter, note=d["note"], actor=user),
        "answer": lambda d: services.answer_letter(letter, answer=d["answer"], actor=user, member=None),
        "lead": lambda d: services.mark_lead(letter, kind=d["kind"], note=d["note"], actor=user, member=None),
        # The office may record any forwarded letter's result, so the unit check is the letter's own unit.
        "reply": lambda d: services.unit_reply(
            letter, reply=d["reply"], actor=user, unit_ids={letter.handling_unit_id}
        ),
    }
    if action in ("archive", "publish"):
        try:
            (services.archive_letter if action == "archive" else services.publish_letter)(letter, actor=user)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("liaison:office_detail", pk=pk)
    form = forms[f"{action}_form"]
    if _act(request, letter, form, runs[action]):
        messages.success(request, _("已保存"))
        return redirect("liaison:office_detail", pk=pk)
    letter.refresh_from_db()
    return _detail(request, letter, "office", {**_office_forms(request), f"{action}_form": form})


def _member_forms(data: QueryDict | None = None) -> dict[str, BootstrapForm]:
    return {
        "answer_form": AnswerForm(data, prefix="answer"),
        "ack_form": NoteForm(data, prefix="ack"),
        "lead_form": LeadForm(data, prefix="lead"),
    }


@requires(C.PARTICIPATE, C.ANSWER_LETTERS)
@member_required
def my_detail(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    letter = get_or_404(queries.member_letters(member), pk=pk)
    return _detail(request, letter, "member", _member_forms())


MEMBER_ACTIONS = ("answer", "ack", "lead")


@require_POST
@requires(C.PARTICIPATE, C.ANSWER_LETTERS)
@member_required
def my_action(request: HttpRequest, member: Member, pk: int, action: str) -> HttpResponse:
    letter = get_or_404(queries.member_letters(member), pk=pk)
    if action not in MEMBER_ACTIONS:
        raise Http404
    user = request.user
    forms = _member_forms(request.POST)
    runs: dict[str, Callable[[dict], object]] = {
        "answer": lambda d: services.answer_letter(letter, answer=d["answer"], actor=user, member=member),
        "ack": lambda d: services.acknowledge_letter(letter, note=d["note"], actor=user, member=member),
        "lead": lambda d: services.mark_lead(letter, kind=d["kind"], note=d["note"], actor=user, member=member),
    }
    form = forms[f"{action}_form"]
    if _act(request, letter, form, runs[action]):
        messages.success(request, _("已保存"))
        return redirect("liaison:my_detail", pk=pk)
    letter.refresh_from_db()
    return _detail(request, letter, "member", {**_member_forms(), f"{action}_form": form})


@requires(C.HANDLE_LETTERS)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_or_404(queries.unit_letters(request.access), pk=pk)
    form = UnitReplyForm(request.POST or None)
    if request.method == "POST":
        run = lambda d: services.unit_reply(  # noqa: E731
            letter, reply=d["reply"], actor=request.user, unit_ids=request.access.handling_unit_ids
        )
        if _act(request, letter, form, run):
            messages.success(request, _("办理结果已提交"))
            return redirect("liaison:unit_detail", pk=pk)
        letter.refresh_from_db()
    return _detail(request, letter, "unit", {"reply_form": form})
