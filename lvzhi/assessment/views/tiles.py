"""The member home's tile: this year's score so far and the minimum duties still open.

Scoring the member takes a handful of queries, so the home renders only a placeholder that fetches the tile's
body after the page has shown (htmx): the home keeps its fixed query budget and shows at once.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lvzhi.assessment.views.me import my_progress
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires
from lvzhi.core.registry import HomeContext
from lvzhi.org.portal import member_of


def my_score(home: HomeContext) -> dict[str, Any] | None:
    return {"year": timezone.localdate().year} if home.member is not None else None


@requires(C.PARTICIPATE)
def my_score_body(request: HttpRequest) -> HttpResponse:
    member = member_of(request.user, request.committee)
    progress = my_progress(request.committee, member, timezone.localdate().year) if member else None
    if progress is None:
        raise Http404
    return render(
        request,
        "assessment/_tile_mine_body.html",
        {"p": progress, "open": [d for d in progress.duties if not d.done]},
    )


urlpatterns = [path("me/tile/", my_score_body, name="me_tile")]
