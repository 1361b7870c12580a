"""Stations (工作室/联络站): their page with the standards ticked and the duty rota, and checklists (八有/五有)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.forms.structure import ChecklistForm, DutyForm, StationChecklistForm, StationForm
from lvzhi.org.models import StandardsChecklist, Station, StationDuty, Term
from lvzhi.org.services import stations as svc
from lvzhi.org.views.structure_common import form_page, post_action, save_form, tab_delete, tab_url


def _current_term(request: HttpRequest) -> Term | None:
    return Term.objects.filter(committee=request.committee, is_current=True).order_by("-number").first()


def _station_page(
    request: HttpRequest,
    station: Station,
    *,
    checklist_form: StationChecklistForm | None = None,
    duty_form: DutyForm | None = None,
) -> HttpResponse:
    """The station page; a form that failed is passed in bound, so what was typed stays."""
    items = station.checklist.items if station.checklist else []
    context = {
        "station": station,
        "rota": station.rota.select_related("member"),
        "checklist_form": checklist_form or StationChecklistForm(initial={"done": station.checklist_done}, items=items),
        "duty_form": duty_form or DutyForm(term=_current_term(request)),
        "done_count": len([i for i in station.checklist_done if i in items]),
    }
    return render(request, "org/station_detail.html", context)


@requires(C.MANAGE_ORG)
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _station_page(request, get_or_404(Station.objects.select_related("checklist"), pk=pk))


@requires(C.MANAGE_ORG)
@require_POST
def station_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    station = get_or_404(Station.objects.select_related("checklist"), pk=pk)
    form = StationChecklistForm(request.POST, items=station.checklist.items if station.checklist else [])
    saved = save_form(
        request,
        form,
        lambda data: svc.record_station_checklist(station, done=data["done"], actor=request.user),
        success=_("建设标准达标情况已保存"),
        done=reverse("org:station_detail", args=[station.pk]),
    )
    return saved or _station_page(request, station, checklist_form=form)


@requires(C.MANAGE_ORG)
@require_POST
def station_duty_add(request: HttpRequest, pk: int) -> HttpResponse:
    station = get_or_404(Station.objects.select_related("checklist"), pk=pk)
    form = DutyForm(request.POST, term=_current_term(request))
    saved = save_form(
        request,
        form,
        lambda data: svc.add_station_duty(station, **data, actor=request.user),
        success=_("值班安排已添加"),
        done=reverse("org:station_detail", args=[station.pk]),
    )
    return saved or _station_page(request, station, duty_form=form)


@requires(C.MANAGE_ORG)
@require_POST
def station_duty_remove(request: HttpRequest, pk: int) -> HttpResponse:
    duty = get_or_404(StationDuty.objects.select_related("member"), pk=pk)
    return post_action(
        request,
        lambda: svc.remove_station_duty(duty, actor=request.user),
        done=reverse("org:station_detail", args=[duty.station_id]),
        success=_("值班安排已移除"),
    )


@requires(C.MANAGE_ORG)
def station_create(request: HttpRequest) -> HttpResponse:
    form = StationForm(request.POST or None, committee_id=request.committee.pk)
    return form_page(
        request,
        form,
        title=_("新增委员工作室/联络站"),
        save=lambda data: svc.create_station(committee=request.committee, **data, actor=request.user),
        done=tab_url("stations"),
        success=_("站点已添加"),
    )


@requires(C.MANAGE_ORG)
def station_edit(request: HttpRequest, pk: int) -> HttpResponse:
    station = get_or_404(Station.objects.all(), pk=pk)
    initial = {f: getattr(station, f) for f in ("name", "kind", "host_unit", "address")}
    form = StationForm(
        request.POST or None, initial={**initial, "checklist": station.checklist_id}, committee_id=request.committee.pk
    )
    return form_page(
        request,
        form,
        title=_("修改站点：%(n)s") % {"n": station.name},
        save=lambda data: svc.update_station(station, changes=data, actor=request.user),
        done=tab_url("stations"),
        success=_("已保存"),
    )


station_delete = tab_delete(Station.objects.all, svc.delete_station, tab="stations", success=gettext_lazy("站点已删除"))


@requires(C.MANAGE_ORG)
def checklist_create(request: HttpRequest) -> HttpResponse:
    form = ChecklistForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("新增建设标准"),
        save=lambda data: svc.create_checklist(committee=request.committee, **data, actor=request.user),
        done=tab_url("checklists"),
        success=_("建设标准已添加"),
    )


@requires(C.MANAGE_ORG)
def checklist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = get_or_404(StandardsChecklist.objects.all(), pk=pk)
    form = ChecklistForm(request.POST or None, initial={"name": checklist.name, "items": "\n".join(checklist.items)})
    return form_page(
        request,
        form,
        title=_("修改建设标准：%(n)s") % {"n": checklist.name},
        save=lambda data: svc.update_checklist(checklist, **data, actor=request.user),
        done=tab_url("checklists"),
        success=_("已保存"),
    )


checklist_delete = tab_delete(
    StandardsChecklist.objects.all, svc.delete_checklist, tab="checklists", success=gettext_lazy("建设标准已删除")
)


@requires(C.MANAGE_ORG)
@require_POST
def checklist_preset(request: HttpRequest) -> HttpResponse:
    return post_action(
        request,
        lambda: svc.add_checklist_preset(
            committee=request.committee, preset=request.POST.get("preset", ""), actor=request.user
        ),
        done=tab_url("checklists"),
        success=_("已添加预设建设标准"),
    )


urlpatterns = [
    path("structure/stations/new/", station_create, name="station_create"),
    path("structure/stations/<int:pk>/", station_detail, name="station_detail"),
    path("structure/stations/<int:pk>/edit/", station_edit, name="station_edit"),
    path("structure/stations/<int:pk>/delete/", station_delete, name="station_delete"),
    path("structure/stations/<int:pk>/checklist/", station_checklist, name="station_checklist"),
    path("structure/stations/<int:pk>/rota/", station_duty_add, name="station_duty_add"),
    path("structure/rota/<int:pk>/delete/", station_duty_remove, name="station_duty_remove"),
    path("structure/checklists/new/", checklist_create, name="checklist_create"),
    path("structure/checklists/preset/", checklist_preset, name="checklist_preset"),
    path("structure/checklists/<int:pk>/edit/", checklist_edit, name="checklist_edit"),
    path("structure/checklists/<int:pk>/delete/", checklist_delete, name="checklist_delete"),
]
