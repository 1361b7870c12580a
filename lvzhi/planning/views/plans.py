"""年度履职清单: the plan tree with progress per level, item forms, linking activities, and a member's own items."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.years import year_of
from lvzhi.org.models import Term
from lvzhi.org.portal import member_of
from lvzhi.org.services.members import current_term
from lvzhi.planning import plan_queries, services
from lvzhi.planning.forms import LinkActivitiesForm, PlanItemForm
from lvzhi.planning.models import PlanItem
from lvzhi.planning.services import filing
from lvzhi.planning.services.plans import UPDATE_FIELDS
from lvzhi.proposals.models import Proposal

L = PlanItem.Level
NEXT_LEVEL = {L.COMMITTEE: L.SPECIAL_COMMITTEE, L.SPECIAL_COMMITTEE: L.SECTOR_GROUP, L.SECTOR_GROUP: L.MEMBER}
CANDIDATES_SHOWN = 50


def _plans_url(year: int) -> str:
    return f"{reverse('planning:plans')}?{urlencode({'year': year})}"


def _term(request: HttpRequest) -> Term | None:
    try:
        return current_term(request.committee)
    except NotFound:
        return None


def _editable_item(request: HttpRequest, pk: int) -> PlanItem:
    item = get_or_404(PlanItem.objects.all(), pk=pk)
    if not plan_queries.can_edit(request.access, item):
        raise PermissionDenied
    return item


@require_GET
@requires(C.VIEW_STATS)
def plans(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    tree = plan_queries.visible_tree(request.access, member_of(request.user, request.committee), year)
    editable = plan_queries.editable_ids(request.access, tree)
    walked = list(tree.walk())
    decidable = filing.decidable_ids(request.access, [node.item for _depth, node in walked])
    rows = [(depth, node, node.item.pk in editable, node.item.pk in decidable) for depth, node in walked]
    return render(
        request,
        "planning/plans.html",
        {
            "year": year,
            "years": [year - 1, year + 1],
            "rows": rows,
            "levels": tree.levels,
            "can_create": request.access.can(C.MANAGE_ACTIVITIES),
            "next_level": NEXT_LEVEL,
        },
    )


@require_GET
@requires(C.PARTICIPATE)
def my_plan(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    member = member_of(request.user, request.committee)
    cards = []
    if member is not None:
        tree = plan_queries.visible_tree(request.access, member, year)
        nodes = [node for _depth, node in tree.walk() if node.item.member_id == member.pk]
        prefetch_related_objects([n.item for n in nodes], "activities")
        counted = {pk for n in nodes for pk in n.own_proposals}
        proposals = Proposal.objects.filter(pk__in=counted).only("pk", "title", "status") if counted else []
        by_pk = {p.pk: p for p in proposals}
        cards = [(node, [by_pk[pk] for pk in node.own_proposals if pk in by_pk]) for node in nodes]
    return render(request, "planning/my_plan.html", {"year": year, "years": [year - 1, year + 1], "cards": cards})


def _parents(request: HttpRequest, year: int, exclude: PlanItem | None = None) -> list[PlanItem]:
    """Items the user may hang a new item under: their editable items above the member level."""
    tree = plan_queries.plan_tree(plan_queries.year_items(request.committee, year))
    editable = plan_queries.editable_ids(request.access, tree)
    return [
        n.item
        for _depth, n in tree.walk()
        if n.item.pk in editable and n.item.level != L.MEMBER and (exclude is None or n.item.pk != exclude.pk)
    ]


def _refuse_outside_branch(request: HttpRequest, form: PlanItemForm, data: dict[str, Any], year: int) -> bool:
    """Scoped staff add and move items only inside their own unit's branch."""
    draft = PlanItem(committee=request.committee, year=year, **data)
    scope = plan_queries.units(request.access, C.MANAGE_ACTIVITIES)
    if plan_queries.in_branch(draft, scope):
        return False
    form.add_error(None, _("只能在本单位负责的清单中添加或调整任务"))
    return True


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_ACTIVITIES)
def plan_create(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    parents = _parents(request, year)
    parent = next((p for p in parents if str(p.pk) == request.GET.get("parent")), None)
    initial = {"parent": parent, "level": NEXT_LEVEL.get(parent.level) if parent else L.COMMITTEE}
    form = PlanItemForm(request.POST or None, initial=initial, year=year, term=_term(request), parents=parents)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not _refuse_outside_branch(request, form, data, year):
            try:
                services.create_plan_item(committee=request.committee, data={**data, "year": year}, actor=request.user)
            except DomainError as exc:
                form.show(exc)
            else:
                messages.success(request, _("已添加任务“%(t)s”") % {"t": data["title"]})
                return redirect(_plans_url(year))
    return render(request, "planning/plan_form.html", {"form": form, "year": year, "item": None})


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_ACTIVITIES)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    parents = _parents(request, item.year, exclude=item)
    form = PlanItemForm(request.POST or None, instance=item, year=item.year, term=_term(request), parents=parents)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in UPDATE_FIELDS}
        if not _refuse_outside_branch(request, form, {**data, "level": item.level}, item.year):
            try:
                services.update_plan_item(item, data=data, actor=request.user)
            except DomainError as exc:
                form.show(exc)
            else:
                messages.success(request, _("已保存任务“%(t)s”") % {"t": data["title"]})
                return redirect(_plans_url(item.year))
    return render(request, "planning/plan_form.html", {"form": form, "year": item.year, "item": item})


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    try:
        services.delete_plan_item(item, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已删除任务“%(t)s”") % {"t": item.title})
    return redirect(_plans_url(item.year))


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_ACTIVITIES)
def plan_activities(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    q = request.GET.get("q", "")
    candidates = list(plan_queries.linkable_activities(item, q)[:CANDIDATES_SHOWN])
    if request.method == "POST":
        form = LinkActivitiesForm(
            request.POST, candidates=list(plan_queries.linkable_activities(item).values_list("pk", flat=True))
        )
        if form.is_valid():
            try:
                added = services.link_activities(
                    item,
                    activities=Activity.objects.filter(pk__in=form.cleaned_data["activity_ids"]),
                    actor=request.user,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已关联 %(n)s 项活动") % {"n": added})
                return redirect("planning:plan_activities", pk=item.pk)
        else:
            messages.error(request, _("请选择要关联的活动"))
    linked = list(item.activities.order_by("-starts_at", "-id"))
    return render(
        request,
        "planning/plan_activities.html",
        {"item": item, "linked": linked, "candidates": candidates, "q": q, "held": plan_queries.HELD},
    )


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def plan_unlink(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    activity = get_or_404(Activity.objects.all(), pk=activity_pk)
    try:
        services.unlink_activity(item, activity=activity, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已取消关联“%(t)s”") % {"t": activity.title})
    return redirect("planning:plan_activities", pk=item.pk)


FILING = {"approve", "return"}


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def plan_filing(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The supervising special committee approves a sector group's item, or returns it with a reason."""
    if action not in FILING:
        raise Http404
    item = get_or_404(PlanItem.objects.select_related("sector_group"), pk=pk)
    if item.filing_status and not filing.may_decide(request.access, item):
        raise PermissionDenied
    decide = services.approve_plan_item if action == "approve" else services.return_plan_item
    try:
        decide(item, actor=request.user, access=request.access, note=request.POST.get("note", "").strip()[:300])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已审核通过") if action == "approve" else _("已退回修改"))
    return redirect(_plans_url(item.year))


urlpatterns = [
    path("plans/", plans, name="plans"),
    path("plans/<int:pk>/filing/<slug:action>/", plan_filing, name="plan_filing"),
    path("plans/mine/", my_plan, name="my_plan"),
    path("plans/new/", plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", plan_edit, name="plan_edit"),
    path("plans/<int:pk>/delete/", plan_delete, name="plan_delete"),
    path("plans/<int:pk>/activities/", plan_activities, name="plan_activities"),
    path("plans/<int:pk>/activities/<int:activity_pk>/remove/", plan_unlink, name="plan_unlink"),
]
