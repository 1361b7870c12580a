"""界别考评 (DOMAIN.md §4.4): sector groups ranked by the composite (internal), each group's "八个有"/"168" checks
with what the data shows, and the office's evidence for the rest."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.assessment.export_tables import Sheet, xlsx_response
from lvzhi.assessment.groups import (
    CHECKLIST,
    CHECKLIST_WEIGHT,
    SCORE_WEIGHT,
    TARGETS,
    TARGETS_WEIGHT,
    GroupResult,
    group_result,
    group_results,
    visible_groups,
)
from lvzhi.assessment.models_groups import GroupEvidence
from lvzhi.assessment.services import groups as services
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import requires
from lvzhi.core.uploads import EVIDENCE, serve
from lvzhi.core.years import year_of
from lvzhi.org.models import SectorGroup


def _results(request: HttpRequest, year: int) -> list[GroupResult]:
    return group_results(request.committee, year, only=visible_groups(request.access))


def _group(request: HttpRequest, pk: int) -> SectorGroup:
    allowed = visible_groups(request.access)
    if allowed is not None and pk not in allowed:
        raise Http404
    return get_object_or_404(SectorGroup, pk=pk)


@require_GET
@requires(C.VIEW_ASSESSMENT)
def ranking(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    return render(
        request,
        "assessment/groups/ranking.html",
        {
            "year": year,
            "results": _results(request, year),
            "checklist_size": len(CHECKLIST),
            "targets_size": len(TARGETS),
            "weights": (CHECKLIST_WEIGHT, SCORE_WEIGHT, TARGETS_WEIGHT),
        },
    )


def _summary(r: GroupResult) -> list:
    mean = None if r.mean_score is None else round(r.mean_score, 1)
    return [r.rank, r.group.name, r.members, r.checklist_done, r.targets_done, mean, r.composite]


@require_GET
@requires(C.VIEW_ASSESSMENT)
def ranking_export(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    results = _results(request, year)
    header = [_("名次"), _("界别活动组"), _("委员数"), _("八个有"), _("168 目标"), _("委员平均分"), _("综合得分")]
    header += [str(c.item.label) for c in results[0].checks] if results else []
    yes, no = _("✓"), _("—")
    rows = [[*_summary(r), *(yes if c.done else no for c in r.checks)] for r in results]
    title = _("%(y)s年界别活动组考评（内部）") % {"y": year}
    return xlsx_response(f"{title}.xlsx", [Sheet(_("界别考评"), header, rows, title)])


@require_GET
@requires(C.VIEW_ASSESSMENT)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    year = year_of(request)
    try:
        result = group_result(request.committee, group, year)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('assessment_groups:ranking')}?year={year}")
    return render(
        request,
        "assessment/groups/detail.html",
        {
            "year": year,
            "result": result,
            "group": group,
            "parts": [
                (_("八个有"), [c for c in result.checks if c.item.part == "checklist"]),
                (_("“168”目标"), [c for c in result.checks if c.item.part == "targets"]),
            ],
            "can_manage": request.access.can(C.MANAGE_ASSESSMENT),
            "accept": EVIDENCE.accept_attr,
        },
    )


def _back(group: SectorGroup, year: int) -> HttpResponse:
    return redirect(f"{reverse('assessment_groups:detail', args=[group.pk])}?year={year}")


@require_POST
@requires(C.MANAGE_ASSESSMENT)
def tick(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    year = year_of(request)
    try:
        services.tick(
            group,
            year=year,
            item=request.POST.get("item", ""),
            note=request.POST.get("note", ""),
            file=request.FILES.get("file"),
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录佐证"))
    return _back(group, year)


@require_POST
@requires(C.MANAGE_ASSESSMENT)
def untick(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    year = year_of(request)
    try:
        services.untick(group, year=year, item=request.POST.get("item", ""), actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤销"))
    return _back(group, year)


@require_GET
@requires(C.VIEW_ASSESSMENT)
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(GroupEvidence, pk=pk)
    _group(request, evidence.group_id)
    if not evidence.file:
        raise Http404
    return serve(evidence.file)


urlpatterns = [
    path("", ranking, name="ranking"),
    path("ranking.xlsx", ranking_export, name="ranking_export"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/tick/", tick, name="tick"),
    path("<int:pk>/untick/", untick, name="untick"),
    path("evidence/<int:pk>/", evidence_file, name="evidence_file"),
]
