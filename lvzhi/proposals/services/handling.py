"""Handling (办理): units and their accounts, assignment with a due date, replies, countersigning, the office's
review of replies, and the lead proposer's evaluation (DOMAIN.md §3.2)."""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.core.workdays import add_working_days
from lvzhi.org.models import HandlingUnit
from lvzhi.proposals.models import Assignment, Proposal, Reply
from lvzhi.proposals.services.common import PROPOSAL, add_event, proposers, tell
from lvzhi.proposals.services.honours import sync_satisfied
from lvzhi.proposals.services.rules import check_grade, grade_choices
from lvzhi.proposals.transitions import PA

P = Proposal.Status
R = Reply.Status
DEFAULT_MONTHS, MAX_MONTHS = 3, 6
# 二次办理: the sources give no deadline for the second answer; a month keeps it on the overdue list if missed.
REHANDLE_MONTHS = 1
FEEDBACK_WORKING_DAYS = 15
ANSWERING = (Assignment.Role.SOLE, Assignment.Role.LEAD, Assignment.Role.SPLIT)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _invalid(field: str, message: str) -> DomainError:
    return DomainError("validation.invalid", message, fields={field: [message]})


@transaction.atomic
def create_handling_unit(*, committee: Committee, name: str, kind: str, actor: User) -> HandlingUnit:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise _invalid("name", _("请填写单位名称（不超过 100 字）"))
    if kind not in HandlingUnit.Kind.values:
        raise _invalid("kind", _("请选择单位类型"))
    if HandlingUnit.objects.filter(committee=committee, name=name).exists():
        raise DomainError(
            "handling_unit.exists", _("该承办单位已存在"), fields={"name": [_("该承办单位已存在")]}, status=409
        )
    return HandlingUnit.objects.create(committee=committee, name=name, kind=kind)


def unit_users(unit_ids: list[int]) -> list[User]:
    return list(
        User.objects.filter(
            pk__in=RoleAssignment.objects.filter(role=Role.HANDLING_UNIT, handling_unit_id__in=unit_ids).values(
                "user_id"
            ),
            is_active=True,
        )
    )


def _roles(units: list[tuple[HandlingUnit, str]]) -> list[tuple[HandlingUnit, str]]:
    """Sole (one unit), lead plus co-units, or split (several answering apart); a lone lead is sole."""
    if not units:
        raise _invalid("units", _("请选择承办单位"))
    if len({u.pk for u, _r in units}) != len(units):
        raise _invalid("units", _("同一单位不能重复交办"))
    roles = [r for _u, r in units]
    if len(units) == 1:
        return [(units[0][0], Assignment.Role.SOLE)]
    if roles.count(Assignment.Role.LEAD) == 1 and all(r in (Assignment.Role.LEAD, Assignment.Role.CO) for r in roles):
        return units
    if all(r == Assignment.Role.SPLIT for r in roles):
        return units
    raise _invalid("units", _("请指定一个主办单位和若干协办单位，或全部为分办单位"))


def _due(due_date: datetime.date | None, today: datetime.date) -> datetime.date:
    if due_date is None:
        return add_months(today, DEFAULT_MONTHS)
    if due_date <= today or due_date > add_months(today, MAX_MONTHS):
        raise _invalid("due_date", _("办结期限须在今天之后，且不超过 %(n)s 个月") % {"n": MAX_MONTHS})
    return due_date


def assign(
    proposal: Proposal,
    *,
    units: list[tuple[HandlingUnit, str]],
    due_date: datetime.date | None,
    actor: User,
    reassign: bool = False,
) -> Proposal:
    """交办 (or, for `reassign`, 调整: the office replaces the units); the units' users are told."""
    units = _roles(units)
    due = _due(due_date, timezone.localdate())
    if any(u.committee_id != proposal.committee_id or not u.is_active for u, _r in units):
        raise _invalid("units", _("承办单位不存在或已停用"))
    names = "、".join(f"{u.name}（{Assignment.Role(r).label}）" for u, r in units)
    with transaction.atomic():
        proposal.due_date = due
        action = PA.REASSIGN if reassign else PA.ASSIGN
        proposal = PROPOSAL.transition(proposal, action, actor=actor, note=names, fields=("due_date",))
        if reassign:
            proposal.assignments.all().delete()
        Assignment.objects.bulk_create(
            Assignment(committee_id=proposal.committee_id, proposal=proposal, unit=u, role=r, due_date=due)
            for u, r in units
        )
    tell(
        proposal,
        unit_users([u.pk for u, _r in units]),
        kind="proposal.assigned",
        title=_("新交办提案：%(title)s") % {"title": proposal.title},
        body=_("办结期限 %(d)s") % {"d": due.isoformat()},
    )
    tell(
        proposal,
        proposers(proposal),
        kind="proposal.assigned",
        title=_("提案已交办：%(title)s") % {"title": proposal.title},
        body=names,
    )
    return proposal


