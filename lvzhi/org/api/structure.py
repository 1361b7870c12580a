"""The organisation's structure over the API (API.md "Organisation"): terms, sessions, special committees,
sector groups and regional groups. Stations and checklists (api_structure_stations) are mounted on this router;
the committee's users and their roles (api_structure_users) join the identity router that serves /users.

Reads need VIEW_DIRECTORY (staff and members pick from these lists), writes MANAGE_ORG, accounts MANAGE_USERS.
Every write calls the same service the screens call.
"""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from lvzhi.core.apiinput import Body, Day, Id, Int, Name, Page, PageSize, Text, choice
from lvzhi.core.apikit import get_or_404, need, paginate
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.org.api.stations import router as stations_router
from lvzhi.org.models import RegionalGroup, Sector, SectorGroup, Session, SpecialCommittee, Term
from lvzhi.org.queries import structure as q
from lvzhi.org.services import structure as structure_services
from lvzhi.org.services.members import current_term

router = Router(tags=["organisation structure"])
router.add_router("", stations_router)

# Terms and sessions keep their own, narrower year range (structure_services), declared in the schema too.
TermYear = Int(structure_services.MIN_YEAR, structure_services.MAX_YEAR)
RegionalGroupKind = choice(RegionalGroup.Kind, "RegionalGroupKind")
PAGE_SIZE = 50


def _term(request: HttpRequest, term_id: int | None) -> Term:
    if term_id is None:
        return current_term(request.committee)
    return get_or_404(Term.objects.all(), pk=term_id)


def _page(queryset: Any, page: int, page_size: int, out: Any) -> dict:
    count, rows = paginate(queryset, page, page_size)
    return {"count": count, "items": [out(r) for r in rows]}


# ---- Terms and sessions -------------------------------------------------------------------------------------


class SessionOut(Schema):
    id: int
    term_id: int
    term_number: int
    number: int
    year: int
    opens_on: date | None
    closes_on: date | None


class TermOut(Schema):
    id: int
    number: int
    start_year: int
    end_year: int
    is_current: bool
    sessions: list[SessionOut]


class TermList(Schema):
    count: int
    items: list[TermOut]


class TermIn(Body):
    start_year: TermYear
    end_year: TermYear | None = None
    number: Int(1, 99) | None = None
    sectors_from: Literal["previous", "national34", "city23", "none"] = "previous"
    copy_groups: bool = False
    carry_members: bool = False  # serving members of the current term join as 连任, in the sector of the same name


class MakeCurrentIn(Body):
    confirm: bool = Field(..., description="Must be true: the directory, imports and new activities switch terms")


class TermPatch(Body):
    start_year: TermYear = None
    end_year: TermYear = None


def _session(s: Session) -> dict:
    return {
        "id": s.pk,
        "term_id": s.term_id,
        "term_number": s.term.number,
        "number": s.number,
        "year": s.year,
        "opens_on": s.opens_on,
        "closes_on": s.closes_on,
    }


def _term_out(t: Term) -> dict:
    sessions = [_session(s) for s in t.sessions.all()]
    return {
        "id": t.pk,
        "number": t.number,
        "start_year": t.start_year,
        "end_year": t.end_year,
        "is_current": t.is_current,
        "sessions": sessions,
    }


def _set(payload: Schema) -> dict[str, Any]:
    """The fields a PATCH actually sent."""
    return payload.dict(exclude_unset=True)


@router.get("/terms", response=TermList, summary="Terms (届) with their sessions, newest first")
def list_terms(request: HttpRequest, page: Page = 1, page_size: PageSize = PAGE_SIZE) -> dict:
    need(request, C.VIEW_DIRECTORY)
    return _page(q.terms_of(request.committee).prefetch_related("sessions__term"), page, page_size, _term_out)


@router.post("/terms", response={201: TermOut}, summary="Prepare a new term (换届, step 1); it is not current yet")
def create_term(request: HttpRequest, payload: TermIn) -> Status:
    """The term is created with `is_current: false`, its sectors copied from the current term or a preset, and
    optionally the groups and the serving members carried over. Nothing changes for users until
    `POST /terms/{term_id}/make-current`. Numbers run 1–99 and follow the years: a term starts after the one
    numbered before it (`term.chronology`)."""
    need(request, C.MANAGE_ORG)
    term = structure_services.prepare_term(committee=request.committee, **payload.dict(), actor=request.user)
    return Status(201, _term_out(term))


@router.post("/terms/{term_id}/make-current", response=TermOut, summary="Make a term the current one (换届, step 2)")
def make_term_current(request: HttpRequest, term_id: int, payload: MakeCurrentIn) -> dict:
    """Switches the committee's current term: directory, new members, imports and new activities follow it. Also
    makes a previous term current again, undoing a 换届. Needs `{"confirm": true}`; a term without sectors is
    refused (`term.no_sectors`, 409)."""
    need(request, C.MANAGE_ORG)
    term = get_or_404(Term.objects.all(), pk=term_id)
    if not payload.confirm:
        raise DomainError(
            "term.confirm_required",
            _("设为本届会切换通讯录、导入和新活动所用的届次，请以 confirm: true 确认"),
            fields={"confirm": [_("请确认")]},
        )
    term = structure_services.make_term_current(term, actor=request.user)
    return _term_out(Term.objects.prefetch_related("sessions__term").get(pk=term.pk))


