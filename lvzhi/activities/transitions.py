"""Which status may go to which, and who may move it: one table per workflow (DOMAIN.md §3.1).

Each service names its action; `ensure_move` refuses (409) an action the table does not allow
from the current status. A Move whose target is None keeps the status (edits, reschedules).
"""

from enum import StrEnum

from lvzhi.activities.models import Activity, FilingStatus, LeaveRequest, Registration
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import NEW, Move

A = Activity.Status
R = Registration.Status
L = LeaveRequest.Status

BEFORE_START = frozenset({A.PUBLISHED, A.REGISTRATION_CLOSED, A.LIST_CONFIRMED, A.NOTIFIED})
CLOSED = frozenset({A.ATTENDANCE_CONFIRMED, A.OUTCOME_RECORDED})
# Held: attendance confirmed or later. Only these complete a plan item (and count in statistics).
HELD = frozenset(CLOSED | {A.ARCHIVED})


class ActivityAction(StrEnum):
    """What staff and members do to an activity."""

    UPDATE = "update"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    CLOSE_REGISTRATION = "close_registration"
    REOPEN_REGISTRATION = "reopen_registration"
    EXTEND_REGISTRATION = "extend_registration"
    CONFIRM_LIST = "confirm_list"
    SEND_NOTICE = "send_notice"
    START = "start"
    END = "end"
    CLOSE = "close"
    REOPEN_ATTENDANCE = "reopen_attendance"
    RECORD_OUTCOME = "record_outcome"
    ARCHIVE = "archive"
    CANCEL = "cancel"
    RESCHEDULE = "reschedule"
    EDIT_ROSTER = "edit_roster"
    SET_ATTENDANCE = "set_attendance"
    SIGN_UP = "sign_up"
    LEAVE_LIST = "leave_list"
    REQUEST_LEAVE = "request_leave"
    CHECK_IN = "check_in"


AA = ActivityAction


ACTIVITY_MOVES: dict[str, Move] = {
    AA.UPDATE: Move(frozenset({A.DRAFT}) | BEFORE_START, None, C.MANAGE_ACTIVITIES),
    AA.PUBLISH: Move(frozenset({A.DRAFT}), A.PUBLISHED, C.MANAGE_ACTIVITIES),
    AA.WITHDRAW: Move(frozenset({A.PUBLISHED}), A.DRAFT, C.MANAGE_ACTIVITIES),
    AA.CLOSE_REGISTRATION: Move(frozenset({A.PUBLISHED}), A.REGISTRATION_CLOSED, C.MANAGE_ACTIVITIES),
    AA.REOPEN_REGISTRATION: Move(frozenset({A.REGISTRATION_CLOSED}), A.PUBLISHED, C.MANAGE_ACTIVITIES),
    # A later deadline (e.g. sign-ups below 名额下限) keeps or reopens sign-ups.
    AA.EXTEND_REGISTRATION: Move(frozenset({A.PUBLISHED, A.REGISTRATION_CLOSED}), A.PUBLISHED, C.MANAGE_ACTIVITIES),
    AA.CONFIRM_LIST: Move(frozenset({A.PUBLISHED, A.REGISTRATION_CLOSED}), A.LIST_CONFIRMED, C.MANAGE_ACTIVITIES),
    AA.SEND_NOTICE: Move(frozenset({A.LIST_CONFIRMED}), A.NOTIFIED, C.MANAGE_ACTIVITIES),
    AA.START: Move(BEFORE_START, A.IN_PROGRESS, C.MANAGE_ACTIVITIES),
    AA.END: Move(frozenset({A.IN_PROGRESS}), A.ENDED, C.MANAGE_ACTIVITIES),
    # Closing attendance is allowed from any status after publication once the start has passed:
    # an office recording afterwards (补录) or skipping the notice step still closes the same way.
    AA.CLOSE: Move(BEFORE_START | {A.IN_PROGRESS, A.ENDED}, A.ATTENDANCE_CONFIRMED, C.MANAGE_ACTIVITIES),
    AA.REOPEN_ATTENDANCE: Move(CLOSED, A.ENDED, C.MANAGE_ACTIVITIES),
    AA.RECORD_OUTCOME: Move(CLOSED, A.OUTCOME_RECORDED, C.MANAGE_ACTIVITIES),
    AA.ARCHIVE: Move(CLOSED, A.ARCHIVED, C.MANAGE_ACTIVITIES),
    AA.CANCEL: Move(frozenset({A.DRAFT}) | BEFORE_START, A.CANCELLED, C.MANAGE_ACTIVITIES),
    AA.RESCHEDULE: Move(frozenset({A.DRAFT}) | BEFORE_START, None, C.MANAGE_ACTIVITIES),
    # The roster may change until attendance is confirmed; staff fix a closed one by reopening it.
    AA.EDIT_ROSTER: Move(frozenset({A.DRAFT, A.IN_PROGRESS, A.ENDED}) | BEFORE_START, None, C.MANAGE_ACTIVITIES),
    # After closing, a correction rewrites the member's ledger row at once (with a reason).
    AA.SET_ATTENDANCE: Move(BEFORE_START | CLOSED | {A.IN_PROGRESS, A.ENDED}, None, C.MANAGE_ACTIVITIES),
    AA.SIGN_UP: Move(frozenset({A.PUBLISHED}), None, C.PARTICIPATE),
    AA.LEAVE_LIST: Move(BEFORE_START, None, C.PARTICIPATE),
    AA.REQUEST_LEAVE: Move(BEFORE_START, None, C.PARTICIPATE),
    AA.CHECK_IN: Move(BEFORE_START | {A.IN_PROGRESS, A.ENDED}, None, C.PARTICIPATE),
}