def _mine(assignment: Assignment, unit_ids: frozenset[int]) -> None:
    if assignment.unit_id not in unit_ids:
        raise NotAllowed("proposal.not_assigned", _("该提案未交办给本单位"))


@transaction.atomic
def request_reassignment(assignment: Assignment, *, reason: str, unit_ids: frozenset[int], actor: User) -> Assignment:
    """申退: the unit says it is not theirs and why; only the office can change the units."""
    _mine(assignment, unit_ids)
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise _invalid("reason", _("请写明申请调整的理由（不超过 300 字）"))
    proposal = PROPOSAL.lock(assignment.proposal)
    PROPOSAL.check(PA.REPLY, proposal.status)
    assignment.reassign_reason = reason
    assignment.save(update_fields=["reassign_reason"])
    add_event(
        proposal,
        action="request_reassign",
        actor=actor,
        from_status=proposal.status,
        note=f"{assignment.unit}：{reason}",
    )
    return assignment


@transaction.atomic
def give_opinion(assignment: Assignment, *, opinion: str, unit_ids: frozenset[int], actor: User) -> Assignment:
    """A co-unit's opinion to the lead unit (协办意见)."""
    _mine(assignment, unit_ids)
    if assignment.role != Assignment.Role.CO:
        raise DomainError("proposal.not_co_unit", _("只有协办单位提出协办意见"), status=409)
    opinion = (opinion or "").strip()
    if not opinion or len(opinion) > 3000:
        raise _invalid("opinion", _("请填写协办意见（不超过 3000 字）"))
    proposal = PROPOSAL.lock(assignment.proposal)
    PROPOSAL.check(PA.REPLY, proposal.status)
    assignment.opinion = opinion
    assignment.save(update_fields=["opinion"])
    add_event(proposal, action="co_opinion", actor=actor, from_status=proposal.status, note=str(assignment.unit))
    return assignment


def draft_reply(
    assignment: Assignment,
    *,
    grade: str,
    content: str,
    contact_mode: str,
    contacted_on: datetime.date | None,
    unit_ids: frozenset[int],
    actor: User,
) -> Reply:
    """The answering unit's reply with its class and its contact with the proposer; co-units countersign first."""
    _mine(assignment, unit_ids)
    if assignment.role not in ANSWERING:
        raise DomainError("proposal.not_answering_unit", _("协办单位不单独答复，请向主办单位提出协办意见"), status=409)
    fields: dict[str, list[str]] = {}
    content = (content or "").strip()
    allowed = [v for v, _label in grade_choices(assignment.committee_id)]
    if grade not in allowed:
        fields["grade"] = [
            _("请选择答复类别（本会使用 %(g)s 类）") % {"g": "、".join(allowed)} if grade else _("请选择答复类别")
        ]
    if not content or len(content) > 10000:
        fields["content"] = [_("请填写答复正文（不超过 10000 字）")]
    if contact_mode not in Reply.Contact.values:
        fields["contact_mode"] = [_("请选择与提案人的沟通方式")]
    if contacted_on is None or contacted_on > timezone.localdate():
        fields["contacted_on"] = [_("请填写沟通日期（不晚于今天）")]
    if fields:
        raise DomainError("validation.invalid", next(iter(fields.values()))[0], fields=fields)
    with transaction.atomic():
        proposal = PROPOSAL.lock(assignment.proposal)
        PROPOSAL.check(PA.REPLY, proposal.status)
        if Reply.objects.filter(assignment=assignment, status__in=(R.COUNTERSIGNING, R.REVIEWING)).exists():
            raise DomainError("proposal.reply_pending", _("本单位已有答复在会签或审核中"), status=409)
        if assignment.role == Assignment.Role.LEAD:
            Assignment.objects.filter(proposal=proposal, role=Assignment.Role.CO).update(countersigned_at=None)
        has_co = (
            assignment.role == Assignment.Role.LEAD and proposal.assignments.filter(role=Assignment.Role.CO).exists()
        )
        reply = Reply.objects.create(
            committee_id=proposal.committee_id,
            proposal=proposal,
            assignment=assignment,
            status=R.COUNTERSIGNING if has_co else R.REVIEWING,
            grade=grade,
            content=content,
            contact_mode=contact_mode,
            contacted_on=contacted_on,
            created_by=actor,
        )
        add_event(
            proposal,
            action=PA.REPLY,
            actor=actor,
            from_status=proposal.status,
            note=_("%(unit)s 拟答复（%(grade)s类），%(mode)s沟通于 %(day)s")
            % {"unit": assignment.unit, "grade": grade, "mode": reply.get_contact_mode_display(), "day": contacted_on},
        )
    return reply


