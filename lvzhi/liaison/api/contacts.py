"""Contact with the masses over the API: my standing contacts and contact log; coverage for the office."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lvzhi.core.apiinput import Id, Int, Year
from lvzhi.core.apikit import ErrorOut, get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.liaison.models import ContactLog, StandingContact
from lvzhi.liaison.queries_contacts import coverage_report, quarter_of
from lvzhi.liaison.services import contacts as services
from lvzhi.org.models import Member, Term
from lvzhi.org.portal import member_of
from lvzhi.org.queries.members import staff_narrowing, visible_members

router = Router()
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class ContactIn(Schema):
    name: str
    occupation: str
    phone: str = ""
    note: str = ""


class ContactOut(Schema):
    id: int
    name: str
    occupation: str
    phone: str
    note: str
    is_active: bool


class ActiveIn(Schema):
    active: bool


class LogIn(Schema):
    contact_id: Id
    date: datetime.date
    mode: str
    topics: str
    issues: str = ""
    outcome: str = ContactLog.Outcome.NOTED
    outcome_note: str = ""


class LogOut(Schema):
    id: int
    contact_id: int
    date: datetime.date
    mode: str
    topics: str
    issues: str
    outcome: str
    outcome_note: str


class CoverageRow(Schema):
    member_id: int
    name: str
    contacts: int
    contacted: int
    logs: int
    ok: bool
    due: list[str]


class GroupRow(Schema):
    name: str
    members: int
    ok: int
    logs: int


class ContactCoverageOut(Schema):
    year: int
    quarter: int
    members: list[CoverageRow]
    sector_groups: list[GroupRow]
    stations: list[GroupRow]


class CoverageFilter(Schema):
    year: Year | None = None
    quarter: Int(1, 4) | None = None
    group_id: Id | None = None


def _me(request: HttpRequest) -> Member:
    """The caller's own member record: without one, nothing under /me/ exists for them (404)."""
    need(request)
    member = member_of(request.user, request.committee)
    if member is None:
        raise NotFound("member.no_record", _("没有您的委员档案"))
    need(request, C.KEEP_CONTACTS)
    return member


def _contact(c: StandingContact) -> dict:
    return {f: getattr(c, f) for f in ContactOut.model_fields}


def _log(log: ContactLog) -> dict:
    return {f: getattr(log, f) for f in LogOut.model_fields}


@router.get("/me/contacts", response={200: list[ContactOut], **ERRORS}, summary="My standing contacts (联系界别群众)")
def my_contacts(request: HttpRequest) -> list[dict]:
    return [_contact(c) for c in StandingContact.objects.filter(member=_me(request))]


@router.post("/me/contacts", response={201: ContactOut, **ERRORS}, summary="Add a standing contact")
def add_contact(request: HttpRequest, payload: ContactIn) -> Status:
    contact = services.add_contact(_me(request), **payload.dict(), actor=request.user)
    return Status(201, _contact(contact))


@router.post("/me/contacts/{int:contact_id}/active", response={200: ContactOut, **ERRORS}, summary="Keep or stop")
def set_active(request: HttpRequest, contact_id: Id, payload: ActiveIn) -> dict:
    contact = get_or_404(StandingContact.objects.filter(member=_me(request)), pk=contact_id)
    return _contact(services.set_contact_active(contact, active=payload.active, actor=request.user))


@router.get("/me/contact-logs", response={200: list[LogOut], **ERRORS}, summary="My contact log")
def my_logs(request: HttpRequest) -> list[dict]:
    return [_log(log) for log in ContactLog.objects.filter(member=_me(request))[:200]]


@router.post("/me/contact-logs", response={201: LogOut, **ERRORS}, summary="Log a contact (writes the ledger)")
def add_log(request: HttpRequest, payload: LogIn) -> Status:
    member = _me(request)
    data = payload.dict()
    contact = get_or_404(StandingContact.objects.filter(member=member), pk=data.pop("contact_id"))
    return Status(201, _log(services.log_contact(member, contact=contact, **data, actor=request.user)))


@router.delete("/me/contact-logs/{int:log_id}", response={204: None, **ERRORS}, summary="Delete a contact log")
def delete_log(request: HttpRequest, log_id: Id) -> Status:
    member = _me(request)
    log = get_or_404(ContactLog.objects.filter(member=member), pk=log_id)
    services.delete_contact_log(log, member=member, actor=request.user)
    return Status(204, None)


@router.get(
    "/contact-coverage", response={200: ContactCoverageOut, **ERRORS}, summary="Coverage against the contact rule"
)
def coverage(request: HttpRequest, filters: Query[CoverageFilter]) -> dict:
    access = need(request, C.VIEW_STATS)
    year, quarter = quarter_of(timezone.localdate())
    year, quarter = filters.year or year, filters.quarter or quarter
    term = Term.objects.filter(committee=request.committee).order_by("-is_current", "-number").first()
    # Staff narrowed to a unit see its members only, as on the screen.
    within = visible_members(access) if staff_narrowing(access) is not None else None
    members, groups, stations = coverage_report(term, year, quarter, filters.group_id, within) if term else ([], [], [])
    return {
        "year": year,
        "quarter": quarter,
        "members": [
            {
                "member_id": r.member.pk,
                "name": r.member.name,
                "contacts": r.contacts,
                "contacted": r.contacted,
                "logs": r.logs,
                "ok": r.ok,
                "due": r.due_names,
            }
            for r in members
        ],
        "sector_groups": [g.__dict__ for g in groups],
        "stations": [g.__dict__ for g in stations],
    }
