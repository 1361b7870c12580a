"""Proposal statistics (DOMAIN.md §6 items 4 and 5): the year's figures with ECharts charts, and as .xlsx."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires
from lvzhi.core.years import year_of
from lvzhi.proposals.export import stats_workbook
from lvzhi.proposals.stats import statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires(C.VIEW_STATS)
def stats(request: HttpRequest) -> HttpResponse:
    f = statistics(year_of(request))
    chart = {
        "flow": [
            [_("收到"), f["received"]],
            [_("立案"), f["accepted"]],
            [_("并案"), f["merged"]],
            [_("不予立案"), f["not_accepted"]],
            [_("转办"), f["converted"]],
        ],
        "kinds": f["by_kind"],
        "categories": f["by_category"],
        "grades": [[label.split("：")[0], n] for label, n in f["grades"]],
        "satisfaction": f["satisfaction"],
        "units": [[u["name"], u["on_time_rate"] or 0] for u in f["units"][:15]],
    }
    return render(request, "proposals/stats.html", {"f": f, "chart": chart})


@requires(C.VIEW_STATS)
def stats_export(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    response = HttpResponse(stats_workbook(statistics(year)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="proposals-{year}.xlsx"'
    return response


urlpatterns = [
    path("stats/", stats, name="stats"),
    path("stats/export/", stats_export, name="stats_export"),
]