@transaction.atomic
def countersign(reply: Reply, *, assignment: Assignment, unit_ids: frozenset[int], actor: User) -> Reply:
    """A co-unit countersigns the lead unit's reply; when all have, it goes to the office's review."""
    _mine(assignment, unit_ids)
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    if (
        reply.status != R.COUNTERSIGNING
        or assignment.role != Assignment.Role.CO
        or assignment.proposal_id != reply.proposal_id
    ):
        raise DomainError("proposal.not_countersigning", _("该答复当前不需要本单位会签"), status=409)
    assignment.countersigned_at = timezone.now()
    assignment.save(update_fields=["countersigned_at"])
    if not Assignment.objects.filter(
        proposal_id=reply.proposal_id, role=Assignment.Role.CO, countersigned_at=None
    ).exists():
        reply.status = R.REVIEWING
        reply.save(update_fields=["status"])
    add_event(
        reply.proposal, action="countersign", actor=actor, from_status=reply.proposal.status, note=str(assignment.unit)
    )
    return reply


def approve_reply(reply: Reply, *, grade: str = "", actor: User) -> Reply:
    """督办审核 passed (the class may change); once every answering unit's reply is out, proposers are told."""
    if grade:
        check_grade(reply.committee_id, grade)
    with transaction.atomic():
        proposal = PROPOSAL.lock(reply.proposal)
        reply = Reply.objects.select_for_update().get(pk=reply.pk)
        if reply.status != R.REVIEWING:
            raise DomainError("proposal.reply_not_reviewing", _("该答复不在审核中"), status=409)
        PROPOSAL.check(PA.PUBLISH_REPLY, proposal.status)
        note = ""
        if grade and grade != reply.grade:
            note = _("答复类别由 %(a)s 调整为 %(b)s") % {"a": reply.grade, "b": grade}
            reply.grade = grade
        reply.status = R.PUBLISHED
        reply.published_at = timezone.now()
        reply.save(update_fields=["status", "grade", "published_at"])
        # This round began at the last assignment or the proposer's "unsatisfied": older replies are answered.
        since = proposal.events.filter(action__in=(PA.ASSIGN, PA.REASSIGN, PA.REHANDLE)).latest("at", "id").at
        answering = proposal.assignments.filter(role__in=ANSWERING)
        done = answering.filter(replies__status=R.PUBLISHED, replies__created_at__gte=since).distinct()
        if done.count() < answering.count():
            add_event(proposal, action="approve_reply", actor=actor, from_status=proposal.status, note=note)
            return reply
        proposal.replied_at = timezone.now()
        proposal = PROPOSAL.transition(
            proposal, PA.PUBLISH_REPLY, actor=actor, note=note, fields=("replied_at",), locked=True
        )
    people = proposers(proposal)
    for merged in Proposal.objects.filter(merged_into=proposal).select_related("lead"):
        people += proposers(merged)  # every proposer of a merged proposal gets the lead proposal's reply
    tell(
        proposal,
        people,
        kind="proposal.replied",
        title=_("提案已答复：%(title)s") % {"title": proposal.title},
        body=_("请在 %(d)s 前对办理结果作出评价。") % {"d": feedback_due(proposal).isoformat()},
    )
    return reply


