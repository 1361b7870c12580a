"""Positions (职务, DOMAIN.md §2.4) through the API: list a member's positions, appoint, and end one (免职)."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from lvzhi.core.apiinput import Body, Day, Id, Page, PageSize, Text
from lvzhi.core.apikit import get_or_404, need, need_any, paginate
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotAllowed, NotFound
from lvzhi.core.tenancy import Access
from lvzhi.org.models import Member, Position
from lvzhi.org.queries.members import visible_members
from lvzhi.org.services import members as services

router = Router(tags=["organisation"])


class TermRef(Schema):
    number: int
    start_year: int


class PositionOut(Schema):
    id: int
    title: Position.Title
    title_label: str
    note: str
    started_on: datetime.date
    ended_on: datetime.date | None
    decided_by: str
    term: TermRef


class PositionList(Schema):
    count: int
    items: list[PositionOut]


class PositionIn(Body):
    title: Position.Title
    started_on: Day
    decided_by: Text(100) = ""
    note: Text(60) = ""


class PositionEndIn(Body):
    ended_on: Day
    decided_by: Text(100) = ""


def _out(position: Position) -> dict[str, Any]:
    return {
        "id": position.pk,
        "title": position.title,
        "title_label": position.get_title_display(),
        "note": position.note,
        "started_on": position.started_on,
        "ended_on": position.ended_on,
        "decided_by": position.decided_by,
        "term": position.membership.term,
    }


def _member(request: HttpRequest, member_id: int, *capabilities: C) -> tuple[Access, Member]:
    """The member in the caller's committee (404 otherwise, whatever the role), then the capability (403)."""
    access = need(request)
    member = get_or_404(Member.objects.all(), pk=member_id)
    need(request, *capabilities)
    if not visible_members(access).filter(pk=member.pk).exists():
        raise NotAllowed("member.not_visible", _("该委员不在您的查看范围内"))
    return access, member


@router.get("/members/{int:member_id}/positions", response=PositionList, summary="A member's positions (职务)")
def list_positions(request: HttpRequest, member_id: Id, page: Page = 1, page_size: PageSize = 50) -> dict:
    access = need(request)
    member = get_or_404(Member.objects.all(), pk=member_id)
    need_any(request, C.VIEW_MEMBERS, C.PARTICIPATE)
    if not visible_members(access).filter(pk=member.pk).exists():
        raise NotAllowed("member.not_visible", _("只能查看本人的职务"))
    positions = (
        Position.objects.filter(membership__member=member)
        .select_related("membership__term")
        .order_by("-membership__term__number", "started_on", "id")
    )
    count, items = paginate(positions, page, page_size)
    return {"count": count, "items": [_out(p) for p in items]}


@router.post(
    "/members/{int:member_id}/positions", response={201: PositionOut}, summary="Appoint a member to a position"
)
def add_position(request: HttpRequest, member_id: Id, payload: PositionIn) -> Status:
    _access, member = _member(request, member_id, C.MANAGE_MEMBERS)
    membership = services.current_membership(member)
    if membership is None:
        raise NotFound("membership.none", _("该委员在本届无任职记录"))
    position = services.add_position(
        membership,
        title=payload.title,
        started_on=payload.started_on,
        decided_by=payload.decided_by,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, _out(position))


@router.post(
    "/members/{int:member_id}/positions/{int:position_id}/end",
    response=PositionOut,
    summary="End a position (免职) from a date on",
)
def end_position(request: HttpRequest, member_id: Id, position_id: Id, payload: PositionEndIn) -> dict:
    _access, member = _member(request, member_id, C.MANAGE_MEMBERS)
    position = get_or_404(Position.objects.filter(membership__member=member), pk=position_id)
    position = services.end_position(
        position, ended_on=payload.ended_on, decided_by=payload.decided_by, actor=request.user
    )
    return _out(position)
