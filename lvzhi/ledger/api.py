"""The duty ledger (API.md "Duty ledger"): a member's records as a timeline, self-reports and staff review."""

import datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.core.apiinput import Body, Day, Id, Name, Page, PageSize, Text, Year, choice
from lvzhi.core.apikit import LocalDateTime, get_or_404, need, need_any, paginate, trusted
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.choices import labels
from lvzhi.core.errors import NotAllowed, NotFound
from lvzhi.core.registry import registry
from lvzhi.core.uploads import serve
from lvzhi.ledger import services as ledger
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.org.models import Member
from lvzhi.org.queries.members import sees_all_members, visible_members

router = Router(tags=["duty ledger"])
DutyRecordStatus = choice(DutyRecord.Status, "DutyRecordStatus")


class SourceRef(Schema):
    type: str
    id: int


class DutyRecordOut(Schema):
    id: int
    kind: str
    kind_label: str
    role: str
    role_label: str
    title: str
    date: datetime.date
    year: int
    status: DutyRecordStatus
    source: SourceRef | None
    # Points come from the assessment year's scoring rules, joined at read time; null until they exist.
    points: float | None
    recorded_by_dept: str
    recorded_by_id: int | None
    self_reported: bool
    evidence: str
    evidence_file: str | None
    note: str
    review_note: str
    void_reason: str
    created_at: LocalDateTime


class DutyRecordList(Schema):
    count: int
    items: list[DutyRecordOut]


def _out(record: DutyRecord, points: dict[int, float] | None = None) -> dict[str, Any]:
    kinds, roles = labels(DutyKind), labels(DutyRole)
    return {
        "id": record.pk,
        "kind": record.kind,
        "kind_label": kinds.get(record.kind, record.kind),
        "role": record.role,
        "role_label": roles.get(record.role, record.role),
        "title": record.title,
        "date": record.event_date,
        "year": record.year,
        "status": record.status,
        "source": {"type": record.source_type, "id": record.source_id} if record.source_id is not None else None,
        "points": (points or {}).get(record.pk),
        "recorded_by_dept": record.recorded_by_dept,
        "recorded_by_id": record.recorded_by_id,
        "self_reported": record.self_reported,
        "evidence": record.evidence,
        "evidence_file": f"/api/v1/duty-records/{record.pk}/evidence" if record.evidence_file else None,
        "note": record.note,
        "review_note": record.review_note,
        "void_reason": record.void_reason,
        "created_at": record.created_at,
    }


@router.get("/members/{int:member_id}/duty-records", response=DutyRecordList, summary="A member's duty ledger")
def member_duty_records(
    request: HttpRequest, member_id: Id, year: Year | None = None, page: Page = 1, page_size: PageSize = 50
) -> DutyRecordList:
    access = need(request)
    member = get_or_404(Member.objects.filter(committee=access.committee), pk=member_id)
    need_any(request, C.VIEW_MEMBERS, C.PARTICIPATE)
    if not visible_members(access).filter(pk=member.pk).exists():
        raise NotAllowed("duty.not_visible", _("只能查看本人的履职记录"))
    count, items = paginate(ledger.duty_records_of(member, year=year), page, page_size)
    points = registry.duty_points(list(items))
    return trusted(DutyRecordList, {"count": count, "items": [_out(r, points) for r in items]})


@router.get("/duty-records", response=DutyRecordList, summary="Self-reports waiting for staff to confirm")
def pending_duty_records(request: HttpRequest, page: Page = 1, page_size: PageSize = 50) -> DutyRecordList:
    access = need(request, C.CONFIRM_DUTY)
    records = ledger.pending_self_reports(access.committee)
    if not sees_all_members(access):
        records = records.filter(member__in=visible_members(access))
    count, items = paginate(records, page, page_size)
    return trusted(DutyRecordList, {"count": count, "items": [_out(r) for r in items]})


class DutyRecordIn(Body):
    kind: DutyKind
    title: Name(200)
    date: Day
    evidence: Text(5000) = ""
    note: Text(200) = ""
    # Staff recording a line for a member name the member and the member's part; a member reports for themself.
    member_id: Id | None = None
    role: DutyRole = DutyRole.PARTICIPANT


