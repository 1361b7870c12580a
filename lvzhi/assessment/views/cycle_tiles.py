"""The cycle on the homes: a member's call to check a frozen year, and the office's and leaders' waiting work.

The member's call is fetched after the home has shown (htmx), as the score tile is: the home keeps its fixed query
budget, and the call appears only while a year is in its members' check (核对).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.assessment.models import AssessmentYear, LineCheck
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires
from lvzhi.core.registry import HomeContext
from lvzhi.core.tenancy import Access
from lvzhi.core.todo import Todo


def check_tile(home: HomeContext) -> dict[str, Any] | None:
    return {} if home.member is not None else None


@requires(C.PARTICIPATE)
def check_tile_body(request: HttpRequest) -> HttpResponse:
    year = (
        AssessmentYear.objects.filter(committee=request.committee, status=AssessmentYear.Status.CHECKING)
        .order_by("-year")
        .first()
    )
    return render(request, "assessment/cycle/_tile_check_body.html", {"assessment": year})


def home_todos(access: Access) -> list[Todo]:
    items = []
    if access.can(C.MANAGE_ASSESSMENT):
        n = LineCheck.objects.filter(committee=access.committee, status=LineCheck.Status.OPEN).count()
        items.append(Todo("todo-assessment-disputes", _("待复核的考核异议"), n, reverse("assessment_cycle:years")))
    if access.can(C.APPROVE_ASSESSMENT):
        n = AssessmentYear.objects.filter(committee=access.committee, status=AssessmentYear.Status.APPROVAL).count()
        items.append(Todo("todo-assessment-approval", _("待审定的考核结果"), n, reverse("assessment_cycle:years")))
    return items


urlpatterns = [path("me/check-tile/", check_tile_body, name="check_tile")]
