"""Staff: the year's scores and rankings by committee, sector, sector group and special committee, and as .xlsx."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from lvzhi.assessment import queries
from lvzhi.assessment.export import ranking_workbook
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.forminput import query_id
from lvzhi.core.permissions import requires
from lvzhi.core.years import year_of
from lvzhi.ledger.services import term_for
from lvzhi.org.models import SectorGroup, SpecialCommittee

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter(request: HttpRequest) -> queries.RankingFilter:
    return queries.RankingFilter(
        query_id(request, "sector"),
        query_id(request, "group"),
        query_id(request, "special_committee"),
    )


@requires(C.VIEW_ASSESSMENT)
def ranking(request: HttpRequest) -> HttpResponse:
    year, flt = year_of(request), _filter(request)
    result = queries.ranking(request.access, year, flt)
    term = term_for(request.committee, year)
    bands: dict[str, int] = {}
    for s in result.scores:
        bands[s.band_label] = bands.get(s.band_label, 0) + 1
    codes = [i.code for i in result.rules.indicators]
    return render(
        request,
        "assessment/ranking.html",
        {
            "r": result,
            "rows": [(s, result.sectors.get(s.person.sector_id, "")) for s in result.scores],
            "flt": flt,
            "codes": codes,
            "bands": [(label, n) for label, n in bands.items()],
            "chart": {"bands": [[label, n] for label, n in bands.items()]},
            "groups": SectorGroup.objects.filter(committee=request.committee, term=term).order_by("name"),
            "specials": SpecialCommittee.objects.filter(committee=request.committee).order_by("name"),
        },
    )


@requires(C.VIEW_ASSESSMENT)
def ranking_export(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    result = queries.ranking(request.access, year, _filter(request))
    response = HttpResponse(ranking_workbook(result), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="assessment-{year}.xlsx"'
    return response


urlpatterns = [
    path("", ranking, name="ranking"),
    path("export/", ranking_export, name="ranking_export"),
]
