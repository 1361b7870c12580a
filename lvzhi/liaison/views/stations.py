"""Stations that work: the office's overview (areas covered) and each station's page (people, rota, mailbox,
visitors, standards checklist ticked from the data)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.registry import registry
from lvzhi.liaison.forms import ReceptionForm
from lvzhi.liaison.models import Reception
from lvzhi.liaison.queries_stations import checklist, station_facts, stations_overview
from lvzhi.liaison.services import stations as services
from lvzhi.org.models import Station

RECENT = 30


@requires(C.VIEW_STATS)
def station_list(request: HttpRequest) -> HttpResponse:
    stations, uncovered = stations_overview(request.committee.pk)
    return render(request, "liaison/stations.html", {"stations": stations, "uncovered": uncovered})


def _page(request: HttpRequest, station: Station, form: ReceptionForm) -> HttpResponse:
    facts = station_facts(station)
    context = {
        "station": station,
        **facts,
        "checklist": checklist(station, facts),
        "receptions": list(Reception.objects.filter(station=station).select_related("member")[:RECENT]),
        "form": form,
        "may_record": request.access.can(C.MANAGE_LETTERS),
        "may_tick": request.access.can(C.MANAGE_ORG),
        # Its officers and its events come from apps liaison may not import; they register here (core.registry).
        "panels": registry.station_panels_for(request, station),
    }
    return render(request, "liaison/station.html", context)


@requires(C.VIEW_STATS)
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    station = get_or_404(Station.objects.filter(committee=request.committee).select_related("checklist"), pk=pk)
    form = ReceptionForm(committee_id=request.committee.pk, initial={"date": timezone.localdate()})
    return _page(request, station, form)


@require_POST
@requires(C.VIEW_STATS, C.MANAGE_LETTERS)
def reception_add(request: HttpRequest, pk: int) -> HttpResponse:
    station = get_or_404(Station.objects.filter(committee=request.committee).select_related("checklist"), pk=pk)
    form = ReceptionForm(request.POST, committee_id=request.committee.pk)
    if form.is_valid():
        try:
            services.record_reception(station, **form.cleaned_data, actor=request.user)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("接待记录已保存"))
            return redirect("liaison:station", pk=pk)
    return _page(request, station, form)


@require_POST
@requires(C.VIEW_STATS, C.MANAGE_LETTERS)
def station_area(request: HttpRequest, pk: int) -> HttpResponse:
    station = get_or_404(Station.objects.filter(committee=request.committee), pk=pk)
    services.set_area(station, area=request.POST.get("area", ""), actor=request.user)
    return redirect("liaison:station", pk=pk)