class RegistrationAction(StrEnum):
    """What happens to a member's place on an activity's list."""

    INVITE = "invite"
    INVITE_WAITLISTED = "invite_waitlisted"
    TAKE_SEAT = "take_seat"
    JOIN_WAITLIST = "join_waitlist"
    CANCEL = "cancel"
    CONFIRM = "confirm"
    WAITLIST = "waitlist"
    REMOVE = "remove"
    REASSIGN = "reassign"


RA = RegistrationAction


REGISTRATION_MOVES: dict[str, Move] = {
    RA.INVITE: Move(frozenset({NEW, R.CANCELLED}), R.INVITED, C.MANAGE_ACTIVITIES),
    # Invited beyond the free places: straight onto the waiting list, in the order the organiser chose.
    RA.INVITE_WAITLISTED: Move(frozenset({NEW, R.CANCELLED}), R.WAITLISTED, C.MANAGE_ACTIVITIES),
    RA.TAKE_SEAT: Move(frozenset({NEW, R.CANCELLED, R.INVITED}), R.CONFIRMED, C.PARTICIPATE),
    RA.JOIN_WAITLIST: Move(frozenset({NEW, R.CANCELLED}), R.WAITLISTED, C.PARTICIPATE),
    # A member takes back a sign-up; an invited member asks for leave instead (the organiser may remove them).
    RA.CANCEL: Move(frozenset({R.CONFIRMED, R.WAITLISTED}), R.CANCELLED, C.PARTICIPATE),
    RA.CONFIRM: Move(frozenset({R.INVITED, R.WAITLISTED}), R.CONFIRMED, C.MANAGE_ACTIVITIES),
    RA.WAITLIST: Move(frozenset({R.INVITED, R.CONFIRMED}), R.WAITLISTED, C.MANAGE_ACTIVITIES),
    RA.REMOVE: Move(frozenset({R.INVITED, R.CONFIRMED, R.WAITLISTED}), R.CANCELLED, C.MANAGE_ACTIVITIES),
    RA.REASSIGN: Move(frozenset({R.INVITED, R.CONFIRMED, R.WAITLISTED}), R.REASSIGNED, C.MANAGE_ACTIVITIES),
}


class LeaveAction(StrEnum):
    """What happens to a leave request."""

    REQUEST = "request"
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"


LA = LeaveAction


LEAVE_MOVES: dict[str, Move] = {
    LA.REQUEST: Move(frozenset({NEW}), L.PENDING, C.PARTICIPATE),
    LA.APPROVE: Move(frozenset({L.PENDING}), L.APPROVED, C.APPROVE_LEAVE),
    LA.REJECT: Move(frozenset({L.PENDING}), L.REJECTED, C.APPROVE_LEAVE),
    LA.WITHDRAW: Move(frozenset({L.PENDING, L.APPROVED}), L.WITHDRAWN, C.PARTICIPATE),
}

# Registrations that hold a place on the list: they count against capacity and are expected to attend.
HOLDS_PLACE = frozenset({R.INVITED, R.CONFIRMED})


class FilingAction(StrEnum):
    """事前报备: the group organiser files the activity, its supervising special committee approves or returns it."""

    SUBMIT = "submit_filing"
    APPROVE = "approve_filing"
    RETURN = "return_filing"
    REFILE = "refile"  # a filed plan item changed after the decision goes back to its special committee


F = FilingStatus
# "" is an activity never filed; a returned one is filed again after the changes asked for.
FILING_MOVES: dict[str, Move] = {
    FilingAction.SUBMIT: Move(frozenset({"", F.RETURNED}), F.PENDING, C.MANAGE_ACTIVITIES),
    FilingAction.APPROVE: Move(frozenset({F.PENDING}), F.APPROVED, C.MANAGE_ACTIVITIES),
    FilingAction.RETURN: Move(frozenset({F.PENDING}), F.RETURNED, C.MANAGE_ACTIVITIES),
    FilingAction.REFILE: Move(frozenset({"", F.APPROVED, F.RETURNED}), F.PENDING, C.MANAGE_ACTIVITIES),
}
