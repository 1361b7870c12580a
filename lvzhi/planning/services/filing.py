"""事前报备 of the annual plan (济宁): where the committee requires it, a sector group's plan items are approved by
the special committee supervising the group before activities are linked to them (the activities app's
ActivitySettings switch covers both; its FILING_MOVES table moves both)."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.activities.models import FilingStatus
from lvzhi.activities.queries import reach
from lvzhi.activities.services import filing as activity_filing
from lvzhi.activities.transitions import FILING_MOVES, FilingAction
from lvzhi.core.audit import log_event
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import User
from lvzhi.core.notify import notify
from lvzhi.core.tenancy import Access
from lvzhi.core.workflow import ensure_move
from lvzhi.org.models import SectorGroup
from lvzhi.planning.models import PlanItem


def supervisor_id(item: PlanItem) -> int | None:
    group = item.sector_group if item.level == PlanItem.Level.SECTOR_GROUP else None
    return group.special_committee_id if group is not None else None


def filing_required(item: PlanItem) -> bool:
    return supervisor_id(item) is not None and activity_filing.settings_for(item.committee).group_filing_required


def may_decide(access: Access, item: PlanItem) -> bool:
    return activity_filing.may_decide_for(access, supervisor_id(item))


def decidable_ids(access: Access, items: list[PlanItem]) -> set[int]:
    """The pending items of this list the caller may decide, in one query however many there are."""
    pending = [i for i in items if i.filing_status == FilingStatus.PENDING and i.sector_group_id]
    if not pending or not access.can(C.MANAGE_ACTIVITIES):
        return set()
    scope = reach(access)
    supervisors = dict(
        SectorGroup.objects.filter(pk__in={i.sector_group_id for i in pending}).values_list(
            "pk", "special_committee_id"
        )
    )
    return {
        i.pk
        for i in pending
        if supervisors.get(i.sector_group_id) is not None
        and (scope.everything or supervisors[i.sector_group_id] in scope.special_committees)
    }


def file_for_approval(item: PlanItem, *, actor: User | None) -> None:
    """A new or changed group item goes (back) to its special committee; called by the plan services after saving."""
    if not filing_required(item) or item.filing_status == FilingStatus.PENDING:
        return
    item.filing_status = ensure_move(
        FILING_MOVES, FilingAction.REFILE, item.filing_status, statuses=FilingStatus, code="plan_item.bad_filing_status"
    )
    item.filing_note = ""
    item.save(update_fields=["filing_status", "filing_note", "updated_at"])
    log_event("plan_item.filing_submitted", item, actor=actor, committee=item.committee)
    notify(
        committee=item.committee,
        recipients=activity_filing.approvers(item.committee_id, supervisor_id(item)),
        kind="plan_item.filing_submitted",
        title=_("年度清单待审核备案：%(t)s") % {"t": item.title},
        body=str(item.sector_group),
        email=False,
    )


def ensure_filed(item: PlanItem) -> None:
    if item.filing_status in (FilingStatus.PENDING, FilingStatus.RETURNED):
        raise Conflict("plan_item.not_filed", _("该任务尚待所属专委会审核备案，审核通过后才能关联活动"))


def _decide(item: PlanItem, action: str, *, actor: User, access: Access, note: str) -> PlanItem:
    item = PlanItem.objects.select_for_update(of=("self",)).select_related("sector_group").get(pk=item.pk)
    if not item.filing_status:
        raise Conflict("plan_item.filing_not_required", _("本任务无须报专委会审核备案"))
    if not may_decide(access, item):
        raise NotAllowed("plan_item.filing_not_supervisor", _("只有所属专委会可以审核备案本任务"))
    item.filing_status = ensure_move(
        FILING_MOVES, action, item.filing_status, statuses=FilingStatus, code="plan_item.bad_filing_status"
    )
    item.filing_note = note[:300]
    item.save(update_fields=["filing_status", "filing_note", "updated_at"])
    log_event(f"plan_item.{action}", item, actor=actor, committee=item.committee, data={"note": note})
    if item.created_by is not None:
        approved = item.filing_status == FilingStatus.APPROVED
        title = _("年度清单已审核备案：%(t)s") if approved else _("年度清单退回修改：%(t)s")
        notify(
            committee=item.committee,
            recipients=[item.created_by],
            kind="plan_item.filing_decided",
            title=title % {"t": item.title},
            body=note,
            email=False,
        )
    return item


@transaction.atomic
def approve_plan_item(item: PlanItem, *, actor: User, access: Access, note: str = "") -> PlanItem:
    return _decide(item, FilingAction.APPROVE, actor=actor, access=access, note=note)


@transaction.atomic
def return_plan_item(item: PlanItem, *, actor: User, access: Access, note: str) -> PlanItem:
    if not note.strip():
        raise DomainError("plan_item.reason_required", _("请填写退回意见"), fields={"note": [_("此项为必填")]})
    return _decide(item, FilingAction.RETURN, actor=actor, access=access, note=note)
