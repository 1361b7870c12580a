"""Annual work plan API (清单化管理): GET/POST /plans, GET/PATCH/DELETE /plans/{id}, linking activities."""

import copy
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from lvzhi.activities.models import Activity
from lvzhi.core.apiinput import Body, Id, Int, Name, Page, PageSize, Text, Year
from lvzhi.core.apikit import MAX_PAGE_SIZE, get_or_404, need, need_any, trusted
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotAllowed, NotFound
from lvzhi.core.tenancy import Access
from lvzhi.org.models import Member, SectorGroup, SpecialCommittee
from lvzhi.org.portal import member_of
from lvzhi.planning import plan_queries, services
from lvzhi.planning.api_calendar import router as calendar_router
from lvzhi.planning.models import PlanItem
from lvzhi.planning.services import filing
from lvzhi.planning.services.plans import OWNER_FIELD

router = Router(tags=["planning"])
router.add_router("", calendar_router)

L = PlanItem.Level
LevelCode = Literal["committee", "special_committee", "sector_group", "member"]
TypeCode = Literal[
    "theme",
    "consultation",
    "research",
    "inspection",
    "public_service",
    "study",
    "proposal",
    "opinion",
    "supervision",
    "other",
]
OWNER_MODELS: dict[str, Any] = {L.SPECIAL_COMMITTEE: SpecialCommittee, L.SECTOR_GROUP: SectorGroup, L.MEMBER: Member}


class OwnerOut(Schema):
    type: str
    id: int
    name: str


class PlanItemOut(Schema):
    id: int
    year: int
    level: str
    owner: OwnerOut | None
    parent_id: int | None
    title: str
    type: str
    month: int | None
    target_count: int
    note: str
    done_count: int = Field(
        description="Held activities plus counted proposals (提案 items of members) in the item's subtree, "
        "at most target_count"
    )
    progress: int = Field(description="done_count / target_count, in percent")
    activity_ids: list[int] = Field(description="Activities linked to this item itself")
    proposal_ids: list[int] = Field(
        description="A member's 提案 item: the member's submitted proposals of the year it counts (as lead "
        "proposer, drafter of a collective proposal or confirmed co-signer); empty for other items"
    )
    filing_status: str = Field(description='事前报备 of a sector group\'s item: "", pending, approved or returned')
    filing_note: str


class PlanList(Schema):
    count: int
    items: list[PlanItemOut]


class PlanItemIn(Body):
    year: Year
    level: LevelCode
    owner_id: Id | None = Field(None, description="Special committee, sector group or member, as the level says")
    parent_id: Id | None = None
    title: Name(200)
    type: TypeCode = "theme"
    month: Int(1, 12) | None = None
    target_count: Int(1, 999) = 1
    note: Text(2000) = ""


class PlanItemPatch(Body):
    owner_id: Id | None = None
    parent_id: Id | None = None
    title: Name(200) = None
    type: TypeCode = None
    month: Int(1, 12) | None = None
    target_count: Int(1, 999) = None
    note: Text(2000) = None


PATCHABLE = {"title": "title", "type": "item_type", "month": "month", "target_count": "target_count", "note": "note"}


class PlanFilingIn(Body):
    note: Text(300) = ""


class LinkIn(Body):
    activity_ids: list[Id] = Field(..., min_length=1, max_length=1000)


def _row(node: plan_queries.PlanNode, activity_ids: list[int]) -> dict[str, Any]:
    item = node.item
    owner = item.owner
    return {
        "id": item.pk,
        "year": item.year,
        "level": item.level,
        "owner": {"type": item.level, "id": owner.pk, "name": str(owner)} if owner is not None else None,
        "parent_id": item.parent_id,
        "title": item.title,
        "type": item.item_type,
        "month": item.month,
        "target_count": item.target_count,
        "note": item.note,
        "done_count": node.done,
        "progress": node.percent,
        "activity_ids": activity_ids,
        "proposal_ids": node.own_proposals,
        "filing_status": item.filing_status,
        "filing_note": item.filing_note,
    }


