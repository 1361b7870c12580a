"""Duty reports (§3.6): draft → submitted → reviewed, or back to the member (returned) and submitted again."""

from enum import StrEnum

from lvzhi.assessment.models import DutyReport, DutyReportEvent
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import NEW, Move, Workflow

RS = DutyReport.Status
EDITABLE = frozenset({RS.DRAFT, RS.RETURNED})
FILED = frozenset({RS.SUBMITTED, RS.REVIEWED})


class ReportAction(StrEnum):
    START = "start"
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    REVIEW = "review"
    LINK_MEETING = "link_meeting"


RA = ReportAction

REPORT_MOVES: dict[str, Move] = {
    RA.START: Move(frozenset({NEW}), RS.DRAFT, C.PARTICIPATE),
    RA.EDIT: Move(EDITABLE, None, C.PARTICIPATE),
    RA.SUBMIT: Move(EDITABLE, RS.SUBMITTED, C.PARTICIPATE),
    RA.RETURN: Move(frozenset({RS.SUBMITTED}), RS.RETURNED, C.MANAGE_ASSESSMENT),
    RA.REVIEW: Move(frozenset({RS.SUBMITTED}), RS.REVIEWED, C.MANAGE_ASSESSMENT),
    # Who reported at which 述职会 is recorded once the report is filed, before or after the review.
    RA.LINK_MEETING: Move(FILED, None, C.MANAGE_ASSESSMENT),
}


def _event(
    report: DutyReport, *, action: str, actor: object, from_status: str, to_status: str, note: str, data: dict | None
) -> None:
    DutyReportEvent.objects.create(
        committee_id=report.committee_id,
        report=report,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note[:300],
        data=data or {},
    )


REPORT = Workflow(moves=REPORT_MOVES, statuses=RS, code="duty_report.bad_status", event=_event)
