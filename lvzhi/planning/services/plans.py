"""Writes to the annual work plan (年度履职清单): items cascading 政协 → 专委会 → 界别组 → 委员, with activities."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity
from lvzhi.core.audit import log_event
from lvzhi.core.changes import apply_changes, checked
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, User
from lvzhi.planning.models import PlanItem
from lvzhi.planning.plan_queries import LEVEL_RANK
from lvzhi.planning.services.filing import ensure_filed, file_for_approval

L = PlanItem.Level
MIN_YEAR, MAX_YEAR = 2000, 2100
OWNER_FIELD = {L.SPECIAL_COMMITTEE: "special_committee", L.SECTOR_GROUP: "sector_group", L.MEMBER: "member"}
OWNER_FIELDS = frozenset(OWNER_FIELD.values())
CREATE_FIELDS = frozenset(
    {"year", "level", "parent", "title", "item_type", "month", "target_count", "note"} | OWNER_FIELDS
)
# Level and year fix an item's place in the cascade; moving it means a new item.
UPDATE_FIELDS = CREATE_FIELDS - {"year", "level"}


def _invalid(field: str, message: str) -> DomainError:
    return DomainError("plan.invalid", message, fields={field: [message]})


def _check_place(item: PlanItem) -> None:
    """The owner fits the level, and the parent sits higher in the cascade, in the same committee and year."""
    wanted = OWNER_FIELD.get(item.level)
    for name in OWNER_FIELDS:
        value = getattr(item, name)
        if name == wanted and value is None:
            raise _invalid(name, _("请选择该任务的责任主体"))
        if name != wanted and value is not None:
            setattr(item, name, None)
        if value is not None and value.committee_id != item.committee_id:
            raise _invalid(name, _("对象不存在"))
    parent = item.parent
    if parent is None:
        return
    if parent.committee_id != item.committee_id or parent.pk == item.pk:
        raise _invalid("parent", _("上级任务不存在"))
    if parent.year != item.year:
        raise _invalid("parent", _("上级任务应属于同一年度"))
    if LEVEL_RANK[parent.level] >= LEVEL_RANK[item.level]:
        raise _invalid("parent", _("上级任务的层级应高于本任务"))


@transaction.atomic
def create_plan_item(*, committee: Committee, data: dict[str, Any], actor: User | None) -> PlanItem:
    unknown = set(data) - CREATE_FIELDS
    if unknown:
        raise DomainError("plan.bad_field", _("不可设置的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    item = PlanItem(committee=committee, created_by=actor, **data)
    if item.level not in L.values:
        raise _invalid("level", _("取值不在允许范围内"))
    if not isinstance(item.year, int) or not MIN_YEAR <= item.year <= MAX_YEAR:
        raise _invalid("year", _("年份应在%(a)s至%(b)s之间") % {"a": MIN_YEAR, "b": MAX_YEAR})
    _check_place(item)
    checked(item, exclude=["created_by"])
    item.save()
    log_event("plan_item.created", item, actor=actor, committee=committee, data={"year": item.year})
    file_for_approval(item, actor=actor)
    return item


@transaction.atomic
def update_plan_item(item: PlanItem, *, data: dict[str, Any], actor: User | None) -> PlanItem:
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    diff = apply_changes(item, data, UPDATE_FIELDS)
    _check_place(item)
    checked(item, exclude=["created_by"])
    if diff:
        item.save()
        log_event("plan_item.updated", item, actor=actor, committee=item.committee, data={"changes": diff})
        # A changed group item is filed again: what was approved is no longer what it says.
        file_for_approval(item, actor=actor)
    return item


@transaction.atomic
def delete_plan_item(item: PlanItem, *, actor: User | None) -> None:
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.children.exists():
        raise Conflict("plan_item.has_children", _("该任务下还有分解任务，请先删除或调整它们"))
    log_event("plan_item.deleted", item, actor=actor, committee=item.committee, data={"title": item.title})
    item.delete()


@transaction.atomic
def link_activities(item: PlanItem, *, activities: Iterable[Activity], actor: User | None) -> int:
    """Link activities of the item's year; once held (attendance confirmed) they count toward its target."""
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    ensure_filed(item)
    wanted = list(activities)
    for activity in wanted:
        if activity.committee_id != item.committee_id:
            raise _invalid("activity_ids", _("活动不存在"))
        if activity.status == Activity.Status.CANCELLED:
            raise _invalid("activity_ids", _("“%(t)s”已取消，不能关联") % {"t": activity.title})
        if timezone.localtime(activity.starts_at).year != item.year:
            raise _invalid("activity_ids", _("“%(t)s”不在%(y)s年，不能关联") % {"t": activity.title, "y": item.year})
    already = set(item.activities.values_list("pk", flat=True))
    new = [a for a in wanted if a.pk not in already]
    item.activities.add(*new)
    if new:
        log_event(
            "plan_item.activities_linked",
            item,
            actor=actor,
            committee=item.committee,
            data={"activities": [a.pk for a in new]},
        )
    return len(new)


@transaction.atomic
def unlink_activity(item: PlanItem, *, activity: Activity, actor: User | None) -> None:
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if not item.activities.filter(pk=activity.pk).exists():
        raise Conflict("plan_item.not_linked", _("该活动未关联到此任务"))
    item.activities.remove(activity)
    log_event(
        "plan_item.activity_unlinked", item, actor=actor, committee=item.committee, data={"activity": activity.pk}
    )