def _links(items: list[PlanItem]) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {item.pk: [] for item in items}
    for item_id, activity_id in PlanItem.activities.through.objects.filter(planitem_id__in=list(links)).values_list(
        "planitem_id", "activity_id"
    ):
        links[item_id].append(activity_id)
    return links


def _out(item: PlanItem) -> dict[str, Any]:
    node = plan_queries.plan_tree(plan_queries.year_items(item.committee, item.year)).nodes[item.pk]
    return _row(node, _links([item])[item.pk])


def _visible(request: HttpRequest, access: Access, pk: int) -> PlanItem:
    """The item if the caller sees it in their plan; one 404 for "doesn't exist" and "not yours"."""
    item = get_or_404(PlanItem.objects.all(), pk=pk)
    tree = plan_queries.visible_tree(access, member_of(request.user, request.committee), item.year)
    if item.pk not in tree.nodes:
        raise NotFound("not_found", _("对象不存在"))
    return item


def _editable(request: HttpRequest, pk: int) -> PlanItem:
    access = need(request, C.MANAGE_ACTIVITIES)
    item = get_or_404(PlanItem.objects.all(), pk=pk)
    if not plan_queries.can_edit(access, item):
        raise NotAllowed("permission.denied", _("只能修改本单位负责的清单任务"))
    return item


def _owner(level: str, owner_id: int | None) -> dict[str, Any]:
    """The owner field the level asks for, looked up in the caller's committee."""
    model = OWNER_MODELS.get(level)
    if model is None:
        return {}
    if owner_id is None:
        raise DomainError("plan.invalid", _("请选择该任务的责任主体"), fields={"owner_id": [_("此项为必填")]})
    return {OWNER_FIELD[level]: get_or_404(model.objects.all(), pk=owner_id)}


def _parent(parent_id: int | None) -> PlanItem | None:
    return get_or_404(PlanItem.objects.all(), pk=parent_id) if parent_id else None


def _within_branch(access: Access, item: PlanItem) -> None:
    if not plan_queries.in_branch(item, plan_queries.units(access, C.MANAGE_ACTIVITIES)):
        raise NotAllowed("permission.denied", _("只能在本单位负责的清单中添加或调整任务"))


# Staff read the plan (their branch, if scoped); members their own items.
PLAN_READERS = (C.VIEW_STATS, C.PARTICIPATE)


