"""The yearly assessment cycle (DOMAIN.md §3.7): open, freeze and compute, close the members' check, submit,
approve and publish, archive. Every move goes through the workflow kit and writes the year's timeline."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.assessment.models import AssessmentYear, LineCheck
from lvzhi.assessment.services.schemes import rules_in_force
from lvzhi.assessment.services.scores import store_scores
from lvzhi.assessment.transitions import YA, YEAR, YEAR_MOVES
from lvzhi.core.errors import Conflict, NotAllowed, Unprocessable
from lvzhi.core.models import Committee, User
from lvzhi.core.notify import notify
from lvzhi.core.tenancy import access_for
from lvzhi.core.workdays import add_working_days
from lvzhi.core.workflow import NEW
from lvzhi.org.models import Member

CHECK_WORKING_DAYS = 10  # the members' check window (§5: ~10 working days in January)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def may_move(actor: User, committee: Committee, action: str) -> bool:
    return access_for(actor, committee).can(YEAR_MOVES[action].capability)


def _ensure_may(actor: User, committee: Committee, action: str) -> None:
    if not may_move(actor, committee, action):
        raise NotAllowed("permission.denied", _("没有执行此操作的权限"))


def moves_for(assessment: AssessmentYear, actor: User) -> list[str]:
    """The moves the actor may make on the year now (the buttons of its page, the `actions` of the API)."""
    return [
        action
        for action, move in YEAR_MOVES.items()
        if action != YA.OPEN and move.allows(assessment.status) and may_move(actor, assessment.committee, action)
    ]


@transaction.atomic
def open_year(committee: Committee, year: int, *, actor: User) -> AssessmentYear:
    """Start following a year (its scores stay live from the ledger until it is frozen)."""
    _ensure_may(actor, committee, YA.OPEN)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Unprocessable("assessment.year", _("年度不正确"), fields={"year": [_("年度不正确")]})
    Committee.objects.select_for_update().filter(pk=committee.pk).first()  # one row per year, even when racing
    existing = AssessmentYear.objects.filter(committee=committee, year=year).first()
    YEAR.check(YA.OPEN, existing.status if existing else NEW, code="assessment.year_exists")
    assessment = AssessmentYear.objects.create(committee=committee, year=year)
    YEAR.event(assessment, action=YA.OPEN, actor=actor, from_status="", to_status=assessment.status, note="")
    return assessment


def my_check_url(assessment: AssessmentYear) -> str:
    return reverse("assessment_cycle:me", kwargs={"year": assessment.year})


def _members_told(assessment: AssessmentYear) -> list[Member]:
    return list(Member.objects.filter(scores__assessment=assessment, user__isnull=False).select_related("user"))


@transaction.atomic
def freeze(assessment: AssessmentYear, *, actor: User) -> AssessmentYear:
    """Year end: copy the rules in force into the year, store every member's score and open the check window.

    From here a later scheme or ledger change reaches the year only through a corrected dispute (store_scores)."""
    _ensure_may(actor, assessment.committee, YA.FREEZE)
    assessment = YEAR.lock(assessment)
    YEAR.check(YA.FREEZE, assessment.status)
    today = timezone.localdate()
    if today <= datetime.date(assessment.year, 12, 31):
        raise Conflict("assessment.year_not_over", _("%(y)s年度尚未结束，年末后方可冻结") % {"y": assessment.year})
    rules, scheme = rules_in_force(assessment.committee, assessment.year, assessment)
    assessment.rules = rules.to_json()
    assessment.scheme = scheme
    assessment.frozen_at = timezone.now()
    assessment.check_until = add_working_days(assessment.committee, today, CHECK_WORKING_DAYS)
    assessment = YEAR.transition(
        assessment,
        YA.FREEZE,
        actor=actor,
        data={"scheme": scheme.pk if scheme else None, "scheme_version": scheme.version if scheme else None},
        fields=["rules", "scheme", "frozen_at", "check_until"],
        locked=True,
    )
    store_scores(assessment)
    notify(
        committee=assessment.committee,
        recipients=_members_told(assessment),
        kind="assessment.check",
        title=_("%(y)s年度履职考核得分已生成，请于%(d)s前核对")
        % {"y": assessment.year, "d": assessment.check_until.strftime("%m月%d日")},
        url=my_check_url(assessment),
        source=assessment,
        email=False,
    )
    return assessment


@transaction.atomic
def close_check(assessment: AssessmentYear, *, actor: User, note: str = "") -> AssessmentYear:
    """End the members' check; every dispute must have been kept or corrected first."""
    _ensure_may(actor, assessment.committee, YA.CLOSE_CHECK)
    assessment = YEAR.lock(assessment)
    YEAR.check(YA.CLOSE_CHECK, assessment.status)
    open_count = LineCheck.objects.filter(assessment=assessment, status=LineCheck.Status.OPEN).count()
    if open_count:
        raise Conflict("assessment.open_disputes", _("尚有%(n)s条异议未复核，不能结束核对") % {"n": open_count})
    return YEAR.transition(assessment, YA.CLOSE_CHECK, actor=actor, note=note[:300], locked=True)


