"""What proposals show on the homes: the member's drafts and co-sign invitations, the office's review queue."""

from typing import Any

from django.utils import timezone

from lvzhi.core.registry import HomeContext
from lvzhi.proposals import queries
from lvzhi.proposals.models import Assignment, Proposal

P = Proposal.Status
SHOWN = 5


def member_proposals(home: HomeContext) -> dict[str, Any] | None:
    """Co-sign invitations waiting for an answer, and my proposals waiting for me (drafts, returned ones)."""
    member = home.member
    invitations = list(queries.invitations(member)[:SHOWN])
    waiting = list(
        Proposal.objects.filter(lead=member, status__in=(P.DRAFT, P.RETURNED)).order_by("-updated_at", "-id")[:SHOWN]
    )
    if not invitations and not waiting:
        return None
    return {"invitations": invitations, "waiting": waiting}


def office_queue(home: HomeContext) -> dict[str, Any] | None:
    """Proposals waiting for review, and replies past their due date (催办)."""
    submitted = Proposal.objects.filter(status=P.SUBMITTED).count()
    overdue = queries.overdue_assignments(today=timezone.localdate()).count()
    return {"submitted": submitted, "overdue": overdue} if submitted or overdue else None


def unit_queue(home: HomeContext) -> dict[str, Any] | None:
    """Proposals assigned to the user's unit that still wait for its answer, soonest due first."""
    waiting = (
        Assignment.objects.filter(
            unit_id__in=home.access.handling_unit_ids, proposal__status__in=(P.ASSIGNED, P.REHANDLING)
        )
        .select_related("proposal")
        .order_by("due_date", "id")
    )
    rows = list(waiting[:SHOWN])
    return {"assignments": rows, "count": waiting.count()} if rows else None