@router.post(
    "/duty-records",
    response={201: DutyRecordOut},
    summary="Report a duty the office cannot see, or (staff, with member_id) record one for a member",
)
def create_duty_record(request: HttpRequest, payload: DutyRecordIn) -> Status:
    if payload.member_id is not None:
        return Status(201, _out(_record_for_member(request, payload)))
    access = need(request, C.PARTICIPATE)
    member = Member.objects.filter(committee=access.committee, user=request.user).first()
    if member is None:
        raise NotAllowed("member.no_profile", _("当前账号没有委员档案"))
    record = ledger.self_report_duty(
        member=member,
        kind=payload.kind,
        title=payload.title,
        event_date=payload.date,
        evidence=payload.evidence,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, _out(record))


def _record_for_member(request: HttpRequest, payload: DutyRecordIn) -> DutyRecord:
    access = need(request)
    member = get_or_404(Member.objects.filter(committee=access.committee), pk=payload.member_id)
    need(request, C.CONFIRM_DUTY)
    if not visible_members(access).filter(pk=member.pk).exists():
        raise NotAllowed("duty.not_visible", _("该委员不在您的管理范围内"))
    return ledger.record_by_staff(
        member=member,
        kind=payload.kind,
        role=payload.role,
        event_date=payload.date,
        title=payload.title,
        evidence=payload.evidence,
        note=payload.note,
        actor=request.user,
    )


@router.post("/duty-records/{int:record_id}/evidence", response=DutyRecordOut, summary="Add a file to my self-report")
def add_evidence(request: HttpRequest, record_id: Id, file: File[UploadedFile]) -> dict:
    access = need(request)
    record = get_or_404(DutyRecord.objects.filter(committee=access.committee), pk=record_id)
    need(request, C.PARTICIPATE)
    return _out(ledger.add_duty_evidence(record, evidence_file=file, actor=request.user))


@router.get("/duty-records/{int:record_id}/evidence", summary="Download a record's evidence file")
def get_evidence(request: HttpRequest, record_id: int) -> FileResponse:
    access = need(request)
    record = get_or_404(DutyRecord.objects.filter(committee=access.committee), pk=record_id)
    need_any(request, C.VIEW_MEMBERS, C.PARTICIPATE)
    if not visible_members(access).filter(pk=record.member_id).exists():
        raise NotAllowed("duty.not_visible", _("只能查看本人的履职记录"))
    if not record.evidence_file:
        raise NotFound("duty.no_evidence_file", _("该记录没有佐证材料"))
    return serve(record.evidence_file)


class ConfirmIn(Body):
    note: Text(200) = ""


class RejectIn(Body):
    reason: Name(200)


def _reviewable(request: HttpRequest, record_id: int) -> DutyRecord:
    need(request)
    record = get_or_404(DutyRecord.objects.filter(committee=request.committee), pk=record_id)
    access = need(request, C.CONFIRM_DUTY)
    if not visible_members(access).filter(pk=record.member_id).exists():
        raise NotAllowed("duty.not_visible", _("该委员不在您的管理范围内"))
    return record


@router.post("/duty-records/{int:record_id}/confirm", response=DutyRecordOut, summary="Confirm a self-report")
def confirm(request: HttpRequest, record_id: Id, payload: ConfirmIn) -> dict:
    record = ledger.confirm_duty(_reviewable(request, record_id), actor=request.user, note=payload.note)
    return _out(record)


class VoidIn(Body):
    reason: Name(200)


@router.post("/duty-records/{int:record_id}/void", response=DutyRecordOut, summary="Void a ledger line, with a reason")
def void(request: HttpRequest, record_id: int, payload: VoidIn) -> dict:
    return _out(ledger.void_by_staff(_reviewable(request, record_id), actor=request.user, reason=payload.reason))


@router.post("/duty-records/{int:record_id}/reject", response=DutyRecordOut, summary="Do not accept a self-report")
def reject(request: HttpRequest, record_id: Id, payload: RejectIn) -> dict:
    record = ledger.reject_duty(_reviewable(request, record_id), actor=request.user, reason=payload.reason)
    return _out(record)