@router.patch("/terms/{term_id}", response=TermOut, summary="Correct a term's years")
def update_term(request: HttpRequest, term_id: Id, payload: TermPatch) -> dict:
    need(request, C.MANAGE_ORG)
    term = get_or_404(Term.objects.all(), pk=term_id)
    return _term_out(structure_services.update_term(term, changes=_set(payload), actor=request.user))


class SessionList(Schema):
    count: int
    items: list[SessionOut]


class SessionIn(Body):
    term_id: Id | None = None
    year: TermYear
    number: Int(1, 20) | None = None
    opens_on: Day | None = None
    closes_on: Day | None = None


class SessionPatch(Body):
    year: TermYear = None
    number: Int(1, 20) = None
    opens_on: Day | None = None
    closes_on: Day | None = None


@router.get("/sessions", response=SessionList, summary="Annual sessions (次会议); ?term= narrows to one term")
def list_sessions(
    request: HttpRequest, term: Id | None = None, page: Page = 1, page_size: PageSize = PAGE_SIZE
) -> dict:
    need(request, C.VIEW_DIRECTORY)
    chosen = _term(request, term) if term is not None else None
    return _page(q.sessions_of(request.committee, chosen), page, page_size, _session)


@router.post("/sessions", response={201: SessionOut}, summary="Add a session to a term (default: the current)")
def create_session(request: HttpRequest, payload: SessionIn) -> Status:
    need(request, C.MANAGE_ORG)
    data = payload.dict()
    term = _term(request, data.pop("term_id"))
    return Status(201, _session(structure_services.create_session(term=term, **data, actor=request.user)))


@router.patch("/sessions/{session_id}", response=SessionOut, summary="Change a session")
def update_session(request: HttpRequest, session_id: Id, payload: SessionPatch) -> dict:
    need(request, C.MANAGE_ORG)
    session = get_or_404(Session.objects.select_related("term"), pk=session_id)
    return _session(structure_services.update_session(session, changes=_set(payload), actor=request.user))


# ---- Special committees -------------------------------------------------------------------------------------


class SpecialCommitteeOut(Schema):
    id: int
    name: str
    order: int
    is_active: bool


class SpecialCommitteeList(Schema):
    count: int
    items: list[SpecialCommitteeOut]


class SpecialCommitteeIn(Body):
    name: Name(60)
    order: Int(0, 999) = 0
    is_active: bool = True


class SpecialCommitteePatch(Body):
    name: Name(60) = None
    order: Int(0, 999) = None
    is_active: bool = None


def _special_committee(c: SpecialCommittee) -> dict:
    return {"id": c.pk, "name": c.name, "order": c.order, "is_active": c.is_active}


@router.get("/special-committees", response=SpecialCommitteeList, summary="Special committees (专委会)")
def list_special_committees(request: HttpRequest, page: Page = 1, page_size: PageSize = PAGE_SIZE) -> dict:
    need(request, C.VIEW_DIRECTORY)
    qs = SpecialCommittee.objects.filter(committee=request.committee)
    return _page(qs, page, page_size, _special_committee)


@router.post("/special-committees", response={201: SpecialCommitteeOut}, summary="Create a special committee")
def create_special_committee(request: HttpRequest, payload: SpecialCommitteeIn) -> Status:
    need(request, C.MANAGE_ORG)
    body = structure_services.create_special_committee(
        committee=request.committee, **payload.dict(), actor=request.user
    )
    return Status(201, _special_committee(body))


@router.patch("/special-committees/{body_id}", response=SpecialCommitteeOut, summary="Change a special committee")
def update_special_committee(request: HttpRequest, body_id: Id, payload: SpecialCommitteePatch) -> dict:
    need(request, C.MANAGE_ORG)
    body = get_or_404(SpecialCommittee.objects.all(), pk=body_id)
    changes = _set(payload)
    return _special_committee(structure_services.update_special_committee(body, changes=changes, actor=request.user))


# ---- Sector groups and regional groups ----------------------------------------------------------------------


class SectorRef(Schema):
    id: int
    code: str
    name: str


class NamedRef(Schema):
    id: int
    name: str


class SectorGroupOut(Schema):
    id: int
    term_id: int
    name: str
    order: int
    sectors: list[SectorRef]
    special_committee: NamedRef | None


class SectorGroupList(Schema):
    count: int
    items: list[SectorGroupOut]


class SectorGroupIn(Body):
    term_id: Id | None = None
    name: Name(60)
    sector_ids: list[Id] = Field([], max_length=200)
    special_committee_id: Id | None = None
    order: Int(0, 999) = 0


