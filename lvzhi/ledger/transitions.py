"""Which status a ledger row may go to, and who may move it."""

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import NEW, Move
from lvzhi.ledger.models import DutyRecord

S = DutyRecord.Status

DUTY_MOVES: dict[str, Move] = {
    "record": Move(frozenset({NEW}), S.CONFIRMED, None),
    "self_report": Move(frozenset({NEW}), S.PENDING, C.PARTICIPATE),
    "confirm": Move(frozenset({S.PENDING, S.DISPUTED}), S.CONFIRMED, C.CONFIRM_DUTY),
    "reject": Move(frozenset({S.PENDING}), S.DISPUTED, C.CONFIRM_DUTY),
    "add_evidence": Move(frozenset({S.PENDING, S.DISPUTED}), S.PENDING, C.PARTICIPATE),
    "void": Move(frozenset({S.PENDING, S.CONFIRMED, S.DISPUTED}), S.VOIDED, C.CONFIRM_DUTY),
}
