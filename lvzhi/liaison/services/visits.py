"""双联系 and visits (DOMAIN.md §3.5): who contacts whom with yearly targets, visits and talks with follow-up,
and 大走访 campaigns whose households' issues are tracked to an answer. Staff of the office or the leaders
themselves record them; they are the office's records (办公室: 领导走访看望委员), not a member's duty."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, User
from lvzhi.core.notify import notify
from lvzhi.liaison.models import Campaign, CampaignIssue, Household, LinkAssignment, Visit
from lvzhi.org.models import HandlingUnit, Member


def _need(errors: dict[str, list[str]], **values: str) -> None:
    for name, value in values.items():
        if not str(value or "").strip():
            errors[name] = [_("此项为必填")]


def _check(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise DomainError("visit.invalid", message, fields=errors)


@transaction.atomic
def assign_link(
    committee: Committee, *, year: int, kind: str, leader: Member, member: Member, target: int, actor: User
) -> LinkAssignment:
    errors: dict[str, list[str]] = {}
    if kind not in LinkAssignment.Kind.values:
        errors["kind"] = [_("取值不在允许范围内")]
    if leader.pk == member.pk:
        errors["member"] = [_("不能联系自己")]
    if not 1 <= target <= 50:
        errors["target"] = [_("目标次数应在 1 到 50 之间")]
    _check(errors, _("请检查联系安排"))
    try:
        with transaction.atomic():
            link = LinkAssignment.objects.create(
                committee=committee, year=year, kind=kind, leader=leader, member=member, target=target
            )
    except IntegrityError:
        raise Conflict("link.exists", _("该年度已安排过这对联系")) from None
    log_event("link.assigned", link, actor=actor, committee=committee)
    return link


@transaction.atomic
def remove_link(link: LinkAssignment, *, actor: User) -> None:
    log_event("link.removed", link, actor=actor, committee=link.committee)
    link.delete()


@transaction.atomic
def record_visit(
    committee: Committee,
    *,
    visitor: Member,
    visited: Member,
    date: datetime.date,
    form: str,
    topics: str,
    requests: str = "",
    follow_up: str = "",
    actor: User,
) -> Visit:
    errors: dict[str, list[str]] = {}
    _need(errors, topics=topics)
    if form not in Visit.Form.values:
        errors["form"] = [_("取值不在允许范围内")]
    if date > timezone.localdate():
        errors["date"] = [_("日期不能晚于今天")]
    if visitor.pk == visited.pk:
        errors["visited"] = [_("走访人与被走访委员不能是同一人")]
    _check(errors, _("请检查走访记录"))
    visit = Visit.objects.create(
        committee=committee,
        visitor=visitor,
        visited=visited,
        date=date,
        form=form,
        topics=topics.strip(),
        requests=requests.strip(),
        follow_up=follow_up.strip(),
        recorded_by=actor,
    )
    log_event("visit.recorded", visit, actor=actor, committee=committee)
    return visit


@transaction.atomic
def finish_follow_up(visit: Visit, *, note: str, actor: User) -> Visit:
    """The member's request has been acted on; the member is told."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.follow_up_done:
        raise Conflict("visit.follow_up_done", _("该走访的诉求已落实"))
    if not note.strip():
        raise DomainError("visit.note_required", _("请填写落实情况"), fields={"note": [_("此项为必填")]})
    visit.follow_up = f"{visit.follow_up}\n{note.strip()}".strip()
    visit.follow_up_done = True
    visit.save(update_fields=["follow_up", "follow_up_done"])
    log_event("visit.follow_up_done", visit, actor=actor, committee=visit.committee)
    notify(
        committee=visit.committee,
        recipients=[visit.visited],
        kind="visit.follow_up",
        title=_("您在走访中反映的诉求已落实"),
        body=note.strip(),
    )
    return visit


@transaction.atomic
def create_campaign(
    committee: Committee,
    *,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
    actor: User,
) -> Campaign:
    errors: dict[str, list[str]] = {}
    _need(errors, title=title)
    if ends_on < starts_on:
        errors["ends_on"] = [_("结束日期不能早于开始日期")]
    _check(errors, _("请检查大走访活动"))
    campaign = Campaign.objects.create(
        committee=committee, title=title.strip(), starts_on=starts_on, ends_on=ends_on, description=description.strip()
    )
    log_event("campaign.created", campaign, actor=actor, committee=committee)
    return campaign


@transaction.atomic
def add_household(
    campaign: Campaign,
    *,
    date: datetime.date,
    name: str,
    visitors: str,
    note: str = "",
    issues: list[str] | None = None,
    actor: User,
) -> Household:
    """A household visited, with the issues it raised (one per line), each tracked until answered."""
    errors: dict[str, list[str]] = {}
    _need(errors, name=name, visitors=visitors)
    if not campaign.starts_on <= date <= campaign.ends_on:
        errors["date"] = [_("日期应在活动期间内")]
    _check(errors, _("请检查走访户"))
    household = Household.objects.create(
        committee_id=campaign.committee_id,
        campaign=campaign,
        date=date,
        name=name.strip(),
        visitors=visitors.strip(),
        note=note.strip(),
    )
    CampaignIssue.objects.bulk_create(
        CampaignIssue(committee_id=campaign.committee_id, household=household, description=text.strip())
        for text in issues or []
        if text.strip()
    )
    log_event("campaign.household", household, actor=actor, committee=campaign.committee)
    return household


@transaction.atomic
def pass_issue(issue: CampaignIssue, *, unit: HandlingUnit, actor: User) -> CampaignIssue:
    issue = CampaignIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.answered_at is not None:
        raise Conflict("issue.answered", _("该问题已办结"))
    issue.handling_unit = unit
    issue.save(update_fields=["handling_unit"])
    log_event("campaign.issue_passed", issue, actor=actor, committee=issue.committee, data={"unit": unit.name})
    return issue


@transaction.atomic
def answer_issue(issue: CampaignIssue, *, answer: str, actor: User) -> CampaignIssue:
    issue = CampaignIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.answered_at is not None:
        raise Conflict("issue.answered", _("该问题已办结"))
    if not answer.strip():
        raise DomainError("issue.answer_required", _("请填写办理答复"), fields={"answer": [_("此项为必填")]})
    issue.answer = answer.strip()
    issue.answered_at = timezone.now()
    issue.save(update_fields=["answer", "answered_at"])
    log_event("campaign.issue_answered", issue, actor=actor, committee=issue.committee)
    return issue
