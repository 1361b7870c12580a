"""Stations (工作室/联络站) with their standards and duty rota, and the checklists (八有/五有), over the API."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lvzhi.core.apiinput import Body, Id, Int, Name, Page, PageSize, Text, choice
from lvzhi.core.apikit import get_or_404, need, paginate
from lvzhi.core.capabilities import Capability as C
from lvzhi.org.models import Member, StandardsChecklist, Station, StationDuty
from lvzhi.org.queries import structure as q
from lvzhi.org.services import stations as station_services

router = Router(tags=["organisation structure"])
PAGE_SIZE = 50


class ChecklistOut(Schema):
    id: int
    name: str
    items: list[str]


class ChecklistList(Schema):
    count: int
    items: list[ChecklistOut]


ChecklistItem = Name(100)
StationKind = choice(Station.Kind, "StationKind")


class ChecklistIn(Body):
    name: Name(30)
    items: list[ChecklistItem] = Field(..., min_length=1, max_length=50)


class ChecklistPatch(Body):
    name: Name(30) = None
    items: list[ChecklistItem] = Field(None, min_length=1, max_length=50)


class DutyOut(Schema):
    id: int
    weekday: int
    member_id: int
    member_name: str
    note: str


class DutyIn(Body):
    weekday: Int(0, 6) = Field(..., description="0 = Monday … 6 = Sunday")
    member_id: Id
    note: Text(100) = ""


class StationOut(Schema):
    id: int
    name: str
    kind: str
    host_unit: str
    address: str
    checklist: ChecklistOut | None
    checklist_done: list[str]
    rota: list[DutyOut]


class StationList(Schema):
    count: int
    items: list[StationOut]


class StationIn(Body):
    name: Name(80)
    kind: StationKind
    host_unit: Text(100) = ""
    address: Text(200) = ""
    checklist_id: Id | None = None


class StationPatch(Body):
    name: Name(80) = None
    kind: StationKind = None
    host_unit: Text(100) = None
    address: Text(200) = None
    checklist_id: Id | None = None
    checklist_done: list[Text(100)] = Field(
        None, max_length=50, description="the items the station meets; the rest are unticked"
    )


def _checklist(c: StandardsChecklist) -> dict:
    return {"id": c.pk, "name": c.name, "items": c.items}


def _duty(d: StationDuty) -> dict:
    return {"id": d.pk, "weekday": d.weekday, "member_id": d.member_id, "member_name": d.member.name, "note": d.note}


def _station(s: Station) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "kind": s.kind,
        "host_unit": s.host_unit,
        "address": s.address,
        "checklist": _checklist(s.checklist) if s.checklist else None,
        "checklist_done": s.checklist_done,
        "rota": [_duty(d) for d in s.rota.all()],
    }


def _fresh(request: HttpRequest, station: Station) -> dict:
    return _station(q.stations_of(request.committee).get(pk=station.pk))


def _checklist_or_none(checklist_id: int | None) -> StandardsChecklist | None:
    return None if checklist_id is None else get_or_404(StandardsChecklist.objects.all(), pk=checklist_id)


@router.get("/stations", response=StationList, summary="Stations with their standards and duty rota")
def list_stations(request: HttpRequest, page: Page = 1, page_size: PageSize = PAGE_SIZE) -> dict:
    need(request, C.VIEW_DIRECTORY)
    count, rows = paginate(q.stations_of(request.committee), page, page_size)
    return {"count": count, "items": [_station(s) for s in rows]}


@router.post("/stations", response={201: StationOut}, summary="Create a station")
def create_station(request: HttpRequest, payload: StationIn) -> Status:
    need(request, C.MANAGE_ORG)
    data = payload.dict()
    data["checklist"] = _checklist_or_none(data.pop("checklist_id"))
    station = station_services.create_station(committee=request.committee, **data, actor=request.user)
    return Status(201, _fresh(request, station))


@router.patch("/stations/{station_id}", response=StationOut, summary="Change a station or tick its standards")
def update_station(request: HttpRequest, station_id: Id, payload: StationPatch) -> dict:
    need(request, C.MANAGE_ORG)
    station = get_or_404(Station.objects.all(), pk=station_id)
    changes: dict[str, Any] = payload.dict(exclude_unset=True)
    done = changes.pop("checklist_done", None)
    if "checklist_id" in changes:
        changes["checklist"] = _checklist_or_none(changes.pop("checklist_id"))
    with transaction.atomic():
        station = station_services.update_station(station, changes=changes, actor=request.user)
        if done is not None:
            station = station_services.record_station_checklist(station, done=done, actor=request.user)
    return _fresh(request, station)


@router.post("/stations/{station_id}/rota", response={201: DutyOut}, summary="Put a member on the duty rota")
def add_duty(request: HttpRequest, station_id: Id, payload: DutyIn) -> Status:
    need(request, C.MANAGE_ORG)
    station = get_or_404(Station.objects.all(), pk=station_id)
    member = get_or_404(Member.objects.all(), pk=payload.member_id)
    duty = station_services.add_station_duty(
        station, weekday=payload.weekday, member=member, note=payload.note, actor=request.user
    )
    return Status(201, _duty(duty))


@router.delete("/stations/{station_id}/rota/{duty_id}", response={204: None}, summary="Take a duty off the rota")
def remove_duty(request: HttpRequest, station_id: Id, duty_id: Id) -> Status:
    need(request, C.MANAGE_ORG)
    duty = get_or_404(StationDuty.objects.select_related("member"), pk=duty_id, station_id=station_id)
    station_services.remove_station_duty(duty, actor=request.user)
    return Status(204, None)


@router.get("/checklists", response=ChecklistList, summary="Standards checklists (建设标准, e.g. 八有/五有)")
def list_checklists(request: HttpRequest, page: Page = 1, page_size: PageSize = PAGE_SIZE) -> dict:
    need(request, C.VIEW_DIRECTORY)
    count, rows = paginate(
        StandardsChecklist.objects.filter(committee=request.committee).order_by("id"), page, page_size
    )
    return {"count": count, "items": [_checklist(c) for c in rows]}


@router.post("/checklists", response={201: ChecklistOut}, summary="Create a checklist")
def create_checklist(request: HttpRequest, payload: ChecklistIn) -> Status:
    need(request, C.MANAGE_ORG)
    checklist = station_services.create_checklist(
        committee=request.committee, name=payload.name, items=payload.items, actor=request.user
    )
    return Status(201, _checklist(checklist))


@router.patch("/checklists/{checklist_id}", response=ChecklistOut, summary="Rename or re-word a checklist")
def update_checklist(request: HttpRequest, checklist_id: Id, payload: ChecklistPatch) -> dict:
    need(request, C.MANAGE_ORG)
    checklist = get_or_404(StandardsChecklist.objects.all(), pk=checklist_id)
    checklist = station_services.update_checklist(
        checklist,
        name=payload.name if payload.name is not None else checklist.name,
        items=payload.items if payload.items is not None else checklist.items,
        actor=request.user,
    )
    return _checklist(checklist)
