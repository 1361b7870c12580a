"""Home tiles: a member's letters to answer; the office's letters waiting and overdue."""

from typing import Any

from django.utils import timezone

from lvzhi.core.registry import HomeContext
from lvzhi.liaison import queries
from lvzhi.liaison.models import Letter
from lvzhi.liaison.queries_contacts import MIN_CONTACTS, coverage_for_members, quarter_of, quarter_span


def member_letters(home: HomeContext) -> dict[str, Any] | None:
    if home.member is None:
        return None
    waiting = list(queries.waiting_for_member(home.member).order_by("first_response_due")[:5])
    return {"letters": waiting} if waiting else None


def office_letters(home: HomeContext) -> dict[str, Any] | None:
    letters = queries.office_letters(home.committee.pk)
    overdue = queries.overdue(letters).count()
    waiting = letters.filter(status=Letter.Status.SUBMITTED).count()
    return {"overdue": overdue, "waiting": waiting}


def member_contacts(home: HomeContext) -> dict[str, Any] | None:
    """Contacts still due this quarter, or fewer standing contacts than the rule asks for."""
    if home.member is None:
        return None
    year, quarter = quarter_of(timezone.localdate())
    row = coverage_for_members([home.member], year, quarter)[0]
    if row.ok:
        return None
    return {"row": row, "end": quarter_span(year, quarter)[1], "minimum": MIN_CONTACTS}
