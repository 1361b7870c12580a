"""The people picker's search (选人): serving members of the current term, as the caller's directory shows them."""

import dataclasses

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.core.permissions import requires
from lvzhi.org.queries import members as queries
from lvzhi.org.services.members import current_term

SHOWN = 50  # rows listed; "全部选中" takes every match of a narrowed search, not only these
EVERYONE_LIMIT = 2000  # a whole plenary at most: more is a wrong filter, not a choice


@requires(C.VIEW_DIRECTORY)
def people_search(request: HttpRequest) -> HttpResponse:
    try:
        term = current_term(request.committee)
    except NotFound:
        return render(request, "org/_people_results.html", {"rows": []})
    flt = dataclasses.replace(queries.DirectoryFilter.from_params(request.GET), status=queries.SERVING, standing=None)
    if not request.access.can(C.VIEW_MEMBERS):
        # Members narrow by name, sector and group only, as in their directory.
        flt = dataclasses.replace(flt, special_committee=None, station=None)
    narrowed = any((flt.q, flt.sector, flt.group, flt.special_committee, flt.station))
    matches = queries.directory(request.access, term, flt)
    rows = list(matches[:SHOWN]) if narrowed else []
    total = matches.count() if len(rows) == SHOWN else len(rows)
    everyone = list(matches.values_list("member_id", "member__name")[:EVERYONE_LIMIT]) if narrowed else []
    return render(
        request,
        "org/_people_results.html",
        {
            "rows": rows,
            "total": total,
            "narrowed": narrowed and total <= EVERYONE_LIMIT,
            "everyone": everyone,
            "hint": not narrowed,
        },
    )


urlpatterns = [path("people/search/", people_search, name="people_search")]
