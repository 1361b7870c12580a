"""Organisation API (API.md "Organisation"): sectors, the member directory, member records, import and export."""

import datetime
from typing import Any, Literal

from django.db import transaction
from django.db.models import CharField, TextField
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.core.apiinput import Body, Day, Id, Name, Page, PageSize, Text
from lvzhi.core.apikit import get_or_404, need, need_any, paginate, trusted
from lvzhi.core.audit import history_of
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.importflow import read_upload
from lvzhi.core.models import User
from lvzhi.core.tenancy import Access
from lvzhi.org import export, import_check, importer
from lvzhi.org.models import (
    GroupSeat,
    Member,
    MemberImport,
    Membership,
    MembershipStatus,
    PoliticalAffiliation,
    Sector,
    SectorGroup,
    SpecialCommittee,
    SpecialCommitteeSeat,
    Station,
)
from lvzhi.org.queries.members import (
    DirectoryFilter,
    directory,
    directory_api_rows,
    directory_count,
    directory_ids,
    visible_members,
)
from lvzhi.org.services import members as services
from lvzhi.org.tasks import start_member_import

router = Router(tags=["organisation"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Ref(Schema):
    id: int
    name: str


class SectorOut(Schema):
    id: int
    code: str
    name: str


class SectorList(Schema):
    count: int
    items: list[SectorOut]


@router.get("/sectors", response=SectorList, summary="Sectors (界别) of the current term")
def list_sectors(request: HttpRequest) -> dict:
    need(request)
    sectors = list(Sector.objects.filter(term=services.current_term(request.committee)))
    return {"count": len(sectors), "items": sectors}


class MemberRow(Schema):
    id: int
    name: str
    gender: str
    sector: Ref
    groups: list[Ref]
    is_standing_member: bool
    status: str
    mobile: str | None = None


class MemberList(Schema):
    count: int
    items: list[MemberRow]


def _directory_filter(q: str, sector: int | None, group: int | None, status: str, **more: Any) -> DirectoryFilter:
    return DirectoryFilter(q=q.strip(), sector=sector, group=group, status=status, **more)


# exclude_unset: `mobile` is left out of a row, not null, when the caller may not see it.
@router.get("/members", response=MemberList, exclude_unset=True, summary="The member directory")
def list_members(
    request: HttpRequest,
    q: Text(100) = "",
    sector: Id | None = None,
    group: Id | None = None,
    status: Text(40) = "",
    special_committee: Id | None = None,
    station: Id | None = None,
    standing: bool | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> MemberList:
    access = need(request, C.VIEW_DIRECTORY)
    flt = _directory_filter(
        q, sector, group, status, special_committee=special_committee, station=station, standing=standing
    )
    term = services.current_term(request.committee)
    total = directory_count(access, term, flt)
    count, page_ids = paginate(directory_ids(access, term, flt), page, page_size, count=total)
    staff = access.can(C.VIEW_MEMBERS)
    items = []
    for row in directory_api_rows(list(page_ids)):
        item = {
            "id": row["member_id"],
            "name": row["name"],
            "gender": row["gender"],
            "sector": {"id": row["sector_id"], "name": row["sector_name"]},
            "groups": row["groups"],
            "is_standing_member": row["is_standing_member"],
            "status": row["status"],
        }
        if staff or row["mobile_public"]:
            item["mobile"] = row["mobile"]
        items.append(item)
    return trusted(MemberList, {"count": count, "items": items})


class MemberFields(Body):
    """Optional fields of a member record; `phone` (or `mobile`) is the member's mobile number."""

    phone: Text(30) | None = None
    mobile: Text(30) | None = None
    ethnicity: Text(20) | None = None
    birth_date: Day | None = None
    native_place: Text(50) | None = None
    id_number: Text(30) | None = None
    political_affiliation: PoliticalAffiliation | None = None
    party_joined_on: Day | None = None
    party_position: Text(60) | None = None
    education: Text(20) | None = None
    degree: Text(20) | None = None
    professional_title: Text(40) | None = None
    employer: Text(100) | None = None
    job_title: Text(60) | None = None
    employer_kind: Text(30) | None = None
    industry: Text(30) | None = None
    employer_address: Text(200) | None = None
    office_phone: Text(30) | None = None
    email: Text(254) | None = None
    home_address: Text(200) | None = None
    secretary: Text(60) | None = None
    wechat: Text(40) | None = None
    mobile_in_directory: bool | None = None
    expertise: Text(2000) | None = None
    focus_areas: Text(2000) | None = None
    social_positions: Text(2000) | None = None
    honours: Text(5000) | None = None
    # The tenure in the current term
    number: Text(20) | None = None
    is_standing_member: bool | None = None
    recommending_unit: Text(100) | None = None
    appointment: Membership.Appointment | None = None
    joined_on: Day | None = None
    station_id: Id | None = None
    concurrent_posts: Text(100) | None = None


class MemberIn(MemberFields):
    name: Name(30)
    gender: Literal["male", "female"]
    sector_id: Id
    username: Text(150, min_length=3) | None = None
    password: Text(128) | None = None


class SpecialCommitteeSeatIn(Body):
    id: Id
    role: SpecialCommitteeSeat.Role = SpecialCommitteeSeat.Role.MEMBER


class GroupSeatIn(Body):
    id: Id
    role: GroupSeat.Role = GroupSeat.Role.MEMBER


class MemberPatch(MemberFields):
    name: Name(30) = None
    gender: Literal["male", "female"] = None
    sector_id: Id = None
    special_committees: list[SpecialCommitteeSeatIn] | None = Field(
        None,
        max_length=100,
        description="every seat the member holds in the current term (a list leaves none out); omit to keep",
    )
    groups: list[GroupSeatIn] | None = Field(
        None, max_length=100, description="as special_committees, for sector groups"
    )


class TermRef(Schema):
    number: int
    start_year: int


class SeatRef(Ref):
    role: str


class MemberOut(Schema):
    id: int
    name: str
    name_pinyin: str
    gender: str
    ethnicity: str
    birth_date: datetime.date | None
    native_place: str
    id_number: str | None = Field(None, description="only for staff who may see sensitive data")
    political_affiliation: str
    party_joined_on: datetime.date | None
    party_position: str
    education: str
    degree: str
    professional_title: str
    employer: str
    job_title: str
    employer_kind: str
    industry: str
    employer_address: str
    mobile: str
    office_phone: str
    email: str
    home_address: str
    secretary: str
    wechat: str
    mobile_in_directory: bool
    expertise: str
    focus_areas: str
    social_positions: str
    honours: str
    username: str | None
    term: TermRef | None
    number: str | None
    sector: Ref | None
    is_standing_member: bool | None
    recommending_unit: str | None
    appointment: str | None
    joined_on: datetime.date | None
    status: str | None
    status_effective_on: datetime.date | None
    status_decided_by: str | None
    station: Ref | None
    concurrent_posts: str | None
    groups: list[SeatRef]
    special_committees: list[SeatRef]


MEMBERSHIP_OUT = [
    "number",
    "is_standing_member",
    "recommending_unit",
    "appointment",
    "joined_on",
    "status",
    "status_effective_on",
    "status_decided_by",
    "concurrent_posts",
]


def _record(member: Member, access: Access) -> dict[str, Any]:
    hidden = services.SENSITIVE_FIELDS | {"photo"}
    data: dict[str, Any] = {f: getattr(member, f) for f in services.MEMBER_FIELDS if f not in hidden}
    data.update(id=member.pk, name_pinyin=member.name_pinyin, username=member.user.username if member.user else None)
    if access.can(C.VIEW_SENSITIVE):
        data["id_number"] = member.id_number
    membership = services.current_membership(member)
    data.update({f: getattr(membership, f) if membership else None for f in MEMBERSHIP_OUT})
    data["term"] = membership.term if membership else None
    data["sector"] = membership.sector if membership else None
    data["station"] = membership.station if membership and membership.station_id else None
    data["groups"] = [
        {"id": s.group_id, "name": s.group.name, "role": s.role}
        for s in GroupSeat.objects.filter(membership=membership).select_related("group")
    ]
    data["special_committees"] = [
        {"id": s.special_committee_id, "name": s.special_committee.name, "role": s.role}
        for s in SpecialCommitteeSeat.objects.filter(membership=membership).select_related("special_committee")
    ]
    return data


def _split(request: HttpRequest, payload: MemberFields, *, partial: bool) -> tuple[dict, dict]:
    """Turn an API body into Member and Membership changes, checking the fields a form would check."""
    data = payload.dict(exclude_unset=partial, exclude_none=not partial)
    for account_field in ("username", "password", "special_committees", "groups"):
        data.pop(account_field, None)
    for alias in ("phone", "mobile"):
        if alias in data:
            data["mobile"] = data.pop(alias) or ""
    problems: dict[str, list[str]] = {}
    if data.get("mobile") and (problem := import_check.mobile_problem(data["mobile"])):
        problems["phone"] = [problem]
    if data.get("id_number"):
        data["id_number"] = data["id_number"].upper()
        if problem := import_check.id_number_problem(data["id_number"]):
            problems["id_number"] = [problem]
    if data.get("birth_date") and (
        problem := import_check.birth_date_problem(data["birth_date"], timezone.localdate())
    ):
        problems["birth_date"] = [problem]
    membership: dict[str, Any] = {}
    if "sector_id" in data:
        term = services.current_term(request.committee)
        membership["sector"] = Sector.objects.filter(term=term, pk=data.pop("sector_id")).first()
        if membership["sector"] is None:
            problems["sector_id"] = [_("界别不存在或不属于本届")]
    if "station_id" in data:
        station_id = data.pop("station_id")
        membership["station"] = Station.objects.filter(pk=station_id).first() if station_id else None
        if station_id and membership["station"] is None:
            problems["station_id"] = [_("委员工作室不存在")]
    if problems:
        raise DomainError("validation.invalid", "；".join(p[0] for p in problems.values()), fields=problems)
    for name in set(data) & set(services.MEMBERSHIP_FIELDS):
        membership[name] = data.pop(name)
    return _nulls_cleared(data, Member), _nulls_cleared(membership, Membership)


def _nulls_cleared(changes: dict[str, Any], model: type[Member | Membership]) -> dict[str, Any]:
    """null empties a text field or a nullable one; for a field that must hold a value it changes nothing."""
    cleared = {}
    for name, value in changes.items():
        field = model._meta.get_field(name)
        if value is None and isinstance(field, CharField | TextField):
            cleared[name] = ""
        elif value is not None or field.null:
            cleared[name] = value
    return cleared


@router.post("/members", response={201: MemberOut}, summary="Add a member to the current term")
def create_member(request: HttpRequest, payload: MemberIn) -> Status:
    access = need(request, C.MANAGE_MEMBERS)
    member_data, membership_data = _split(request, payload, partial=False)
    if payload.password and not payload.username:
        raise DomainError("validation.invalid", _("设置密码须同时提供用户名"), fields={"username": [_("请填写用户名")]})
    member = services.create_member(
        committee=request.committee,
        member_data=member_data,
        membership_data=membership_data,
        actor=request.user,
        username=payload.username,
        password=payload.password,
    )
    return Status(201, _record(member, access))


def _visible_member(access: Access, member_id: int) -> Member:
    """Staff see the members their scope covers, a member only themself (404 for anyone else)."""
    return get_or_404(visible_members(access).select_related("user"), pk=member_id)


@router.get("/members/{int:member_id}", response=MemberOut, summary="A member's record")
def get_member(request: HttpRequest, member_id: Id) -> dict:
    access = need_any(request, C.VIEW_MEMBERS, C.PARTICIPATE)
    return _record(_visible_member(access, member_id), access)


@router.patch("/members/{int:member_id}", response=MemberOut, summary="Change a member's record")
def update_member(request: HttpRequest, member_id: Id, payload: MemberPatch) -> dict:
    access = need(request, C.MANAGE_MEMBERS)
    member = get_or_404(Member.objects.all(), pk=member_id)
    member_data, membership_data = _split(request, payload, partial=True)
    with transaction.atomic():
        member = services.update_member(
            member, member_data=member_data, membership_data=membership_data, actor=request.user
        )
        if payload.special_committees is not None or payload.groups is not None:
            _set_seats(member, payload, actor=request.user)
    return _record(Member.objects.select_related("user").get(pk=member.pk), access)


def _set_seats(member: Member, payload: MemberPatch, *, actor: User) -> None:
    """Seat the member as the body says; a kind of seat the body leaves out stays as it is."""
    membership = services.current_membership(member)
    if membership is None:
        raise DomainError("membership.none", _("该委员在本届无任职记录"), status=404)
    kinds = (
        ("special_committees", "special_committee_roles", payload.special_committees, SpecialCommitteeSeat),
        ("groups", "group_roles", payload.groups, GroupSeat),
    )
    bodies = {
        "special_committees": SpecialCommittee.objects.all(),
        "groups": SectorGroup.objects.filter(term=membership.term),
    }
    chosen: dict[str, Any] = {}
    for key, roles_key, seats, seat_model in kinds:
        target = "group" if seat_model is GroupSeat else "special_committee"
        if seats is None:
            held = seat_model.objects.filter(membership=membership).select_related(target)
            chosen[key] = [getattr(seat, target) for seat in held]
            continue
        found = {b.pk: b for b in bodies[key].filter(pk__in=[s.id for s in seats])}
        unknown = [s.id for s in seats if s.id not in found]
        if unknown:
            message = _("不存在或不属于本届：%(ids)s") % {"ids": "、".join(map(str, unknown))}
            raise DomainError("validation.invalid", message, fields={key: [message]})
        chosen[key] = list(found.values())
        chosen[roles_key] = {s.id: s.role for s in seats}
    services.set_member_seats(membership, **chosen, actor=actor)


class StatusIn(Body):
    status: MembershipStatus
    effective_on: Day
    decided_by: Text(100) = ""
    note: Text(200) = ""


@router.post("/members/{int:member_id}/status", response=MemberOut, summary="Record a lifecycle change (增补/免去…)")
def change_status(request: HttpRequest, member_id: Id, payload: StatusIn) -> dict:
    access = need(request, C.MANAGE_MEMBERS)
    member = get_or_404(Member.objects.select_related("user"), pk=member_id)
    membership = services.current_membership(member)
    if membership is None:
        raise DomainError("membership.none", _("该委员在本届无任职记录"), status=404)
    services.change_member_status(
        membership,
        to_status=payload.status,
        effective_on=payload.effective_on,
        decided_by=payload.decided_by,
        note=payload.note,
        actor=request.user,
    )
    return _record(member, access)


class HistoryItem(Schema):
    at: datetime.datetime
    actor: str | None
    action: str
    data: dict[str, Any]


class HistoryList(Schema):
    count: int
    items: list[HistoryItem]


@router.get("/members/{int:member_id}/history", response=HistoryList, summary="Who changed what, and when")
def member_history(request: HttpRequest, member_id: Id, page: Page = 1, page_size: PageSize = 50) -> dict:
    access = need(request, C.VIEW_MEMBERS)
    count, events = paginate(history_of(_visible_member(access, member_id)), page, page_size)
    items = [
        {"at": e.created_at, "actor": str(e.actor) if e.actor else None, "action": e.action, "data": e.data}
        for e in events
    ]
    return {"count": count, "items": items}


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    return HttpResponse(
        content, content_type=XLSX, headers={"Content-Disposition": content_disposition_header(True, filename)}
    )


@router.get("/members/export.xlsx", summary="The directory as an Excel file (same filters as /members)")
def export_members(
    request: HttpRequest,
    q: Text(100) = "",
    sector: Id | None = None,
    group: Id | None = None,
    status: Text(40) = "",
    special_committee: Id | None = None,
    station: Id | None = None,
    standing: bool | None = None,
) -> HttpResponse:
    access = need(request, C.VIEW_MEMBERS)
    flt = _directory_filter(
        q, sector, group, status, special_committee=special_committee, station=station, standing=standing
    )
    rows = directory(access, services.current_term(request.committee), flt)
    return _xlsx(export.directory_workbook(rows, access.can(C.VIEW_SENSITIVE)), _("委员名单.xlsx"))


@router.get("/members/import/template.xlsx", summary="The Excel template for the member import")
def import_template(request: HttpRequest) -> HttpResponse:
    need(request, C.MANAGE_MEMBERS)
    sectors = Sector.objects.filter(term=services.current_term(request.committee))
    return _xlsx(export.template_workbook(sectors), _("委员导入模板.xlsx"))


class MemberImportProblem(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    created: int
    updated: int
    errors: list[MemberImportProblem]


class ImportRejection(ImportOut):
    code: str
    message: str


class ImportRejected(Schema):
    error: ImportRejection


class ImportJobOut(Schema):
    id: int
    status: Literal["queued", "checking", "writing", "done", "invalid", "failed"] = Field(
        description="queued → checking → writing → done; invalid: the check before writing found problems "
        "(nothing written, see errors); failed: nothing written, see message"
    )
    filename: str
    total: int = Field(description="data rows in the file")
    done: int = Field(description="rows read and checked so far")
    percent: int
    created: int
    updated: int
    errors: list[MemberImportProblem]
    message: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


@router.post(
    "/members/import",
    response={200: ImportOut, 202: ImportJobOut, 422: ImportRejected},
    summary="Import members from an .xlsx file (all rows or none); a real run goes on in the background",
    description="dry_run=true checks the file and writes nothing. dry_run=false checks it the same way (any problem:"
    " 422 import.invalid, nothing written) and then starts the import in the background: 202 with the job, whose"
    " progress and outcome GET /members/import/jobs/{job_id} shows.",
)
def import_members(request: HttpRequest, file: File[UploadedFile], dry_run: bool = True) -> Any:
    need(request, C.MANAGE_MEMBERS)
    data = read_upload(file)
    result = importer.import_members(data, committee=request.committee, actor=request.user, dry_run=True)
    if dry_run:
        return result.as_dict()
    if result.errors:
        message = _("文件有%(n)s处问题，未导入任何数据") % {"n": len(result.errors)}
        return Status(422, {"error": {"code": "import.invalid", "message": message, **result.as_dict()}})
    job = start_member_import(
        committee=request.committee, user=request.user, data=data, filename=file.name or "", rows=result.rows
    )
    return Status(202, job)


@router.get(
    "/members/import/jobs/{job_id}",
    response=ImportJobOut,
    summary="A member import started by the caller: its progress, then what it wrote or why it wrote nothing",
)
def member_import_job(request: HttpRequest, job_id: Id) -> Any:
    need(request, C.MANAGE_MEMBERS)
    return get_or_404(MemberImport.objects.filter(requested_by=request.user), pk=job_id)
