"""Every write to proposals, split by use case; import services from here."""

from lvzhi.proposals.services.drafting import (
    create_draft,
    invite_cosigners,
    period_of,
    remove_cosigner,
    respond_to_invitation,
    save_draft,
    submit_proposal,
)
from lvzhi.proposals.services.review import (
    accept,
    convert,
    merge,
    next_number,
    not_accept,
    return_for_revision,
    withdraw,
)

__all__ = [
    "accept",
    "convert",
    "create_draft",
    "invite_cosigners",
    "merge",
    "next_number",
    "not_accept",
    "period_of",
    "remove_cosigner",
    "respond_to_invitation",
    "return_for_revision",
    "save_draft",
    "submit_proposal",
    "withdraw",
]
