"""事前报备 (济宁: 界别活动方案事前报专委会审核备案): where the committee requires it, a sector group's activity
is published only after the special committee supervising the group has approved it; each step is on the
activity's timeline."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity, ActivitySettings, FilingStatus
from lvzhi.activities.queries import reach
from lvzhi.activities.services.common import add_event, lock_activity
from lvzhi.activities.transitions import FILING_MOVES, FilingAction
from lvzhi.core.audit import log_event
from lvzhi.core.capabilities import ROLE_CAPABILITIES
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.core.notify import notify
from lvzhi.core.tenancy import Access
from lvzhi.core.workflow import ensure_move

A = Activity.Status


def settings_for(committee: Committee) -> ActivitySettings:
    """The committee's rules, unsaved defaults when it has never changed them."""
    return ActivitySettings.objects.filter(committee=committee).first() or ActivitySettings(committee=committee)


@transaction.atomic
def save_settings(committee: Committee, *, group_filing_required: bool, actor: User) -> ActivitySettings:
    settings = settings_for(committee)
    before = settings.group_filing_required
    settings.group_filing_required = group_filing_required
    settings.save()
    log_event(
        "activity_settings.changed",
        settings,
        actor=actor,
        committee=committee,
        data={"group_filing_required": [before, group_filing_required]},
    )
    return settings


def supervisor_id(activity: Activity) -> int | None:
    """The special committee that files the activity: the one supervising its organising sector group."""
    group = activity.organiser_group
    return group.special_committee_id if group is not None else None


def filing_required(activity: Activity) -> bool:
    return supervisor_id(activity) is not None and settings_for(activity.committee).group_filing_required


def may_decide_filing(access: Access, activity: Activity) -> bool:
    return may_decide_for(access, supervisor_id(activity))


def _move(activity: Activity, action: str, *, actor: User, note: str = "") -> Activity:
    activity = lock_activity(activity)
    if activity.status != A.DRAFT:
        raise Conflict("activity.filing_not_draft", _("只有草拟中的活动可以报备审核"))
    if not filing_required(activity):
        raise Conflict("activity.filing_not_required", _("本活动无须报专委会审核备案"))
    before = activity.filing_status
    activity.filing_status = ensure_move(
        FILING_MOVES, action, before, statuses=FilingStatus, code="activity.bad_filing_status"
    )
    activity.save(update_fields=["filing_status", "updated_at"])
    add_event(
        activity,
        action=action,
        actor=actor,
        from_status=activity.status,
        note=note,
        data={"filing": [before, activity.filing_status]},
    )
    return activity


def approvers(committee_id: int, special_committee_id: int | None) -> list[User]:
    """The organising staff narrowed to the special committee: they decide its groups' filings."""
    managing = [role for role, caps in ROLE_CAPABILITIES.items() if C.MANAGE_ACTIVITIES in caps]
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            committee_id=committee_id, role__in=managing, special_committee_id=special_committee_id
        ).select_related("user")
    ]


def may_decide_for(access: Access, special_committee_id: int | None) -> bool:
    """Staff of that special committee (or committee-wide organisers) decide; never the group itself."""
    if special_committee_id is None or not access.can(C.MANAGE_ACTIVITIES):
        return False
    scope = reach(access)
    return scope.everything or special_committee_id in scope.special_committees


@transaction.atomic
def submit_filing(activity: Activity, *, actor: User) -> Activity:
    """报备: the organiser sends the draft to the supervising special committee, whose staff are told."""
    activity = _move(activity, FilingAction.SUBMIT, actor=actor)
    notify(
        committee=activity.committee,
        recipients=approvers(activity.committee_id, supervisor_id(activity)),
        kind="activity.filing_submitted",
        title=_("待审核备案：%(t)s") % {"t": activity.title},
        body=activity.organiser_group.name if activity.organiser_group else "",
        source=activity,
        email=False,
    )
    return activity


def _decide(activity: Activity, action: str, *, actor: User, access: Access, note: str) -> Activity:
    if not may_decide_filing(access, activity):
        raise NotAllowed("activity.filing_not_supervisor", _("只有所属专委会可以审核备案本活动"))
    activity = _move(activity, action, actor=actor, note=note)
    if activity.created_by is not None:
        approved = activity.filing_status == FilingStatus.APPROVED
        title = _("专委会已审核备案：%(t)s") if approved else _("专委会退回修改：%(t)s")
        notify(
            committee=activity.committee,
            recipients=[activity.created_by],
            kind="activity.filing_decided",
            title=title % {"t": activity.title},
            body=note,
            source=activity,
            email=False,
        )
    return activity


@transaction.atomic
def approve_filing(activity: Activity, *, actor: User, access: Access, note: str = "") -> Activity:
    return _decide(activity, FilingAction.APPROVE, actor=actor, access=access, note=note)


@transaction.atomic
def return_filing(activity: Activity, *, actor: User, access: Access, note: str) -> Activity:
    if not note.strip():
        raise DomainError("activity.reason_required", _("请填写退回意见"), fields={"note": [_("此项为必填")]})
    return _decide(activity, FilingAction.RETURN, actor=actor, access=access, note=note)


def ensure_filed(activity: Activity) -> None:
    """Publishing waits for the approval where the committee requires it (called under the activity lock)."""
    if filing_required(activity) and activity.filing_status != FilingStatus.APPROVED:
        raise Conflict("activity.filing_required", _("本活动须经所属专委会审核备案后才能发布"))
