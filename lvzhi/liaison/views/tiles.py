"""Home tiles: a member's letters to answer; the office's letters waiting and overdue; a handling unit's letters
to reply to."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from lvzhi.core.registry import HomeContext
from lvzhi.liaison import queries
from lvzhi.liaison.models import ContactLog, Letter, StandingContact
from lvzhi.liaison.queries_contacts import MIN_CONTACTS, quarter_of, quarter_span


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


def unit_letters(home: HomeContext) -> dict[str, Any] | None:
    """Letters passed to the user's unit and not yet replied to, the nearest deadline first (a unit's login has no
    staff desk: this shows on its home)."""
    if not home.access.handling_unit_ids:
        return None
    waiting = queries.unit_letters(home.access).filter(status=Letter.Status.FORWARDED)
    return {
        "letters": list(waiting.order_by("final_due", "id")[:5]),
        "count": waiting.count(),
        "today": timezone.localdate(),
    }


def member_contacts(home: HomeContext) -> dict[str, Any] | None:
    """Contacts still due this quarter, or fewer standing contacts than the rule asks for (one query)."""
    if home.member is None:
        return None
    year, quarter = quarter_of(timezone.localdate())
    start, end = quarter_span(year, quarter)
    reached = ContactLog.objects.filter(contact=OuterRef("pk"), date__range=(start, end))
    contacts = list(
        StandingContact.objects.filter(member=home.member, is_active=True)
        .annotate(reached=Exists(reached))
        .values_list("name", "reached")
    )
    due = [name for name, was_reached in contacts if not was_reached]
    if len(contacts) >= MIN_CONTACTS and not due:
        return None
    return {"contacts": len(contacts), "due_names": due, "end": end, "minimum": MIN_CONTACTS}
