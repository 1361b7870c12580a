"""双联系 and visits: the office or a leader records visits and talks; coverage "every member visited"; 大走访."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.years import year_of
from lvzhi.liaison import export
from lvzhi.liaison.forms import CampaignForm, HouseholdForm, LinkForm, VisitForm
from lvzhi.liaison.models import Campaign, CampaignIssue, LinkAssignment, Visit
from lvzhi.liaison.queries_visits import campaign_issues, campaigns_with_counts, link_progress, visited_counts
from lvzhi.liaison.services import visits as services
from lvzhi.org.models import HandlingUnit, Term

RECENT = 50


def _term(request: HttpRequest) -> Term | None:
    return Term.objects.filter(committee=request.committee).order_by("-is_current", "-number").first()


def _visits_page(request: HttpRequest, visit_form: VisitForm, link_form: LinkForm) -> HttpResponse:
    year = year_of(request)
    term = _term(request)
    counts = visited_counts(term, year) if term else []
    context = {
        "year": year,
        "visits": list(
            Visit.objects.filter(committee=request.committee, date__year=year).select_related("visitor", "visited")[
                :RECENT
            ]
        ),
        "not_visited": [m for m, n in counts if n == 0],
        "visited_count": sum(1 for _m, n in counts if n),
        "member_count": len(counts),
        "links": link_progress(request.committee.pk, year),
        "visit_form": visit_form,
        "link_form": link_form,
    }
    return render(request, "liaison/visits.html", context)


@requires(C.MANAGE_VISITS)
def visits(request: HttpRequest) -> HttpResponse:
    """GET: visits, coverage and 双联系 of the year; POST: record a visit or talk."""
    committee_id = request.committee.pk
    visit_form = VisitForm(
        request.POST or None, committee_id=committee_id, prefix="visit", initial={"date": timezone.localdate()}
    )
    link_form = LinkForm(committee_id=committee_id, prefix="link")
    if request.method == "POST" and visit_form.is_valid():
        try:
            services.record_visit(request.committee, **visit_form.cleaned_data, actor=request.user)
        except DomainError as exc:
            show_domain_error([visit_form], exc)
        else:
            messages.success(request, _("走访记录已保存"))
            return redirect("liaison:visits")
    return _visits_page(request, visit_form, link_form)


@requires(C.MANAGE_VISITS)
def visits_export(request: HttpRequest) -> HttpResponse:
    """The year's visits and talks, 双联系 against their targets, and the members not yet visited."""
    year = year_of(request)
    term = _term(request)
    visits = (
        Visit.objects.filter(committee=request.committee, date__year=year)
        .select_related("visitor", "visited")
        .order_by("date", "id")
    )
    not_visited = [m.name for m, n in visited_counts(term, year) if n == 0] if term else []
    sheets = export.visits_sheets(visits, link_progress(request.committee.pk, year), not_visited)
    return export.response(_("走访谈心与双联系-%(y)s年.xlsx") % {"y": year}, sheets)


@require_POST
@requires(C.MANAGE_VISITS)
def link_add(request: HttpRequest) -> HttpResponse:
    committee_id = request.committee.pk
    link_form = LinkForm(request.POST, committee_id=committee_id, prefix="link")
    if link_form.is_valid():
        try:
            services.assign_link(request.committee, year=year_of(request), **link_form.cleaned_data, actor=request.user)
        except DomainError as exc:
            show_domain_error([link_form], exc)
        else:
            messages.success(request, _("已安排联系"))
            return redirect(f"{reverse('liaison:visits')}?year={year_of(request)}")
    return _visits_page(request, VisitForm(committee_id=committee_id, prefix="visit"), link_form)


@require_POST
@requires(C.MANAGE_VISITS)
def link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_or_404(LinkAssignment.objects.filter(committee=request.committee), pk=pk)
    services.remove_link(link, actor=request.user)
    return redirect("liaison:visits")


@require_POST
@requires(C.MANAGE_VISITS)
def visit_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_or_404(Visit.objects.filter(committee=request.committee), pk=pk)
    try:
        services.finish_follow_up(visit, note=request.POST.get("note", ""), actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已标记落实，并告知委员"))
    return redirect("liaison:visits")


@requires(C.MANAGE_VISITS)
def campaigns(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(request.committee, **form.cleaned_data, actor=request.user)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            return redirect("liaison:campaign_detail", pk=campaign.pk)
    context = {"campaigns": list(campaigns_with_counts(request.committee.pk)), "form": form}
    return render(request, "liaison/campaigns.html", context)


@requires(C.MANAGE_VISITS)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's households and issues; POST records a household with its issues."""
    campaign = get_or_404(Campaign.objects.filter(committee=request.committee), pk=pk)
    form = HouseholdForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issues = data.pop("issues").splitlines()
        try:
            services.add_household(campaign, **data, issues=issues, actor=request.user)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("走访户已记录"))
            return redirect("liaison:campaign_detail", pk=pk)
    issues = list(campaign_issues(campaign))
    context = {
        "campaign": campaign,
        "form": form,
        "households": list(campaign.households.all()),
        "issues": issues,
        "answered": sum(1 for i in issues if i.answered_at),
        "units": list(HandlingUnit.objects.filter(committee=request.committee, is_active=True)),
    }
    return render(request, "liaison/campaign_detail.html", context)


@require_POST
@requires(C.MANAGE_VISITS)
def issue_action(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_or_404(CampaignIssue.objects.filter(committee=request.committee).select_related("household"), pk=pk)
    try:
        if request.POST.get("unit"):
            unit = get_or_404(HandlingUnit.objects.filter(committee=request.committee), pk=request.POST["unit"])
            services.pass_issue(issue, unit=unit, actor=request.user)
        else:
            services.answer_issue(issue, answer=request.POST.get("answer", ""), actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("liaison:campaign_detail", pk=issue.household.campaign_id)
