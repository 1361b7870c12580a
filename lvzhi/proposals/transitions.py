"""Which proposal status may go to which, and who may move it (DOMAIN.md §3.2 state machine).

草稿 → 已提交 → (退回修改 → 已提交) → 立案 / 不予立案 / 并案 / 转办 / 撤案; 立案 → 交办(办理中) → 已答复 →
评价: 满意/基本满意 → 办结, 不满意 → 重新办理 → 已答复 …
"""

from enum import StrEnum

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import Move
from lvzhi.proposals.models import FollowUp, Proposal, Speech

P = Proposal.Status

EDITABLE = frozenset({P.DRAFT, P.RETURNED})
# Decided by review: the proposal is out of the pipeline and keeps its text as it was.
REVIEWED_OUT = frozenset({P.NOT_ACCEPTED, P.MERGED, P.CONVERTED, P.WITHDRAWN})
IN_HANDLING = frozenset({P.ASSIGNED, P.REHANDLING})
# Accepted (立案) and everything after: these have a number and count as 立案 in statistics.
ACCEPTED_OR_LATER = frozenset({P.ACCEPTED, P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED})


class ProposalAction(StrEnum):
    UPDATE = "update"
    INVITE = "invite"
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"
    NOT_ACCEPT = "not_accept"
    MERGE = "merge"
    CONVERT = "convert"
    WITHDRAW = "withdraw"
    ASSIGN = "assign"
    REASSIGN = "reassign"
    REPLY = "reply"
    PUBLISH_REPLY = "publish_reply"
    EVALUATE = "evaluate"
    REHANDLE = "rehandle"


PA = ProposalAction

PROPOSAL_MOVES: dict[str, Move] = {
    PA.UPDATE: Move(EDITABLE, None, C.PARTICIPATE),
    PA.INVITE: Move(EDITABLE, None, C.PARTICIPATE),
    PA.SUBMIT: Move(EDITABLE, P.SUBMITTED, C.PARTICIPATE),
    PA.RETURN: Move(frozenset({P.SUBMITTED}), P.RETURNED, C.MANAGE_PROPOSALS),
    PA.ACCEPT: Move(frozenset({P.SUBMITTED}), P.ACCEPTED, C.MANAGE_PROPOSALS),
    PA.NOT_ACCEPT: Move(frozenset({P.SUBMITTED}), P.NOT_ACCEPTED, C.MANAGE_PROPOSALS),
    # A lead proposal may be chosen after the other was accepted; every proposer still gets the lead's reply.
    PA.MERGE: Move(frozenset({P.SUBMITTED, P.ACCEPTED}), P.MERGED, C.MANAGE_PROPOSALS),
    PA.CONVERT: Move(frozenset({P.SUBMITTED}), P.CONVERTED, C.MANAGE_PROPOSALS),
    # 撤案 (申退): the proposer asks, the office records it; possible until it is assigned to a unit.
    PA.WITHDRAW: Move(frozenset({P.SUBMITTED, P.RETURNED, P.ACCEPTED}), P.WITHDRAWN, C.MANAGE_PROPOSALS),
    PA.ASSIGN: Move(frozenset({P.ACCEPTED}), P.ASSIGNED, C.MANAGE_PROPOSALS),
    # Only the office changes the units (a unit asks; it never passes a proposal on by itself).
    PA.REASSIGN: Move(IN_HANDLING, None, C.MANAGE_PROPOSALS),
    PA.REPLY: Move(IN_HANDLING, None, C.HANDLE_PROPOSALS),
    PA.PUBLISH_REPLY: Move(IN_HANDLING, P.REPLIED, C.MANAGE_PROPOSALS),
    # A closed proposal's rating may still change within the feedback window (the service checks the window).
    PA.EVALUATE: Move(frozenset({P.REPLIED, P.CLOSED}), P.CLOSED, C.PARTICIPATE),
    PA.REHANDLE: Move(frozenset({P.REPLIED, P.CLOSED}), P.REHANDLING, C.PARTICIPATE),
}


class FollowUpAction(StrEnum):
    REPORT = "report"
    VERIFY = "verify"
    REOPEN = "reopen"


FA = FollowUpAction
F = FollowUp.Status

# 跟踪落实 → the unit reports it done → 回头看: the office verifies it, or reopens it with what is still missing.
FOLLOW_UP_MOVES: dict[str, Move] = {
    FA.REPORT: Move(frozenset({F.OPEN}), F.DONE, C.HANDLE_PROPOSALS),
    FA.VERIFY: Move(frozenset({F.DONE}), F.VERIFIED, C.MANAGE_PROPOSALS),
    FA.REOPEN: Move(frozenset({F.DONE, F.VERIFIED}), F.OPEN, C.MANAGE_PROPOSALS),
}


class SpeechAction(StrEnum):
    SUBMIT = "submit"
    ORAL = "oral"
    WRITTEN = "written"
    DECLINE = "decline"
    WITHDRAW = "withdraw"


SA = SpeechAction
S = Speech.Status
DECIDABLE = frozenset({S.SUBMITTED, S.ORAL, S.WRITTEN, S.NOT_SELECTED})

# The office may change its selection until the plenary (oral ↔ written ↔ not used); the member withdraws only
# what is not yet decided.
SPEECH_MOVES: dict[str, Move] = {
    SA.SUBMIT: Move(frozenset({""}), S.SUBMITTED, C.PARTICIPATE),
    SA.ORAL: Move(DECIDABLE - {S.ORAL}, S.ORAL, C.MANAGE_PROPOSALS),
    SA.WRITTEN: Move(DECIDABLE - {S.WRITTEN}, S.WRITTEN, C.MANAGE_PROPOSALS),
    SA.DECLINE: Move(DECIDABLE - {S.NOT_SELECTED}, S.NOT_SELECTED, C.MANAGE_PROPOSALS),
    SA.WITHDRAW: Move(frozenset({S.SUBMITTED}), S.WITHDRAWN, C.PARTICIPATE),
}
