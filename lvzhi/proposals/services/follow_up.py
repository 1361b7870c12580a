"""Deadlines after assignment (DOMAIN.md §3.2, §5): the overdue lists, 催办 by hand and by the daily reminder run
with escalation to the office, and follow-up items (跟踪落实/回头看) for the commitments of B/C replies."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import Committee, User
from lvzhi.core.workdays import add_working_days
from lvzhi.core.workflow import Workflow
from lvzhi.proposals.models import Assignment, FollowUp, Reply
from lvzhi.proposals.queries import awaiting_evaluation, overdue_assignments, overdue_follow_ups
from lvzhi.proposals.services.common import add_event, office_users, tell
from lvzhi.proposals.services.handling import add_months, feedback_dues, unit_users
from lvzhi.proposals.transitions import FA, FOLLOW_UP_MOVES, IN_HANDLING

# Units are reminded this many working days before a due date, proposers this many before the rating window closes.
REMIND_BEFORE_WORKING_DAYS = 5
REMIND_RATING_WORKING_DAYS = 3
FOLLOWED_GRADES = (Reply.Grade.B, Reply.Grade.C)


def _follow_up_event(item: FollowUp, **kwargs) -> None:
    # A follow-up's moves are part of its proposal's story: they go on the proposal's timeline.
    note = f"{item.commitment[:80]}：{kwargs.pop('note', '')}".rstrip("：")
    kwargs.pop("to_status", None)
    kwargs.pop("from_status", None)
    action = f"follow_up_{kwargs.pop('action')}"
    add_event(item.proposal, action=action, from_status=item.proposal.status, note=note, **kwargs)


FOLLOW_UP = Workflow(FOLLOW_UP_MOVES, FollowUp.Status, "follow_up.bad_status", event=_follow_up_event)


def _invalid(field: str, message: str) -> DomainError:
    return DomainError("validation.invalid", message, fields={field: [message]})


def add_follow_up(reply: Reply, *, commitment: str, due_date: datetime.date | None, actor: User) -> FollowUp:
    """The office turns a commitment of a published B/C reply into a dated item the unit must report on."""
    commitment = (commitment or "").strip()
    if not commitment or len(commitment) > 500:
        raise _invalid("commitment", _("请填写承诺事项（不超过 500 字）"))
    today = timezone.localdate()
    if due_date is None or due_date <= today or due_date > add_months(today, 24):
        raise _invalid("due_date", _("落实期限须在今天之后，且不超过两年"))
    if reply.status != Reply.Status.PUBLISHED or reply.grade not in FOLLOWED_GRADES:
        raise Conflict("follow_up.not_followed", _("只有已答复的 B 类或 C 类答复可以列入跟踪落实"))
    with transaction.atomic():
        item = FollowUp.objects.create(
            committee_id=reply.committee_id,
            proposal=reply.proposal,
            reply=reply,
            unit_id=reply.assignment.unit_id,
            commitment=commitment,
            due_date=due_date,
        )
        add_event(
            reply.proposal,
            action="follow_up_add",
            actor=actor,
            from_status=reply.proposal.status,
            note=_("跟踪落实：%(c)s（期限 %(d)s）") % {"c": commitment[:120], "d": due_date.isoformat()},
        )
    tell(
        reply.proposal,
        unit_users([item.unit_id]),
        kind="proposal.follow_up",
        title=_("提案承诺事项列入跟踪落实：%(t)s") % {"t": reply.proposal.title},
        body=_("%(c)s。请于 %(d)s 前报告落实情况。") % {"c": commitment, "d": due_date.isoformat()},
    )
    return item


def report_follow_up(item: FollowUp, *, progress: str, unit_ids: frozenset[int], actor: User) -> FollowUp:
    """The unit reports what it did; the office looks at it again (回头看)."""
    if item.unit_id not in unit_ids:
        raise NotAllowed("proposal.not_assigned", _("该事项不属于本单位"))
    progress = (progress or "").strip()
    if not progress or len(progress) > 3000:
        raise _invalid("progress", _("请填写落实情况（不超过 3000 字）"))
    item.progress = progress
    item = FOLLOW_UP.transition(item, FA.REPORT, actor=actor, note=progress[:150], fields=("progress",))
    tell(
        item.proposal,
        office_users(item.committee_id),
        kind="proposal.follow_up_reported",
        title=_("承办单位报告落实情况：%(t)s") % {"t": item.proposal.title},
        body=progress[:200],
    )
    return item


def review_follow_up(item: FollowUp, *, verified: bool, note: str, actor: User) -> FollowUp:
    """回头看: the office confirms the commitment was kept, or reopens it saying what is still missing."""
    note = (note or "").strip()
    if len(note) > 300 or (not verified and not note):
        raise _invalid("note", _("退回时请写明尚未落实的内容（不超过 300 字）"))
    item.review_note = note
    item = FOLLOW_UP.transition(
        item, FA.VERIFY if verified else FA.REOPEN, actor=actor, note=note, fields=("review_note",)
    )
    if not verified:
        tell(
            item.proposal,
            unit_users([item.unit_id]),
            kind="proposal.follow_up_reopened",
            title=_("回头看：承诺事项尚未落实到位：%(t)s") % {"t": item.proposal.title},
            body=note,
        )
    return item


def chase(assignment: Assignment, *, actor: User | None, note: str = "") -> Assignment:
    """催办: the unit's accounts are told the reply is due or overdue; a timeline row says who chased."""
    note = (note or "").strip()[:200]
    proposal = assignment.proposal
    if proposal.status not in IN_HANDLING:
        raise Conflict("proposal.not_in_handling", _("该提案不在办理中，无需催办"))
    today = timezone.localdate()
    late = assignment.due_date < today
    with transaction.atomic():
        assignment.chased_at = timezone.now()
        assignment.save(update_fields=["chased_at"])
        add_event(
            proposal,
            action="chase",
            actor=actor,
            from_status=proposal.status,
            note=_("催办 %(u)s（期限 %(d)s）%(n)s") % {"u": assignment.unit, "d": assignment.due_date, "n": note},
        )
    title = _("提案办理已逾期，请尽快答复：%(t)s") if late else _("提案即将到期，请按时答复：%(t)s")
    tell(
        proposal,
        unit_users([assignment.unit_id]),
        kind="proposal.chase",
        title=title % {"t": proposal.title},
        body=_("办结期限 %(d)s。%(n)s") % {"d": assignment.due_date.isoformat(), "n": note},
    )
    return assignment