@transaction.atomic
def return_reply(reply: Reply, *, reason: str, actor: User) -> Reply:
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise _invalid("reason", _("请写明退回理由（不超过 300 字）"))
    reply = Reply.objects.select_for_update().select_related("assignment__unit").get(pk=reply.pk)
    if reply.status != R.REVIEWING:
        raise DomainError("proposal.reply_not_reviewing", _("该答复不在审核中"), status=409)
    reply.status = R.RETURNED
    reply.return_reason = reason
    reply.save(update_fields=["status", "return_reason"])
    proposal = reply.proposal
    add_event(
        proposal,
        action="return_reply",
        actor=actor,
        from_status=proposal.status,
        note=f"{reply.assignment.unit}：{reason}",
    )
    tell(
        proposal,
        unit_users([reply.assignment.unit_id]),
        kind="proposal.reply_returned",
        title=_("答复被退回：%(t)s") % {"t": proposal.title},
        body=reason,
    )
    return reply


def feedback_due(proposal: Proposal) -> datetime.date:
    """The proposer rates the reply within 15 working days of it (DOMAIN.md §3.2, §5)."""
    start = timezone.localdate(proposal.replied_at) if proposal.replied_at else timezone.localdate()
    return add_working_days(proposal.committee, start, FEEDBACK_WORKING_DAYS)


def feedback_dues(proposals: list[Proposal]) -> list[tuple[Proposal, datetime.date]]:
    """Each replied proposal with its feedback due date, the working-day sum done once per reply date (a list of
    hundreds asks the holiday calendar only a few times)."""
    dues: dict[tuple[int, datetime.date], datetime.date] = {}
    result = []
    for p in proposals:
        start = timezone.localdate(p.replied_at)
        if (p.committee_id, start) not in dues:
            dues[(p.committee_id, start)] = add_working_days(p.committee, start, FEEDBACK_WORKING_DAYS)
        result.append((p, dues[(p.committee_id, start)]))
    return result


def evaluate(proposal: Proposal, *, satisfaction: str, comment: str, actor: User) -> Proposal:
    """The lead proposer rates the reply (and may change the rating within the feedback window); unsatisfied sends
    it back to the units for re-handling, with a month for the second answer."""
    if proposal.lead.user_id != actor.pk:
        raise NotAllowed("proposal.not_lead", _("只有第一提案人可以评价办理结果"))
    if satisfaction not in Proposal.Satisfaction.values:
        raise _invalid("satisfaction", _("请选择满意度"))
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise _invalid("comment", _("意见不能超过 500 字"))
    unsatisfied = satisfaction == Proposal.Satisfaction.UNSATISFIED
    if unsatisfied and not comment:
        raise _invalid("comment", _("不满意时请写明意见，承办单位将据此重新办理"))
    if proposal.status == P.CLOSED and proposal.replied_at and timezone.localdate() > feedback_due(proposal):
        raise DomainError("proposal.feedback_closed", _("评价期限已过，不能再修改评价"), status=409)
    proposal.satisfaction = satisfaction
    proposal.satisfaction_comment = comment
    label = Proposal.Satisfaction(satisfaction).label
    with transaction.atomic():
        proposal = PROPOSAL.transition(
            proposal,
            PA.REHANDLE if unsatisfied else PA.EVALUATE,
            actor=actor,
            note=f"{label}。{comment}".rstrip("。") if comment else label,
            fields=("satisfaction", "satisfaction_comment"),
        )
        if unsatisfied:
            proposal.assignments.filter(role__in=ANSWERING).update(
                due_date=add_months(timezone.localdate(), REHANDLE_MONTHS), chased_at=None
            )
        sync_satisfied(proposal, actor=actor)
    units = list(proposal.assignments.values_list("unit_id", flat=True))
    tell(
        proposal,
        unit_users(units),
        kind="proposal.evaluated",
        title=(_("提案人不满意，请重新办理：%(t)s") if unsatisfied else _("提案人评价：%(t)s")) % {"t": proposal.title},
        body=f"{label} {comment}",
    )
    return proposal
