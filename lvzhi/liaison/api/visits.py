"""双联系, visits and 大走访 over the API (office and leaders)."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from lvzhi.core.apiinput import Id, Year
from lvzhi.core.apikit import ErrorOut, get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.liaison.models import Campaign, CampaignIssue, LinkAssignment, Visit
from lvzhi.liaison.queries_visits import campaign_issues, link_progress, visited_counts
from lvzhi.liaison.services import visits as services
from lvzhi.org.models import Member, Term

router = Router()
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class YearFilter(Schema):
    year: Year | None = None


class VisitIn(Schema):
    visitor_id: Id
    visited_id: Id
    date: datetime.date
    form: str
    topics: str
    requests: str = ""
    follow_up: str = ""


class VisitOut(Schema):
    id: int
    visitor_id: int
    visited_id: int
    date: datetime.date
    form: str
    topics: str
    requests: str
    follow_up: str
    follow_up_done: bool


class FollowUpNoteIn(Schema):
    note: str


class ContactLinkIn(Schema):
    year: Year
    kind: str
    leader_id: Id
    member_id: Id
    target: int = 2


class LinkOut(Schema):
    id: int
    year: int
    kind: str
    leader_id: int
    member_id: int
    target: int
    done: int


class VisitCoverageOut(Schema):
    year: int
    members: int
    visited: int
    not_visited: list[int]


class CampaignIn(Schema):
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    description: str = ""


class CampaignOut(Schema):
    id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    households: int
    issues: int
    answered: int


class HouseholdIn(Schema):
    date: datetime.date
    name: str
    visitors: str
    note: str = ""
    issues: list[str] = []


class IssueOut(Schema):
    id: int
    household: str
    description: str
    answer: str
    answered: bool


class IssueAnswerIn(Schema):
    answer: str


def _visit(v: Visit) -> dict:
    return {f: getattr(v, f) for f in VisitOut.model_fields}


def _member(request: HttpRequest, pk: int) -> Member:
    return get_or_404(Member.objects.filter(committee=request.committee), pk=pk)


def _year(filters: YearFilter) -> int:
    return filters.year or timezone.localdate().year


@router.get("/visits", response={200: list[VisitOut], **ERRORS}, summary="Visits and talks of a year (走访谈心)")
def visit_list(request: HttpRequest, filters: Query[YearFilter]) -> list[dict]:
    need(request, C.MANAGE_VISITS)
    return [_visit(v) for v in Visit.objects.filter(committee=request.committee, date__year=_year(filters))]


@router.post("/visits", response={201: VisitOut, **ERRORS}, summary="Record a visit or talk")
def visit_add(request: HttpRequest, payload: VisitIn) -> Status:
    need(request, C.MANAGE_VISITS)
    data = payload.dict()
    visitor, visited = _member(request, data.pop("visitor_id")), _member(request, data.pop("visited_id"))
    visit = services.record_visit(request.committee, visitor=visitor, visited=visited, **data, actor=request.user)
    return Status(201, _visit(visit))


@router.post("/visits/{int:visit_id}/follow-up", response={200: VisitOut, **ERRORS}, summary="The request acted on")
def follow_up(request: HttpRequest, visit_id: Id, payload: FollowUpNoteIn) -> dict:
    need(request, C.MANAGE_VISITS)
    visit = get_or_404(Visit.objects.filter(committee=request.committee), pk=visit_id)
    return _visit(services.finish_follow_up(visit, note=payload.note, actor=request.user))


@router.get(
    "/visit-coverage", response={200: VisitCoverageOut, **ERRORS}, summary="Every member visited at least once?"
)
def coverage(request: HttpRequest, filters: Query[YearFilter]) -> dict:
    need(request, C.VIEW_STATS)
    year = _year(filters)
    term = Term.objects.filter(committee=request.committee).order_by("-is_current", "-number").first()
    counts = visited_counts(term, year) if term else []
    return {
        "year": year,
        "members": len(counts),
        "visited": sum(1 for _m, n in counts if n),
        "not_visited": [m.pk for m, n in counts if n == 0],
    }


@router.get("/links", response={200: list[LinkOut], **ERRORS}, summary="双联系 of a year with progress")
def link_list(request: HttpRequest, filters: Query[YearFilter]) -> list[dict]:
    need(request, C.MANAGE_VISITS)
    return [
        {**{f: getattr(p.link, f) for f in LinkOut.model_fields if f != "done"}, "done": p.done}
        for p in link_progress(request.committee.pk, _year(filters))
    ]


@router.post("/links", response={201: LinkOut, **ERRORS}, summary="Assign who contacts whom")
def link_add(request: HttpRequest, payload: ContactLinkIn) -> Status:
    need(request, C.MANAGE_VISITS)
    link = services.assign_link(
        request.committee,
        year=payload.year,
        kind=payload.kind,
        leader=_member(request, payload.leader_id),
        member=_member(request, payload.member_id),
        target=payload.target,
        actor=request.user,
    )
    return Status(201, {**{f: getattr(link, f) for f in LinkOut.model_fields if f != "done"}, "done": 0})


@router.delete("/links/{int:link_id}", response={204: None, **ERRORS}, summary="Remove an assignment")
def link_remove(request: HttpRequest, link_id: Id) -> Status:
    need(request, C.MANAGE_VISITS)
    services.remove_link(
        get_or_404(LinkAssignment.objects.filter(committee=request.committee), pk=link_id), actor=request.user
    )
    return Status(204, None)


def _campaign(c: Campaign) -> dict:
    issues = list(campaign_issues(c))
    return {
        "id": c.pk,
        "title": c.title,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "households": c.households.count(),
        "issues": len(issues),
        "answered": sum(1 for i in issues if i.answered_at),
    }


@router.get("/campaigns", response={200: list[CampaignOut], **ERRORS}, summary="大走访 campaigns")
def campaign_list(request: HttpRequest) -> list[dict]:
    need(request, C.MANAGE_VISITS)
    return [_campaign(c) for c in Campaign.objects.filter(committee=request.committee)]


@router.post("/campaigns", response={201: CampaignOut, **ERRORS}, summary="Start a 大走访 campaign")
def campaign_add(request: HttpRequest, payload: CampaignIn) -> Status:
    need(request, C.MANAGE_VISITS)
    return Status(201, _campaign(services.create_campaign(request.committee, **payload.dict(), actor=request.user)))


@router.post(
    "/campaigns/{int:campaign_id}/households",
    response={201: CampaignOut, **ERRORS},
    summary="A household visited, with its issues",
)
def household_add(request: HttpRequest, campaign_id: Id, payload: HouseholdIn) -> Status:
    need(request, C.MANAGE_VISITS)
    campaign = get_or_404(Campaign.objects.filter(committee=request.committee), pk=campaign_id)
    services.add_household(campaign, **payload.dict(), actor=request.user)
    return Status(201, _campaign(campaign))


@router.get(
    "/campaigns/{int:campaign_id}/issues", response={200: list[IssueOut], **ERRORS}, summary="Issues and answers"
)
def issue_list(request: HttpRequest, campaign_id: Id) -> list[dict]:
    need(request, C.MANAGE_VISITS)
    campaign = get_or_404(Campaign.objects.filter(committee=request.committee), pk=campaign_id)
    return [_issue(i) for i in campaign_issues(campaign)]


def _issue(i: CampaignIssue) -> dict:
    return {
        "id": i.pk,
        "household": i.household.name,
        "description": i.description,
        "answer": i.answer,
        "answered": i.answered_at is not None,
    }


@router.post("/campaign-issues/{int:issue_id}/answer", response={200: IssueOut, **ERRORS}, summary="Answer an issue")
def issue_answer(request: HttpRequest, issue_id: Id, payload: IssueAnswerIn) -> dict:
    need(request, C.MANAGE_VISITS)
    issue = get_or_404(
        CampaignIssue.objects.filter(committee=request.committee).select_related("household"), pk=issue_id
    )
    return _issue(services.answer_issue(issue, answer=payload.answer, actor=request.user))
