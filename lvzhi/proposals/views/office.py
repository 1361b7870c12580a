"""The proposal office's screens (提案委办公室): the review queue, and one proposal reviewed beside its look-alikes."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.years import year_of
from lvzhi.org.models import HandlingUnit
from lvzhi.proposals import queries
from lvzhi.proposals import rows as proposal_rows
from lvzhi.proposals.forms import ReviewForm
from lvzhi.proposals.models import Honour, Proposal, Reply
from lvzhi.proposals.services import handling
from lvzhi.proposals.services.follow_up import FOLLOWED_GRADES
from lvzhi.proposals.services.review import decide
from lvzhi.proposals.services.rules import reply_classes
from lvzhi.proposals.transitions import ACCEPTED_OR_LATER

PAGE_SIZE = 50


@requires(C.MANAGE_PROPOSALS)
def manage_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "submitted")
    status = status if status in Proposal.Status.values or status == "all" else "submitted"
    q = request.GET.get("q", "").strip()[:50]
    year = year_of(request) if request.GET.get("year") else None
    rows = queries.office_list(status="" if status == "all" else status, q=q, year=year)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/manage_list.html",
        {
            "rows_html": proposal_rows.render(
                "_manage_rows.jinja", "proposals:manage_detail", proposals=queries.list_rows(page.object_list)
            ),
            "page": page,
            "total": page.paginator.count,
            "status": status,
            "statuses": [s for s in Proposal.Status.choices if s[0] != Proposal.Status.DRAFT],
            "q": q,
            "year": year,
        },
    )


def _lead_choices(proposal: Proposal) -> list[tuple[int, str]]:
    leads = Proposal.objects.filter(year=proposal.year, status__in=ACCEPTED_OR_LATER).exclude(pk=proposal.pk)
    return [(p.pk, f"{p.number_label} {p.title}") for p in leads.order_by("number")]


@requires(C.MANAGE_PROPOSALS)
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_or_404(queries.office_list().select_related("merged_into"), pk=pk)
    form = ReviewForm(request.POST or None, lead_choices=_lead_choices(proposal))
    if request.method == "POST" and form.is_valid():
        try:
            decide(proposal, form.cleaned_data, request.user)
            messages.success(request, _("已处理：%(title)s") % {"title": proposal.title})
            return redirect("proposals:manage_detail", pk=proposal.pk)
        except DomainError as exc:
            show_domain_error([form], exc)
    classes = reply_classes(request.committee)
    return render(
        request,
        "proposals/manage_detail.html",
        {
            "proposal": proposal,
            "form": form,
            "cosigners": proposal.cosigners.select_related("member"),
            "events": proposal.events.select_related("actor"),
            "similar": queries.similar(request.committee.pk, of=proposal),
            "units": HandlingUnit.objects.filter(is_active=True),
            "assignments": proposal.assignments.select_related("unit"),
            "replies": classes.labelled(proposal.replies.select_related("assignment__unit")),
            "grades": classes.choices,
            "followed": FOLLOWED_GRADES,
            "honours": proposal.honours.select_related("marked_by", "unmarked_by", "decision").prefetch_related(
                "supervisors"
            ),
            "honour_kinds": Honour.Kind.choices,
            "honour_sources": Honour.Source.choices,
            "live_honours": {h.kind for h in proposal.honours.all() if h.unmarked_at is None},
            "follow_ups": proposal.follow_ups.select_related("unit", "reply"),
            "attachments": proposal.attachments.all(),
            "drafters": proposal.drafters.select_related("member"),
            "marks_allowed": proposal.status in ACCEPTED_OR_LATER,
            "today": timezone.localdate(),
        },
    )


@requires(C.MANAGE_PROPOSALS)
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """交办 or 调整: a lead unit, and other units as co-handlers or (split) answering apart."""
    proposal = get_or_404(queries.office_list(), pk=pk)
    units = {u.pk: u for u in HandlingUnit.objects.filter(is_active=True)}
    lead = units.get(int(request.POST["lead"])) if request.POST.get("lead", "").isdigit() else None
    others = [units[int(v)] for v in request.POST.getlist("others") if v.isdigit() and int(v) in units]
    split = request.POST.get("mode") == "split"
    chosen = [(lead, "split" if split else "lead")] if lead else []
    chosen += [(u, "split" if split else "co") for u in others if u != lead]
    raw_due = request.POST.get("due_date", "")
    try:
        due = datetime.date.fromisoformat(raw_due) if raw_due else None
        handling.assign(
            proposal,
            units=chosen,
            due_date=due,
            actor=request.user,
            reassign=proposal.status != Proposal.Status.ACCEPTED,
        )
        messages.success(request, _("已交办"))
    except ValueError:
        messages.error(request, _("办结期限的日期格式不正确"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:manage_detail", pk=proposal.pk)


@requires(C.MANAGE_PROPOSALS)
@require_POST
def review_reply(request: HttpRequest, pk: int, reply: int) -> HttpResponse:
    """督办审核: approve (the class may change) or return with the reason."""
    proposal = get_or_404(queries.office_list(), pk=pk)
    found = get_or_404(Reply.objects.filter(proposal=proposal), pk=reply)
    try:
        if request.POST.get("decision") == "approve":
            handling.approve_reply(found, grade=request.POST.get("grade", ""), actor=request.user)
            messages.success(request, _("答复已审核通过并送达提案人"))
        else:
            handling.return_reply(found, reason=request.POST.get("reason", ""), actor=request.user)
            messages.success(request, _("答复已退回承办单位"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:manage_detail", pk=proposal.pk)


urlpatterns = [
    path("manage/", manage_list, name="manage_list"),
    path("manage/<int:pk>/", manage_detail, name="manage_detail"),
    path("manage/<int:pk>/assign/", assign, name="assign"),
    path("manage/<int:pk>/replies/<int:reply>/", review_reply, name="review_reply"),
]
