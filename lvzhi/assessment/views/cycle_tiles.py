"""The cycle on the homes: a member's call to check a frozen year, and the office's and leaders' waiting work."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.assessment.models import AssessmentYear, LineCheck
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import HomeContext
from lvzhi.core.tenancy import Access
from lvzhi.core.todo import Todo


def check_tile(home: HomeContext) -> dict[str, Any] | None:
    """Shown while a year is in its members' check (核对)."""
    if home.member is None:
        return None
    year = (
        AssessmentYear.objects.filter(committee=home.committee, status=AssessmentYear.Status.CHECKING)
        .order_by("-year")
        .first()
    )
    return {"assessment": year} if year is not None else None


def home_todos(access: Access) -> list[Todo]:
    items = []
    if access.can(C.MANAGE_ASSESSMENT):
        n = LineCheck.objects.filter(committee=access.committee, status=LineCheck.Status.OPEN).count()
        items.append(Todo("todo-assessment-disputes", _("待复核的考核异议"), n, reverse("assessment_cycle:years")))
    if access.can(C.APPROVE_ASSESSMENT):
        n = AssessmentYear.objects.filter(committee=access.committee, status=AssessmentYear.Status.APPROVAL).count()
        items.append(Todo("todo-assessment-approval", _("待审定的考核结果"), n, reverse("assessment_cycle:years")))
    return items
