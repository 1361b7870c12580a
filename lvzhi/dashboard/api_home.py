"""The home's work and the global search as JSON: what waits for the caller, what comes next, and what a search
finds; the same queries and the same visibility as the pages."""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lvzhi.activities import queries as activity_queries
from lvzhi.core import todo
from lvzhi.core.apiinput import Name
from lvzhi.core.apikit import need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.org.portal import member_of
from lvzhi.org.queries import members as org_queries
from lvzhi.org.services.members import current_term

router = Router(tags=["home"])
SEARCH_LIMIT = 20


class TodoOut(Schema):
    key: str = Field(description="Stable name, e.g. todo-leave, todo-close, todo-self-reports")
    label: str
    count: int
    url: str = Field(description="The page where the work is done")


class UpcomingOut(Schema):
    title: str
    starts_at: datetime.datetime
    location: str
    url: str


class HomeOut(Schema):
    todos: list[TodoOut]
    upcoming: list[UpcomingOut]


@router.get("/me/todos", response=HomeOut, summary="What waits for the caller, and the next activities")
def my_todos(request: HttpRequest) -> dict:
    access = need(request)
    return {
        "todos": [{**vars(t), "label": str(t.label)} for t in todo.todos(access)],
        "upcoming": [vars(u) for u in todo.upcoming(access)],
    }


class MemberHit(Schema):
    member_id: int
    name: str
    sector: str
    number: str


class ActivityHit(Schema):
    activity_id: int
    title: str
    starts_at: datetime.datetime
    status: str


class SearchOut(Schema):
    members: list[MemberHit]
    activities: list[ActivityHit]


@router.get("/search", response=SearchOut, summary="Members and activities by name, pinyin initials or number")
def search(request: HttpRequest, q: Name(50)) -> dict:
    access = need(request)
    members = []
    try:
        term = current_term(request.committee)
    except NotFound:
        term = None
    if term is not None:
        members = [
            {"member_id": m.member_id, "name": m.member.name, "sector": m.sector.name, "number": m.number}
            for m in org_queries.search_members(access, term, q, SEARCH_LIMIT)
        ]
    member = member_of(request.user, request.committee) if access.can(C.PARTICIPATE) else None
    activities = [
        {"activity_id": a.pk, "title": a.title, "starts_at": a.starts_at, "status": a.status}
        for a in activity_queries.search_activities(access, member, q, SEARCH_LIMIT)
    ]
    return {"members": members, "activities": activities}
