"""Which status a ledger row may go to, and who may move it."""

from enum import StrEnum

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import NEW, Move, Workflow
from lvzhi.ledger.models import DutyRecord

S = DutyRecord.Status


class DutyAction(StrEnum):
    RECORD = "record"
    SELF_REPORT = "self_report"
    CONFIRM = "confirm"
    REJECT = "reject"
    ADD_EVIDENCE = "add_evidence"
    VOID = "void"
    DISPUTE = "dispute"


DA = DutyAction

DUTY_MOVES: dict[str, Move] = {
    DA.RECORD: Move(frozenset({NEW}), S.CONFIRMED, None),
    DA.SELF_REPORT: Move(frozenset({NEW}), S.PENDING, C.PARTICIPATE),
    DA.CONFIRM: Move(frozenset({S.PENDING, S.DISPUTED}), S.CONFIRMED, C.CONFIRM_DUTY),
    DA.REJECT: Move(frozenset({S.PENDING}), S.DISPUTED, C.CONFIRM_DUTY),
    DA.ADD_EVIDENCE: Move(frozenset({S.PENDING, S.DISPUTED}), S.PENDING, C.PARTICIPATE),
    DA.VOID: Move(frozenset({S.PENDING, S.CONFIRMED, S.DISPUTED}), S.VOIDED, C.CONFIRM_DUTY),
    # The member questions a recorded line (the assessment's 核对); the office keeps it (confirm) or voids it.
    DA.DISPUTE: Move(frozenset({S.CONFIRMED}), S.DISPUTED, C.PARTICIPATE),
}

# Ledger rows have no timeline table: each move is an AuditEvent, under the names the history already uses.
DUTY = Workflow(
    DUTY_MOVES,
    S,
    "duty.bad_status",
    audit_names={
        DA.CONFIRM: "duty.confirmed",
        DA.REJECT: "duty.rejected",
        DA.ADD_EVIDENCE: "duty.evidence_added",
        DA.VOID: "duty.voided",
        DA.DISPUTE: "duty.disputed",
    },
)