class SectorGroupPatch(Body):
    name: Name(60) = None
    sector_ids: list[Id] = Field(None, max_length=200)
    special_committee_id: Id | None = None
    order: Int(0, 999) = None


def _sector_group(g: SectorGroup) -> dict:
    body = g.special_committee
    return {
        "id": g.pk,
        "term_id": g.term_id,
        "name": g.name,
        "order": g.order,
        "sectors": [{"id": s.pk, "code": s.code, "name": s.name} for s in g.sectors.all()],
        "special_committee": {"id": body.pk, "name": body.name} if body else None,
    }


def _sectors(term: Term, ids: list[int]) -> list[Sector]:
    sectors = list(Sector.objects.filter(term=term, pk__in=ids))
    if len(sectors) != len(set(ids)):
        raise NotFound("sector.not_found", _("界别不存在"), fields={"sector_ids": [_("界别不存在或不属于该届")]})
    return sectors


def _special_committee_or_none(body_id: int | None) -> SpecialCommittee | None:
    return None if body_id is None else get_or_404(SpecialCommittee.objects.all(), pk=body_id)


@router.get("/sector-groups", response=SectorGroupList, summary="Sector groups (界别活动组) of a term")
def list_sector_groups(
    request: HttpRequest, term: Id | None = None, page: Page = 1, page_size: PageSize = PAGE_SIZE
) -> dict:
    need(request, C.VIEW_DIRECTORY)
    return _page(q.sector_groups_of(_term(request, term)), page, page_size, _sector_group)


@router.post("/sector-groups", response={201: SectorGroupOut}, summary="Create a sector group")
def create_sector_group(request: HttpRequest, payload: SectorGroupIn) -> Status:
    need(request, C.MANAGE_ORG)
    term = _term(request, payload.term_id)
    group = structure_services.create_sector_group(
        term=term,
        name=payload.name,
        sectors=_sectors(term, payload.sector_ids),
        special_committee=_special_committee_or_none(payload.special_committee_id),
        order=payload.order,
        actor=request.user,
    )
    return Status(201, _sector_group(group))


@router.patch("/sector-groups/{group_id}", response=SectorGroupOut, summary="Change a sector group")
def update_sector_group(request: HttpRequest, group_id: Id, payload: SectorGroupPatch) -> dict:
    need(request, C.MANAGE_ORG)
    group = get_or_404(SectorGroup.objects.select_related("term"), pk=group_id)
    changes = _set(payload)
    sector_ids = changes.pop("sector_ids", None)
    if "special_committee_id" in changes:
        changes["special_committee"] = _special_committee_or_none(changes.pop("special_committee_id"))
    sectors = _sectors(group.term, sector_ids) if sector_ids is not None else None
    group = structure_services.update_sector_group(group, changes=changes, sectors=sectors, actor=request.user)
    return _sector_group(q.sector_groups_of(group.term).get(pk=group.pk))


class RegionalGroupOut(Schema):
    id: int
    term_id: int
    name: str
    kind: str
    area: str


class RegionalGroupList(Schema):
    count: int
    items: list[RegionalGroupOut]


class RegionalGroupIn(Body):
    term_id: Id | None = None
    name: Name(60)
    kind: RegionalGroupKind = RegionalGroupKind.LIAISON
    area: Text(60) = ""


class RegionalGroupPatch(Body):
    name: Name(60) = None
    kind: RegionalGroupKind = None
    area: Text(60) = None


def _regional_group(g: RegionalGroup) -> dict:
    return {"id": g.pk, "term_id": g.term_id, "name": g.name, "kind": g.kind, "area": g.area}


@router.get("/regional-groups", response=RegionalGroupList, summary="Regional groups (联络组/活动组) of a term")
def list_regional_groups(
    request: HttpRequest, term: Id | None = None, page: Page = 1, page_size: PageSize = PAGE_SIZE
) -> dict:
    need(request, C.VIEW_DIRECTORY)
    return _page(RegionalGroup.objects.filter(term=_term(request, term)), page, page_size, _regional_group)


@router.post("/regional-groups", response={201: RegionalGroupOut}, summary="Create a regional group")
def create_regional_group(request: HttpRequest, payload: RegionalGroupIn) -> Status:
    need(request, C.MANAGE_ORG)
    data = payload.dict()
    term = _term(request, data.pop("term_id"))
    return Status(201, _regional_group(structure_services.create_regional_group(term=term, **data, actor=request.user)))


@router.patch("/regional-groups/{group_id}", response=RegionalGroupOut, summary="Change a regional group")
def update_regional_group(request: HttpRequest, group_id: Id, payload: RegionalGroupPatch) -> dict:
    need(request, C.MANAGE_ORG)
    group = get_or_404(RegionalGroup.objects.all(), pk=group_id)
    return _regional_group(structure_services.update_regional_group(group, changes=_set(payload), actor=request.user))