@router.get("/plans", response=PlanList, summary="The annual work plan as the caller may see it")
def list_plans(
    request: HttpRequest,
    year: Year | None = None,
    level: LevelCode | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> PlanList:
    """Committee-wide staff see the whole plan, scoped staff their unit's branch, members their own items;
    depth-first order, parents before children."""
    access = need_any(request, *PLAN_READERS)
    year = year or timezone.localdate().year
    tree = plan_queries.visible_tree(access, member_of(request.user, request.committee), year)
    nodes = [n for _depth, n in tree.walk() if level is None or n.item.level == level]
    page, page_size = max(page, 1), min(max(page_size, 1), MAX_PAGE_SIZE)
    shown = nodes[(page - 1) * page_size : page * page_size]
    links = _links([n.item for n in shown])
    return trusted(PlanList, {"count": len(nodes), "items": [_row(n, links[n.item.pk]) for n in shown]})


@router.post("/plans", response={201: PlanItemOut}, summary="Add a plan item")
def create_plan(request: HttpRequest, payload: PlanItemIn) -> Status:
    access = need(request, C.MANAGE_ACTIVITIES)
    data = {
        "year": payload.year,
        "level": payload.level,
        "title": payload.title,
        "item_type": payload.type,
        "month": payload.month,
        "target_count": payload.target_count,
        "note": payload.note,
        "parent": _parent(payload.parent_id),
        **_owner(payload.level, payload.owner_id),
    }
    _within_branch(access, PlanItem(committee=request.committee, **data))
    item = services.create_plan_item(committee=request.committee, data=data, actor=request.user)
    return Status(201, _out(item))


@router.get("/plans/{plan_id}", response=PlanItemOut, summary="One plan item with its progress")
def get_plan(request: HttpRequest, plan_id: Id) -> dict:
    access = need_any(request, *PLAN_READERS)
    return _out(_visible(request, access, plan_id))


@router.patch("/plans/{plan_id}", response=PlanItemOut, summary="Change a plan item (not its level or year)")
def update_plan(request: HttpRequest, plan_id: Id, payload: PlanItemPatch) -> dict:
    item = _editable(request, plan_id)
    sent = payload.dict(exclude_unset=True)
    data: dict[str, Any] = {
        PATCHABLE[k]: v for k, v in sent.items() if k in PATCHABLE and (v is not None or k == "month")
    }
    if "parent_id" in sent:
        data["parent"] = _parent(sent["parent_id"])
    if "owner_id" in sent:
        data.update(_owner(item.level, sent["owner_id"]))
    draft = copy.copy(item)
    for name, value in data.items():
        setattr(draft, name, value)
    _within_branch(request.access, draft)
    return _out(services.update_plan_item(item, data=data, actor=request.user))


@router.delete("/plans/{plan_id}", response={204: None}, summary="Delete a plan item without sub-items")
def delete_plan(request: HttpRequest, plan_id: Id) -> Status:
    services.delete_plan_item(_editable(request, plan_id), actor=request.user)
    return Status(204, None)


@router.post("/plans/{plan_id}/activities", response=PlanItemOut, summary="Link activities to a plan item")
def link_plan_activities(request: HttpRequest, plan_id: Id, payload: LinkIn) -> dict:
    """Activities of the item's year; once attendance is confirmed they count toward its target."""
    item = _editable(request, plan_id)
    wanted = set(payload.activity_ids)
    activities = list(Activity.objects.filter(pk__in=wanted))
    if len(activities) != len(wanted):
        raise DomainError("plan.bad_activity", _("活动不存在"), fields={"activity_ids": [_("活动不存在")]})
    services.link_activities(item, activities=activities, actor=request.user)
    return _out(item)


@router.delete(
    "/plans/{plan_id}/activities/{activity_id}", response={204: None}, summary="Unlink an activity from a plan item"
)
def unlink_plan_activity(request: HttpRequest, plan_id: Id, activity_id: Id) -> Status:
    item = _editable(request, plan_id)
    activity = get_or_404(Activity.objects.all(), pk=activity_id)
    services.unlink_activity(item, activity=activity, actor=request.user)
    return Status(204, None)


def _to_decide(request: HttpRequest, plan_id: int) -> PlanItem:
    access = need(request)
    item = get_or_404(PlanItem.objects.select_related("sector_group"), pk=plan_id)
    need(request, C.MANAGE_ACTIVITIES)
    if item.filing_status and not filing.may_decide(access, item):
        raise NotAllowed("plan_item.filing_not_supervisor", _("只有所属专委会可以审核备案本任务"))
    return item


@router.post("/plans/{plan_id}/approve", response=PlanItemOut, summary="The supervising committee approves the item")
def approve_plan(request: HttpRequest, plan_id: Id, payload: PlanFilingIn) -> dict:
    item = _to_decide(request, plan_id)
    return _out(services.approve_plan_item(item, actor=request.user, access=request.access, note=payload.note))


@router.post("/plans/{plan_id}/return", response=PlanItemOut, summary="The supervising committee returns the item")
def return_plan(request: HttpRequest, plan_id: Id, payload: PlanFilingIn) -> dict:
    item = _to_decide(request, plan_id)
    return _out(services.return_plan_item(item, actor=request.user, access=request.access, note=payload.note))
