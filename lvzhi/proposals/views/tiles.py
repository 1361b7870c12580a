"""What proposals show on the homes: the member's drafts and co-sign invitations, the office's review queue,
the handling unit's proposals to answer, and a leader's key proposals and the nominations waiting for their score."""

from typing import Any

from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import HomeContext
from lvzhi.proposals import queries
from lvzhi.proposals.models import Assignment, Honour, HonourScore, Proposal

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


def leader_supervision(home: HomeContext) -> dict[str, Any] | None:
    """The key proposals the user supervises (named with their account) that are not closed, the least recently
    supervised first, with the date of their latest supervision record; and the excellent nominations still open
    that the user has not scored. The proposal office runs both lists from its own screens, so not on its home."""
    if home.access.can(C.MANAGE_PROPOSALS):
        return None
    user = home.request.user
    key = list(
        Honour.objects.filter(
            kind=Honour.Kind.KEY, status=Honour.Status.APPROVED, unmarked_at=None, supervisors__user=user
        )
        .exclude(proposal__status=P.CLOSED)
        .annotate(last_record=Max("records__held_on"))
        .select_related("proposal")
        .order_by(F("last_record").asc(nulls_first=True), "proposal__year", "proposal__number", "pk")[: SHOWN + 1]
    )
    mine = HonourScore.objects.filter(honour=OuterRef("pk"), reviewer=user)
    unscored = list(
        Honour.objects.filter(kind=Honour.Kind.EXCELLENT, status=Honour.Status.CANDIDATE, unmarked_at=None)
        .exclude(Exists(mine))
        .select_related("proposal")
        .order_by("proposal__year", "proposal__number", "pk")[: SHOWN + 1]
    )
    if not key and not unscored:
        return None
    return {
        "key": key[:SHOWN],
        "more_key": len(key) > SHOWN,
        "unscored": unscored[:SHOWN],
        "more_unscored": len(unscored) > SHOWN,
    }
