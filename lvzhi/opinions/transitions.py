"""Which status may go to which, and who may move it (DOMAIN.md §3.3): reports, bulletins and referrals.

A Move whose target is None keeps the status (an edit, a referral, an outcome); a Move with no capability
is a side effect of another move (issuing a bulletin issues its reports).
"""

from enum import StrEnum

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import NEW, Move
from lvzhi.opinions.models import Bulletin, Opinion, Referral

OS = Opinion.Status
B = Bulletin.Status
R = Referral.Status

# Reports the office still works on, and the ones that went through editing (the "edited" count of §6).
IN_REVIEW = frozenset({OS.SUBMITTED, OS.EDITED})
EDITED_OR_LATER = frozenset({OS.EDITED, OS.COMPILED, OS.ISSUED})


class OpinionAction(StrEnum):
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    WITHDRAW = "withdraw"
    EDIT = "edit"
    RETURN = "return"
    DECLINE = "decline"
    MERGE = "merge"
    COMPILE = "compile"
    UNCOMPILE = "uncompile"
    ISSUE = "issue"
    FORWARD = "forward"
    ADOPT = "adopt"
    INSTRUCT = "instruct"


OA = OpinionAction

OPINION_MOVES: dict[str, Move] = {
    OA.SUBMIT: Move(frozenset({NEW}), OS.SUBMITTED, C.SUBMIT_OPINIONS),
    # The author rewrites a returned report and sends it again (a new revision by the author).
    OA.RESUBMIT: Move(frozenset({OS.RETURNED}), OS.SUBMITTED, C.SUBMIT_OPINIONS),
    OA.WITHDRAW: Move(frozenset({OS.SUBMITTED, OS.RETURNED}), OS.WITHDRAWN, C.SUBMIT_OPINIONS),
    OA.EDIT: Move(IN_REVIEW, OS.EDITED, C.MANAGE_OPINIONS),
    OA.RETURN: Move(IN_REVIEW, OS.RETURNED, C.MANAGE_OPINIONS),
    OA.DECLINE: Move(IN_REVIEW, OS.DECLINED, C.MANAGE_OPINIONS),
    OA.MERGE: Move(IN_REVIEW, OS.MERGED, C.MANAGE_OPINIONS),
    OA.COMPILE: Move(frozenset({OS.EDITED}), OS.COMPILED, C.MANAGE_OPINIONS),
    OA.UNCOMPILE: Move(frozenset({OS.COMPILED}), OS.EDITED, C.MANAGE_OPINIONS),
    OA.ISSUE: Move(frozenset({OS.COMPILED}), OS.ISSUED, None),
    # Passing a report to a unit, and outcomes, need the office to have taken it on (edited) first.
    OA.FORWARD: Move(EDITED_OR_LATER, None, C.MANAGE_OPINIONS),
    OA.ADOPT: Move(EDITED_OR_LATER, None, C.MANAGE_OPINIONS),
    OA.INSTRUCT: Move(EDITED_OR_LATER, None, C.MANAGE_OPINIONS),
}


class BulletinAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    APPROVE = "approve"
    REOPEN = "reopen"
    SIGN = "sign"
    REFUSE = "refuse"
    ISSUE = "issue"
    DISCARD = "discard"


BA = BulletinAction

BULLETIN_MOVES: dict[str, Move] = {
    BA.CREATE: Move(frozenset({NEW}), B.DRAFT, C.MANAGE_OPINIONS),
    BA.UPDATE: Move(frozenset({B.DRAFT}), None, C.MANAGE_OPINIONS),
    BA.APPROVE: Move(frozenset({B.DRAFT}), B.APPROVED, C.MANAGE_OPINIONS),
    BA.REOPEN: Move(frozenset({B.APPROVED}), B.DRAFT, C.MANAGE_OPINIONS),
    BA.SIGN: Move(frozenset({B.APPROVED}), B.SIGNED, C.SIGN_BULLETINS),
    BA.REFUSE: Move(frozenset({B.APPROVED}), B.DRAFT, C.SIGN_BULLETINS),
    BA.ISSUE: Move(frozenset({B.SIGNED}), B.ISSUED, C.MANAGE_OPINIONS),
    BA.DISCARD: Move(frozenset({B.DRAFT}), B.DISCARDED, C.MANAGE_OPINIONS),
}


class ReferralAction(StrEnum):
    FORWARD = "forward"
    ANSWER = "answer"
    RECALL = "recall"


RA = ReferralAction

REFERRAL_MOVES: dict[str, Move] = {
    RA.FORWARD: Move(frozenset({NEW}), R.PENDING, C.MANAGE_OPINIONS),
    RA.ANSWER: Move(frozenset({R.PENDING}), R.ANSWERED, C.HANDLE_OPINIONS),
    RA.RECALL: Move(frozenset({R.PENDING}), R.RECALLED, C.MANAGE_OPINIONS),
}
