"""Reads of the ledger that are more than a filter."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.tenancy import Access
from lvzhi.core.todo import Todo
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import duty_records_of, in_review_scope, pending_self_reports
from lvzhi.ledger.taxonomy import DutyKind

S = DutyRecord.Status


def year_counts(member: Any, year: int | None = None) -> dict[str, int]:
    """A year's live ledger rows of the member, in all and confirmed (this year unless named)."""
    year = year or timezone.localdate().year
    by_status = dict(
        DutyRecord.objects.filter(member=member, year=year)
        .exclude(status=DutyRecord.Status.VOIDED)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {
        "year": year,
        "total": sum(by_status.values()),
        "confirmed": by_status.get(DutyRecord.Status.CONFIRMED, 0),
    }


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    confirmed: int
    pending: int  # waiting for staff, or disputed


def ledger_by_kind(member: Any, year: int) -> list[KindCount]:
    """This year's live ledger rows per kind, most first; voided rows do not count."""
    rows = (
        duty_records_of(member, year=year)
        .exclude(status=S.VOIDED)
        .order_by()
        .values("kind")
        .annotate(
            confirmed=Count("id", filter=Q(status=S.CONFIRMED)),
            pending=Count("id", filter=Q(status__in=(S.PENDING, S.DISPUTED))),
        )
    )
    labels = {value: str(label) for value, label in DutyKind.choices}
    counts = [KindCount(r["kind"], labels.get(r["kind"], r["kind"]), r["confirmed"], r["pending"]) for r in rows]
    return sorted(counts, key=lambda c: (-c.confirmed - c.pending, c.label))


def home_todos(access: Access) -> list[Todo]:
    """Self-reports waiting for this reviewer, as in the review queue."""
    if not access.can(C.CONFIRM_DUTY):
        return []
    pending = in_review_scope(pending_self_reports(access.committee), access).count()
    return [Todo("todo-self-reports", gettext_lazy("待确认的履职自报"), pending, reverse("ledger:review"))]
