"""社情民意 services: every state change of a report, an issue, a referral or an outcome goes through here."""

from lvzhi.opinions.services.bulletins import (
    approve_bulletin,
    create_bulletin,
    discard_bulletin,
    issue_bulletin,
    refuse_bulletin,
    reopen_bulletin,
    sign_bulletin,
    update_bulletin,
)
from lvzhi.opinions.services.editing import decline_opinion, edit_opinion, merge_opinions, return_opinion
from lvzhi.opinions.services.officers import save_officer
from lvzhi.opinions.services.outcomes import adopt_opinion, attach_scan, record_instruction, void_outcome
from lvzhi.opinions.services.referrals import answer_referral, forward_opinion, recall_referral
from lvzhi.opinions.services.submission import (
    Draft,
    add_attachments,
    record_received,
    resubmit_opinion,
    submit_opinion,
    withdraw_opinion,
)

__all__ = [
    "Draft",
    "add_attachments",
    "adopt_opinion",
    "answer_referral",
    "approve_bulletin",
    "attach_scan",
    "create_bulletin",
    "decline_opinion",
    "discard_bulletin",
    "edit_opinion",
    "forward_opinion",
    "issue_bulletin",
    "merge_opinions",
    "recall_referral",
    "record_instruction",
    "record_received",
    "refuse_bulletin",
    "reopen_bulletin",
    "resubmit_opinion",
    "return_opinion",
    "save_officer",
    "sign_bulletin",
    "submit_opinion",
    "update_bulletin",
    "void_outcome",
    "withdraw_opinion",
]