@transaction.atomic
def submit(assessment: AssessmentYear, *, actor: User, note: str = "") -> AssessmentYear:
    """The reviewed results go to the leaders' meeting (主席会议审定)."""
    _ensure_may(actor, assessment.committee, YA.SUBMIT)
    return YEAR.transition(assessment, YA.SUBMIT, actor=actor, note=note[:300])


@transaction.atomic
def return_for_review(assessment: AssessmentYear, *, actor: User, note: str) -> AssessmentYear:
    _ensure_may(actor, assessment.committee, YA.RETURN)
    if not note.strip():
        raise Unprocessable("assessment.note_required", _("请填写退回意见"), fields={"note": [_("请填写退回意见")]})
    return YEAR.transition(assessment, YA.RETURN, actor=actor, note=note.strip()[:300])


@transaction.atomic
def approve(assessment: AssessmentYear, *, actor: User, note: str = "") -> AssessmentYear:
    """The leaders' meeting approves; the results are published and each member is told their own."""
    _ensure_may(actor, assessment.committee, YA.APPROVE)
    assessment = YEAR.transition(assessment, YA.APPROVE, actor=actor, note=note[:300])
    # One message to every assessed member (written in one statement however many there are); each opens their own.
    notify(
        committee=assessment.committee,
        recipients=_members_told(assessment),
        kind="assessment.published",
        title=_("%(y)s年度履职考核结果已审定通报，请查看本人得分和等次") % {"y": assessment.year},
        url=my_check_url(assessment),
        source=assessment,
        email=False,
    )
    return assessment


@transaction.atomic
def archive(assessment: AssessmentYear, *, actor: User, note: str = "") -> AssessmentYear:
    _ensure_may(actor, assessment.committee, YA.ARCHIVE)
    return YEAR.transition(assessment, YA.ARCHIVE, actor=actor, note=note[:300])


MOVES = {
    YA.FREEZE: lambda a, actor, note: freeze(a, actor=actor),
    YA.CLOSE_CHECK: lambda a, actor, note: close_check(a, actor=actor, note=note),
    YA.SUBMIT: lambda a, actor, note: submit(a, actor=actor, note=note),
    YA.RETURN: lambda a, actor, note: return_for_review(a, actor=actor, note=note),
    YA.APPROVE: lambda a, actor, note: approve(a, actor=actor, note=note),
    YA.ARCHIVE: lambda a, actor, note: archive(a, actor=actor, note=note),
}


def move(assessment: AssessmentYear, action: str, *, actor: User, note: str = "") -> AssessmentYear:
    """One entry for the screens and the API: the move named by `action`."""
    if action not in MOVES:
        raise Unprocessable("assessment.action", _("没有这个操作"), fields={"action": [_("没有这个操作")]})
    return MOVES[action](assessment, actor, note)
