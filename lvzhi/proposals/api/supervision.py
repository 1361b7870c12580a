"""Follow-up items, the overdue list, 催办 and statistics (proposal office, units)."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from lvzhi.core.apiinput import Body, Day, Id, Name, Text, Year
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.proposals import queries
from lvzhi.proposals.api.common import visible_proposal
from lvzhi.proposals.models import Assignment, FollowUp, Reply
from lvzhi.proposals.services import follow_up
from lvzhi.proposals.services.handling import feedback_dues
from lvzhi.proposals.stats import statistics

router = Router()


class ProposalFollowUpIn(Body):
    reply_id: Id
    commitment: Name(500)
    due_date: Day


class ProposalFollowUpReportIn(Body):
    progress: Name(3000)


class ProposalFollowUpReviewIn(Body):
    verified: bool
    note: Text(300) = ""


class ProposalFollowUpOut(Schema):
    id: int
    proposal_id: int
    unit_id: int
    commitment: str
    due_date: datetime.date
    status: str
    progress: str
    review_note: str


class ProposalChaseIn(Body):
    note: Text(200) = ""


class ProposalOverdueReplyOut(Schema):
    assignment_id: int
    proposal_id: int
    number_label: str
    title: str
    unit: str
    role: str
    due_date: datetime.date
    chased_at: datetime.datetime | None


class ProposalOverdueEvaluationOut(Schema):
    proposal_id: int
    number_label: str
    title: str
    lead: str
    feedback_due: datetime.date


class ProposalOverdueOut(Schema):
    replies: list[ProposalOverdueReplyOut]
    evaluations: list[ProposalOverdueEvaluationOut]
    follow_ups: list[ProposalFollowUpOut]


class ProposalCountOut(Schema):
    label: str
    count: int


class ProposalUnitStatsOut(Schema):
    unit_id: int
    name: str
    lead: int
    co: int
    answered: int
    on_time: int
    on_time_rate: float | None
    returned: int
    average_days: float | None
    satisfaction_rate: float | None


class ProposalStatsOut(Schema):
    year: int
    received: int
    accepted: int
    merged: int
    not_accepted: int
    converted: int
    withdrawn: int
    pending: int
    by_kind: list[ProposalCountOut]
    by_period: list[ProposalCountOut]
    by_category: list[ProposalCountOut]
    handled: int
    answered: int
    reply_rate: float | None
    evaluated: int
    satisfaction: list[ProposalCountOut]
    satisfaction_rate: float | None
    grades: list[ProposalCountOut]
    units: list[ProposalUnitStatsOut]
    key_proposal_ids: list[int]
    excellent: int
    overdue: list[ProposalOverdueReplyOut]


def _follow_up(f: FollowUp) -> dict:
    return {
        "id": f.pk,
        "proposal_id": f.proposal_id,
        "unit_id": f.unit_id,
        "commitment": f.commitment,
        "due_date": f.due_date,
        "status": f.status,
        "progress": f.progress,
        "review_note": f.review_note,
    }


def _overdue_reply(a: Assignment) -> dict:
    return {
        "assignment_id": a.pk,
        "proposal_id": a.proposal_id,
        "number_label": a.proposal.number_label,
        "title": a.proposal.title,
        "unit": a.unit.name,
        "role": a.role,
        "due_date": a.due_date,
        "chased_at": a.chased_at,
    }


def _counts(rows: list[tuple[str, int]]) -> list[dict]:
    return [{"label": label, "count": n} for label, n in rows]


@router.post(
    "/proposals/{int:proposal_id}/follow-ups",
    response={201: ProposalFollowUpOut},
    summary="Track a commitment of a B/C reply (office)",
)
def add_follow_up(request: HttpRequest, proposal_id: Id, payload: ProposalFollowUpIn) -> Status:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.MANAGE_PROPOSALS)
    reply = get_or_404(
        Reply.objects.filter(proposal=proposal).select_related("proposal", "assignment"), pk=payload.reply_id
    )
    item = follow_up.add_follow_up(reply, commitment=payload.commitment, due_date=payload.due_date, actor=request.user)
    return Status(201, _follow_up(item))


@router.post(
    "/follow-ups/{int:follow_up_id}/report", response=ProposalFollowUpOut, summary="Report a commitment kept (unit)"
)
def report_follow_up(request: HttpRequest, follow_up_id: Id, payload: ProposalFollowUpReportIn) -> dict:
    access = need(request)
    # Another committee's item is not found before any capability is asked (the sweeps call as an outsider).
    get_or_404(FollowUp.objects.filter(committee=access.committee), pk=follow_up_id)
    need(request, C.HANDLE_PROPOSALS)
    item = get_or_404(
        FollowUp.objects.filter(committee=access.committee, unit_id__in=access.handling_unit_ids).select_related(
            "proposal"
        ),
        pk=follow_up_id,
    )
    done = follow_up.report_follow_up(
        item, progress=payload.progress, unit_ids=access.handling_unit_ids, actor=request.user
    )
    return _follow_up(done)


@router.post(
    "/follow-ups/{int:follow_up_id}/review", response=ProposalFollowUpOut, summary="Look again (回头看, office)"
)
def review_follow_up(request: HttpRequest, follow_up_id: Id, payload: ProposalFollowUpReviewIn) -> dict:
    access = need(request, C.MANAGE_PROPOSALS)
    item = get_or_404(FollowUp.objects.filter(committee=access.committee).select_related("proposal"), pk=follow_up_id)
    return _follow_up(
        follow_up.review_follow_up(item, verified=payload.verified, note=payload.note, actor=request.user)
    )


@router.get(
    "/proposals/overdue", response=ProposalOverdueOut, summary="Overdue replies, evaluations and follow-ups (office)"
)
def overdue(request: HttpRequest) -> dict:
    access = need(request, C.MANAGE_PROPOSALS)
    today = timezone.localdate()
    replies = queries.overdue_assignments(today=today).filter(committee=access.committee)
    evaluations = []
    for p, due in feedback_dues(
        list(queries.awaiting_evaluation().filter(committee=access.committee).select_related("committee"))
    ):
        if due < today:
            evaluations.append(
                {
                    "proposal_id": p.pk,
                    "number_label": p.number_label,
                    "title": p.title,
                    "lead": p.lead.name,
                    "feedback_due": due,
                }
            )
    items = queries.overdue_follow_ups(today=today).filter(committee=access.committee)
    return {
        "replies": [_overdue_reply(a) for a in replies.select_related("proposal", "unit")[:500]],
        "evaluations": evaluations,
        "follow_ups": [_follow_up(f) for f in items[:500]],
    }


@router.post(
    "/proposals/{int:proposal_id}/assignments/{int:assignment_id}/chase",
    response=ProposalOverdueReplyOut,
    summary="Chase a handling unit (催办, office)",
)
def chase(request: HttpRequest, proposal_id: Id, assignment_id: Id, payload: ProposalChaseIn) -> dict:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.MANAGE_PROPOSALS)
    assignment = get_or_404(proposal.assignments.select_related("proposal", "unit"), pk=assignment_id)
    return _overdue_reply(follow_up.chase(assignment, actor=request.user, note=payload.note))


@router.get("/proposals/stats", response=ProposalStatsOut, summary="The year's proposal statistics (DOMAIN.md §6)")
def stats(request: HttpRequest, year: Year | None = None) -> dict:
    need(request, C.VIEW_STATS)
    f = statistics(year or timezone.localdate().year)
    return {
        **{k: f[k] for k in ("year", "received", "accepted", "merged", "not_accepted", "converted", "withdrawn")},
        **{k: f[k] for k in ("pending", "handled", "answered", "reply_rate", "evaluated", "satisfaction_rate")},
        **{k: _counts(f[k]) for k in ("by_kind", "by_period", "by_category", "satisfaction", "grades")},
        "units": f["units"],
        "key_proposal_ids": [h.proposal_id for h in f["key"]],
        "excellent": f["excellent"],
        "overdue": [_overdue_reply(a) for a in f["overdue"]],
    }
