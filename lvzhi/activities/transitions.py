"""Which status may go to which, and who may move it: one table per workflow (DOMAIN.md §3.1).

Each service names its action; `ensure_move` refuses (409) an action the table does not allow
from the current status. A Move whose target is None keeps the status (edits, reschedules).
"""

from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import NEW, Move

A = Activity.Status
R = Registration.Status
L = LeaveRequest.Status

BEFORE_START = frozenset({A.PUBLISHED, A.REGISTRATION_CLOSED, A.LIST_CONFIRMED, A.NOTIFIED})
CLOSED = frozenset({A.ATTENDANCE_CONFIRMED, A.OUTCOME_RECORDED})
# Held: attendance confirmed or later. Only these complete a plan item (and count in statistics).
HELD = frozenset(CLOSED | {A.ARCHIVED})

ACTIVITY_MOVES: dict[str, Move] = {
    "update": Move(frozenset({A.DRAFT}) | BEFORE_START, None, C.MANAGE_ACTIVITIES),
    "publish": Move(frozenset({A.DRAFT}), A.PUBLISHED, C.MANAGE_ACTIVITIES),
    "withdraw": Move(frozenset({A.PUBLISHED}), A.DRAFT, C.MANAGE_ACTIVITIES),
    "close_registration": Move(frozenset({A.PUBLISHED}), A.REGISTRATION_CLOSED, C.MANAGE_ACTIVITIES),
    "reopen_registration": Move(frozenset({A.REGISTRATION_CLOSED}), A.PUBLISHED, C.MANAGE_ACTIVITIES),
    "confirm_list": Move(frozenset({A.PUBLISHED, A.REGISTRATION_CLOSED}), A.LIST_CONFIRMED, C.MANAGE_ACTIVITIES),
    "send_notice": Move(frozenset({A.LIST_CONFIRMED}), A.NOTIFIED, C.MANAGE_ACTIVITIES),
    "start": Move(BEFORE_START, A.IN_PROGRESS, C.MANAGE_ACTIVITIES),
    "end": Move(frozenset({A.IN_PROGRESS}), A.ENDED, C.MANAGE_ACTIVITIES),
    # Closing attendance is allowed from any status after publication once the start has passed:
    # an office recording afterwards (补录) or skipping the notice step still closes the same way.
    "close": Move(BEFORE_START | {A.IN_PROGRESS, A.ENDED}, A.ATTENDANCE_CONFIRMED, C.MANAGE_ACTIVITIES),
    "reopen_attendance": Move(CLOSED, A.ENDED, C.MANAGE_ACTIVITIES),
    "record_outcome": Move(CLOSED, A.OUTCOME_RECORDED, C.MANAGE_ACTIVITIES),
    "archive": Move(CLOSED, A.ARCHIVED, C.MANAGE_ACTIVITIES),
    "cancel": Move(frozenset({A.DRAFT}) | BEFORE_START, A.CANCELLED, C.MANAGE_ACTIVITIES),
    "reschedule": Move(frozenset({A.DRAFT}) | BEFORE_START, None, C.MANAGE_ACTIVITIES),
    # The roster may change until attendance is confirmed; staff fix a closed one by reopening it.
    "edit_roster": Move(frozenset({A.DRAFT, A.IN_PROGRESS, A.ENDED}) | BEFORE_START, None, C.MANAGE_ACTIVITIES),
    # After closing, a correction rewrites the member's ledger row at once (with a reason).
    "set_attendance": Move(BEFORE_START | CLOSED | {A.IN_PROGRESS, A.ENDED}, None, C.MANAGE_ACTIVITIES),
    "sign_up": Move(frozenset({A.PUBLISHED}), None, C.PARTICIPATE),
    "leave_list": Move(BEFORE_START, None, C.PARTICIPATE),
    "request_leave": Move(BEFORE_START, None, C.PARTICIPATE),
    "check_in": Move(BEFORE_START | {A.IN_PROGRESS, A.ENDED}, None, C.PARTICIPATE),
}

REGISTRATION_MOVES: dict[str, Move] = {
    "invite": Move(frozenset({NEW, R.CANCELLED}), R.INVITED, C.MANAGE_ACTIVITIES),
    "take_seat": Move(frozenset({NEW, R.CANCELLED, R.INVITED}), R.CONFIRMED, C.PARTICIPATE),
    "join_waitlist": Move(frozenset({NEW, R.CANCELLED}), R.WAITLISTED, C.PARTICIPATE),
    # A member takes back a sign-up; an invited member asks for leave instead (the organiser may remove them).
    "cancel": Move(frozenset({R.CONFIRMED, R.WAITLISTED}), R.CANCELLED, C.PARTICIPATE),
    "confirm": Move(frozenset({R.INVITED, R.WAITLISTED}), R.CONFIRMED, C.MANAGE_ACTIVITIES),
    "waitlist": Move(frozenset({R.INVITED, R.CONFIRMED}), R.WAITLISTED, C.MANAGE_ACTIVITIES),
    "remove": Move(frozenset({R.INVITED, R.CONFIRMED, R.WAITLISTED}), R.CANCELLED, C.MANAGE_ACTIVITIES),
    "reassign": Move(frozenset({R.INVITED, R.CONFIRMED, R.WAITLISTED}), R.REASSIGNED, C.MANAGE_ACTIVITIES),
}

LEAVE_MOVES: dict[str, Move] = {
    "request": Move(frozenset({NEW}), L.PENDING, C.PARTICIPATE),
    "approve": Move(frozenset({L.PENDING}), L.APPROVED, C.APPROVE_LEAVE),
    "reject": Move(frozenset({L.PENDING}), L.REJECTED, C.APPROVE_LEAVE),
    "withdraw": Move(frozenset({L.PENDING, L.APPROVED}), L.WITHDRAWN, C.PARTICIPATE),
}

# Registrations that hold a place on the list: they count against capacity and are expected to attend.
HOLDS_PLACE = frozenset({R.INVITED, R.CONFIRMED})
