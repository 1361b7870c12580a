"""The information office's desk: the incoming list, one report with its versions, and every decision on it."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.jinja import UrlFor, render_rows
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.years import year_of
from lvzhi.opinions import queries, services
from lvzhi.opinions.forms import (
    AdoptForm,
    DraftForm,
    EditForm,
    ForwardForm,
    InstructionForm,
    ReasonForm,
    ReceivedForm,
)
from lvzhi.opinions.models import Adoption, Attachment, Instruction, Opinion, Referral
from lvzhi.opinions.services.common import GUIDE_CHARS
from lvzhi.opinions.transitions import OPINION_MOVES
from lvzhi.opinions.views.common import PAGE_SIZE, opinion_or_404, refuse, timeline
from lvzhi.opinions.views.submitter import send_attachment


@requires(C.MANAGE_OPINIONS)
def desk(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "submitted")
    status = status if status in Opinion.Status.values or status == "all" else "submitted"
    year = year_of(request) if request.GET.get("year") else None
    q = request.GET.get("q", "").strip()
    reports = queries.desk_list(request.access, status="" if status == "all" else status, year=year, q=q)
    page = Paginator(reports.order_by("-submitted_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queries.opinion_rows(page.object_list)
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    context = {"page": page, "status": status, "statuses": Opinion.Status.choices, "q": q, "year": year or ""}
    rows = {"rows": page.object_list, "detail": UrlFor("opinions:desk_detail")}
    context["rows_html"] = render_rows("opinions/_desk_rows.jinja", rows)
    response = render(request, "opinions/_desk_rows.html" if partial else "opinions/desk.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _revisions(opinion: Opinion) -> list[dict[str, Any]]:
    """Each version with what changed from the one before (the first is what the author sent)."""
    versions = list(opinion.revisions.select_related("by"))
    shown = []
    for before, revision in zip([None, *versions], versions, strict=False):
        shown.append(
            {
                "revision": revision,
                "title_diff": queries.diff_html(before.title, revision.title) if before else None,
                "diff": queries.diff_html(before.content, revision.content) if before else None,
            }
        )
    return shown


@requires(C.MANAGE_OPINIONS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = opinion_or_404(request, pk)
    allows = {str(action): move.allows(opinion.status) for action, move in OPINION_MOVES.items()}
    initial = {"title": opinion.title, "content": opinion.content, "category": opinion.category}
    context = {
        "opinion": opinion,
        "allows": allows,
        "guide": GUIDE_CHARS,
        "edit_form": EditForm(initial=initial),
        "reason_form": ReasonForm(),
        "forward_form": ForwardForm(committee=request.committee),
        "adopt_form": AdoptForm(),
        "instruction_form": InstructionForm(),
        "revisions": _revisions(opinion),
        "events": timeline(opinion),
        "attachments": list(opinion.attachments.all()),
        "adoptions": list(opinion.adoptions.select_related("bulletin")),
        "instructions": list(opinion.instructions.all()),
        "referrals": list(opinion.referrals.select_related("unit")),
        "merged_from": list(opinion.merged_from.all()),
    }
    return render(request, "opinions/desk_detail.html", context)


def _act(
    request: HttpRequest, pk: int, form_class: Any, run: Callable[[Opinion, Any], object], done: str
) -> HttpResponse:
    opinion = opinion_or_404(request, pk)
    kwargs = {"committee": request.committee} if form_class is ForwardForm else {}
    form = form_class(request.POST, request.FILES or None, **kwargs)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        messages.error(request, _("提交的内容有误：%(e)s") % {"e": first})
        return redirect("opinions:desk_detail", pk=opinion.pk)
    try:
        run(opinion, form.cleaned_data)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, done)
    return redirect("opinions:desk_detail", pk=opinion.pk)


@require_POST
@requires(C.MANAGE_OPINIONS)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    def run(opinion: Opinion, data: dict) -> object:
        draft = services.Draft(data["title"], data["content"], data["category"])
        return services.edit_opinion(opinion, draft=draft, actor=request.user, note=data["note"])

    return _act(request, pk, EditForm, run, _("已保存编辑稿"))


@require_POST
@requires(C.MANAGE_OPINIONS)
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    run = lambda o, d: services.return_opinion(o, actor=request.user, reason=d["reason"])  # noqa: E731
    return _act(request, pk, ReasonForm, run, _("已退回报送人修改"))


@require_POST
@requires(C.MANAGE_OPINIONS)
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    run = lambda o, d: services.decline_opinion(o, actor=request.user, reason=d["reason"])  # noqa: E731
    return _act(request, pk, ReasonForm, run, _("已标记为未采用"))


@require_POST
@requires(C.MANAGE_OPINIONS)
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    def run(opinion: Opinion, data: dict) -> object:
        return services.forward_opinion(
            opinion, unit=data["unit"], actor=request.user, note=data["note"], due_on=data["due_on"]
        )

    return _act(request, pk, ForwardForm, run, _("已转办"))


@require_POST
@requires(C.MANAGE_OPINIONS)
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    def run(opinion: Opinion, data: dict) -> object:
        return services.adopt_opinion(opinion, actor=request.user, **data)

    return _act(request, pk, AdoptForm, run, _("已登记采用，已通知报送人"))


@require_POST
@requires(C.MANAGE_OPINIONS)
def instruct(request: HttpRequest, pk: int) -> HttpResponse:
    def run(opinion: Opinion, data: dict) -> object:
        return services.record_instruction(opinion, actor=request.user, **data)

    return _act(request, pk, InstructionForm, run, _("已登记批示，已通知报送人"))


@require_POST
@requires(C.MANAGE_OPINIONS)
def void(request: HttpRequest, pk: int, kind: str, outcome_pk: int) -> HttpResponse:
    opinion = opinion_or_404(request, pk)
    model = {"adoption": Adoption, "instruction": Instruction}.get(kind)
    outcome = get_or_404((model or Adoption).objects.filter(opinion=opinion), pk=outcome_pk if model else 0)
    try:
        services.void_outcome(outcome, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("已撤销，相关履职记录已作废"))
    return redirect("opinions:desk_detail", pk=opinion.pk)


@require_POST
@requires(C.MANAGE_OPINIONS)
def recall(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_or_404(Referral.objects.filter(committee=request.committee), pk=pk)
    try:
        services.recall_referral(referral, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        refuse(request, exc)
    return redirect("opinions:desk_detail", pk=referral.opinion_id)


@requires(C.MANAGE_OPINIONS)
def merge(request: HttpRequest) -> HttpResponse:
    """Pick two or more reports on one matter, then write the combined text (it starts as their texts joined)."""
    ids = [int(i) for i in request.POST.getlist("ids") or request.GET.getlist("ids") if str(i).isdigit()]
    sources = list(queries.visible_opinions(request.access).filter(pk__in=ids, status__in=["submitted", "edited"]))
    if len(sources) < 2:
        messages.error(request, _("请至少选择两篇待审查或已编辑的信息进行合并"))
        return redirect("opinions:desk")
    joined = {"title": sources[0].title, "content": "\n\n".join(s.content for s in sources)}
    form = DraftForm(request.POST if "content" in request.POST else None, initial=joined)
    if "content" in request.POST and form.is_valid():
        try:
            merged = services.merge_opinions(sources, draft=form.draft(), actor=request.user)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已合并为一篇"))
            return redirect("opinions:desk_detail", pk=merged.pk)
    return render(request, "opinions/merge.html", {"form": form, "sources": sources, "guide": GUIDE_CHARS})


@requires(C.MANAGE_OPINIONS)
def record(request: HttpRequest) -> HttpResponse:
    """登记来稿: a report a special committee, party or lower committee sent in."""
    form = ReceivedForm(request.POST or None, request.FILES or None, committee=request.committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opinion = services.record_received(
                committee=request.committee,
                draft=form.draft(),
                source=data["source"],
                unit_name=data["unit_name"],
                member=data["member"],
                files=data["attachments"],
                actor=request.user,
            )
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已登记来稿"))
            return redirect("opinions:desk_detail", pk=opinion.pk)
    return render(request, "opinions/submit.html", {"form": form, "guide": GUIDE_CHARS, "recording": True})


@requires(C.MANAGE_OPINIONS)
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    return send_attachment(get_or_404(Attachment.objects.filter(committee=request.committee), pk=pk))


urlpatterns = [
    path("desk/", desk, name="desk"),
    path("desk/record/", record, name="record"),
    path("desk/merge/", merge, name="merge"),
    path("desk/<int:pk>/", detail, name="desk_detail"),
    path("desk/<int:pk>/edit/", edit, name="edit"),
    path("desk/<int:pk>/return/", return_, name="return"),
    path("desk/<int:pk>/decline/", decline, name="decline"),
    path("desk/<int:pk>/forward/", forward, name="forward"),
    path("desk/<int:pk>/adopt/", adopt, name="adopt"),
    path("desk/<int:pk>/instruct/", instruct, name="instruct"),
    path("desk/<int:pk>/void/<str:kind>/<int:outcome_pk>/", void, name="void"),
    path("desk/attachments/<int:pk>/", attachment, name="desk_attachment"),
    path("referrals/<int:pk>/recall/", recall, name="recall"),
]
