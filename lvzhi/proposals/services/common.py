"""What every proposal service shares: the workflow, the timeline row, and who is told."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from lvzhi.core.capabilities import Role
from lvzhi.core.models import User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import Workflow
from lvzhi.ledger.taxonomy import DutyRole
from lvzhi.org.models import Member
from lvzhi.proposals.models import Cosigner, Drafter, Proposal, ProposalEvent
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


# The ledger rows' recording department.
OFFICE = gettext_lazy("提案委员会办公室")


PROPOSAL = Workflow(PROPOSAL_MOVES, Proposal.Status, "proposal.bad_status", event=add_event)


def proposers(proposal: Proposal) -> list[Member]:
    """The lead proposer and the co-signers who confirmed: the people every decision is told to."""
    confirmed = Member.objects.filter(
        pk__in=Cosigner.objects.filter(proposal=proposal, status=Cosigner.Status.CONFIRMED).values("member_id")
    )
    return [proposal.lead, *confirmed]


def credited(proposal: Proposal) -> list[tuple[Member, str]]:
    """Who a proposal credits in the ledger, with their part: a collective proposal's named drafters as lead
    authors (the body is the proposer), otherwise the lead proposer as first proposer; then confirmed co-signers."""
    if proposal.proposer_kind == Proposal.ProposerKind.COLLECTIVE:
        drafters = Member.objects.filter(pk__in=Drafter.objects.filter(proposal=proposal).values("member_id"))
        people = [(m, DutyRole.LEAD_AUTHOR) for m in drafters.order_by("pk")]
    else:
        people = [(proposal.lead, DutyRole.FIRST_PROPOSER)]
    people += [(m, DutyRole.COSIGNER) for m in proposers(proposal)[1:]]
    return people


def office_users(committee_id: int) -> list[User]:
    """The proposal office's accounts: told when a deadline is missed (督办)."""
    return list(
        User.objects.filter(
            role_assignments__committee_id=committee_id, role_assignments__role=Role.PROPOSAL_OFFICE, is_active=True
        ).distinct()
    )


def tell(proposal: Proposal, recipients: Iterable[User | Member], *, kind: str, title: str, body: str = "") -> None:
    notify(
        committee=proposal.committee,
        recipients=recipients,
        kind=kind,
        title=title,
        body=body,
        source=proposal,
    )
