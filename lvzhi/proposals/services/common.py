"""What every proposal service shares: the workflow, the timeline row, and who is told."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from lvzhi.core.models import User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import Workflow
from lvzhi.org.models import Member
from lvzhi.proposals.models import Cosigner, Proposal, ProposalEvent
from lvzhi.proposals.transitions import PROPOSAL_MOVES


def add_event(
    proposal: Proposal,
    *,
    action: str,
    actor: User | None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ProposalEvent:
    return ProposalEvent.objects.create(
        committee_id=proposal.committee_id,
        proposal=proposal,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=timezone.now(),
        action=action,
        from_status=from_status,
        to_status=to_status or from_status,
        note=note[:300],
        data=data or {},
    )


PROPOSAL = Workflow(PROPOSAL_MOVES, Proposal.Status, "proposal.bad_status", event=add_event)


def proposers(proposal: Proposal) -> list[Member]:
    """The lead proposer and the co-signers who confirmed: the people every decision is told to."""
    confirmed = Member.objects.filter(
        pk__in=Cosigner.objects.filter(proposal=proposal, status=Cosigner.Status.CONFIRMED).values("member_id")
    )
    return [proposal.lead, *confirmed]


def tell(proposal: Proposal, recipients: Iterable[User | Member], *, kind: str, title: str, body: str = "") -> None:
    notify(
        committee=proposal.committee,
        recipients=recipients,
        kind=kind,
        title=title,
        body=body,
        source=proposal,
    )