@dataclass
class ReminderCounts:
    reminded: int = 0
    escalated: int = 0
    follow_ups: int = 0
    evaluations: int = 0


def send_proposal_reminders(committee: Committee, today: datetime.date | None = None) -> ReminderCounts:
    """Daily: remind units of replies due within five working days, chase overdue ones (at most once a day) and
    tell the office once when a reply first goes overdue; chase overdue follow-up items the same way."""
    today = today or timezone.localdate()
    soon = add_working_days(committee, today, REMIND_BEFORE_WORKING_DAYS)
    counts = ReminderCounts()
    waiting = overdue_assignments(today=soon).select_related("proposal", "unit")
    for assignment in waiting:
        chased = timezone.localdate(assignment.chased_at) if assignment.chased_at else None
        if chased == today or (assignment.due_date >= today and chased is not None):
            continue  # told today already; before the due date one reminder is enough
        first_overdue = assignment.due_date < today and (chased is None or chased <= assignment.due_date)
        chase(assignment, actor=None)
        counts.reminded += 1
        if first_overdue:
            counts.escalated += 1
            tell(
                assignment.proposal,
                office_users(committee.pk),
                kind="proposal.overdue",
                title=_("提案办理逾期：%(t)s") % {"t": assignment.proposal.title},
                body=_("%(u)s，办结期限 %(d)s") % {"u": assignment.unit, "d": assignment.due_date.isoformat()},
            )
    for item in overdue_follow_ups(today=today).select_related("proposal"):
        if item.chased_at and timezone.localdate(item.chased_at) >= today:
            continue
        item.chased_at = timezone.now()
        item.save(update_fields=["chased_at"])
        tell(
            item.proposal,
            unit_users([item.unit_id]),
            kind="proposal.follow_up_overdue",
            title=_("承诺事项逾期未报告落实情况：%(t)s") % {"t": item.proposal.title},
            body=_("%(c)s（期限 %(d)s）") % {"c": item.commitment, "d": item.due_date.isoformat()},
        )
        counts.follow_ups += 1
    counts.evaluations = _remind_evaluations(committee, today)
    return counts


def _remind_evaluations(committee: Committee, today: datetime.date) -> int:
    """The lead proposer is reminded once, three working days before the rating window closes."""
    last_call = add_working_days(committee, today, REMIND_RATING_WORKING_DAYS)
    reminded = 0
    waiting = awaiting_evaluation().filter(committee=committee).select_related("committee")
    for proposal, due in feedback_dues(list(waiting)):
        if not today <= due <= last_call:
            continue
        if proposal.events.filter(action="remind_evaluation", at__gte=proposal.replied_at).exists():
            continue
        add_event(proposal, action="remind_evaluation", actor=None, from_status=proposal.status)
        tell(
            proposal,
            [proposal.lead],
            kind="proposal.evaluation_due",
            title=_("请评价提案办理结果：%(t)s") % {"t": proposal.title},
            body=_("评价期限 %(d)s，逾期未评价的按未评价统计。") % {"d": due.isoformat()},
        )
        reminded += 1
    return reminded
