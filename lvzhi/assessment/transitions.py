"""The yearly assessment cycle (DOMAIN.md §3.7) and the members' line checks: which status may go where, and who
may move it.

A year runs live → checking (frozen, members check their lines) → review (group/committee review) → approval
(the leaders' meeting) → published → archived. A line check is confirmed, or disputed (open) until the office
keeps or corrects it.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from lvzhi.assessment.models import AssessmentEvent, AssessmentYear, LineCheck
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import NEW, Move, Workflow

Y = AssessmentYear.Status
L = LineCheck.Status


class YearAction(StrEnum):
    OPEN = "open"
    FREEZE = "freeze"
    CLOSE_CHECK = "close_check"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    ARCHIVE = "archive"


YA = YearAction

YEAR_MOVES: dict[str, Move] = {
    YA.OPEN: Move(frozenset({NEW}), Y.LIVE, C.MANAGE_ASSESSMENT),
    YA.FREEZE: Move(frozenset({Y.LIVE}), Y.CHECKING, C.MANAGE_ASSESSMENT),
    YA.CLOSE_CHECK: Move(frozenset({Y.CHECKING}), Y.REVIEW, C.MANAGE_ASSESSMENT),
    YA.SUBMIT: Move(frozenset({Y.REVIEW}), Y.APPROVAL, C.MANAGE_ASSESSMENT),
    # The leaders' meeting sends the results back for another review instead of approving them.
    YA.RETURN: Move(frozenset({Y.APPROVAL}), Y.REVIEW, C.APPROVE_ASSESSMENT),
    YA.APPROVE: Move(frozenset({Y.APPROVAL}), Y.PUBLISHED, C.APPROVE_ASSESSMENT),
    YA.ARCHIVE: Move(frozenset({Y.PUBLISHED}), Y.ARCHIVED, C.MANAGE_ASSESSMENT),
}

YEAR_LABELS = {
    YA.OPEN: _("开启考核年度"),
    YA.FREEZE: _("冻结并计算"),
    YA.CLOSE_CHECK: _("结束核对"),
    YA.SUBMIT: _("提交主席会议审定"),
    YA.RETURN: _("退回评议"),
    YA.APPROVE: _("审定并通报"),
    YA.ARCHIVE: _("归档"),
}


def _year_event(year: AssessmentYear, *, data: dict | None = None, **fields: object) -> None:
    AssessmentEvent.objects.create(committee_id=year.committee_id, year=year, data=data or {}, **fields)


YEAR = Workflow(YEAR_MOVES, Y, "assessment.bad_status", event=_year_event)


class CheckAction(StrEnum):
    CONFIRM = "confirm"
    DISPUTE = "dispute"
    KEEP = "keep"
    CORRECT = "correct"


CA = CheckAction

CHECK_MOVES: dict[str, Move] = {
    CA.CONFIRM: Move(frozenset({NEW}), L.CONFIRMED, C.PARTICIPATE),
    # A member may still dispute a line they first confirmed, while the window is open.
    CA.DISPUTE: Move(frozenset({NEW, L.CONFIRMED}), L.OPEN, C.PARTICIPATE),
    CA.KEEP: Move(frozenset({L.OPEN}), L.KEPT, C.MANAGE_ASSESSMENT),
    CA.CORRECT: Move(frozenset({L.OPEN}), L.CORRECTED, C.MANAGE_ASSESSMENT),
}

# Line checks have no timeline table of their own: each move is an AuditEvent "assessment.check.<action>".
CHECK = Workflow(CHECK_MOVES, L, "assessment.check_status", audit_prefix="assessment.check")
