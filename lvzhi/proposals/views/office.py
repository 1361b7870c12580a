"""The proposal office's screens (提案委办公室): the review queue, and one proposal reviewed beside its look-alikes."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.years import year_of
from lvzhi.proposals import queries
from lvzhi.proposals.forms import ReviewForm
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.services.review import decide
from lvzhi.proposals.transitions import ACCEPTED_OR_LATER

PAGE = 100


@requires(C.MANAGE_PROPOSALS)
def manage_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "submitted")
    status = status if status in Proposal.Status.values or status == "all" else "submitted"
    q = request.GET.get("q", "").strip()[:50]
    year = year_of(request) if request.GET.get("year") else None
    rows = queries.office_list(status="" if status == "all" else status, q=q, year=year)
    return render(
        request,
        "proposals/manage_list.html",
        {
            "proposals": rows[:PAGE],
            "total": rows.count(),
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
    return render(
        request,
        "proposals/manage_detail.html",
        {
            "proposal": proposal,
            "form": form,
            "cosigners": proposal.cosigners.select_related("member"),
            "events": proposal.events.select_related("actor"),
            "similar": queries.similar(request.committee.pk, of=proposal),
        },
    )


urlpatterns = [
    path("manage/", manage_list, name="manage_list"),
    path("manage/<int:pk>/", manage_detail, name="manage_detail"),
]
