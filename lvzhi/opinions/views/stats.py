"""社情民意 statistics (DOMAIN.md §6): the year's figures with charts, and the same as .xlsx."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires
from lvzhi.core.years import year_of
from lvzhi.opinions.export import stats_workbook
from lvzhi.opinions.queries import statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires(C.VIEW_STATS)
def stats(request: HttpRequest) -> HttpResponse:
    figures = statistics(request.committee, year_of(request))
    chart = {
        "adopted": [[str(label), n] for label, n in figures["adopted"]],
        "instructions": [[str(label), n] for label, n in figures["instructions"]],
        "sources": [[str(label), n] for label, n in figures["by_source"]],
    }
    return render(request, "opinions/stats.html", {"f": figures, "chart": chart})


@requires(C.VIEW_STATS)
def stats_export(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    response = HttpResponse(stats_workbook(statistics(request.committee, year)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="opinions-{year}.xlsx"'
    return response


urlpatterns = [
    path("stats/", stats, name="stats"),
    path("stats/export/", stats_export, name="stats_export"),
]
