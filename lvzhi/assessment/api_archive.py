"""The archive (API.md "Duty ledger and assessment": GET /members/{id}/archive, .xlsx, .pdf) and duty reports."""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from lvzhi.assessment.archive import as_json, build_archive, ensure_may_open
from lvzhi.assessment.archive_files import archive_pdf, archive_workbook
from lvzhi.assessment.models import DutyReport
from lvzhi.assessment.services import reports as services
from lvzhi.core.apiinput import Body, Id, Page, PageSize, Text, Year, choice
from lvzhi.core.apikit import LocalDateTime, get_or_404, need, need_any, paginate
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.tenancy import Access
from lvzhi.org.models import Member
from lvzhi.org.queries.members import visible_members

router = Router(tags=["archive and duty reports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DutyReportKind = choice(DutyReport.Kind, "DutyReportKind")
DutyReportStatus = choice(DutyReport.Status, "DutyReportStatus")


class ArchiveMember(Schema):
    id: int
    name: str


class ArchiveTerm(Schema):
    number: int
    start_year: int
    end_year: int


class ArchiveField(Schema):
    label: str
    value: str


class ArchiveSource(Schema):
    type: str
    id: int
    label: str


class ArchivePoints(Schema):
    indicator: str
    points: float


class ArchiveLine(Schema):
    id: int
    year: int
    date: datetime.date
    kind: str
    kind_label: str
    role: str
    role_label: str
    title: str
    status: str
    source: ArchiveSource | None
    recorded_by_dept: str
    points: float | None  # null: not counting yet (a self-report waiting for confirmation)
    lines: list[ArchivePoints]


class ArchiveBreakdown(Schema):
    indicator: str
    label: str
    points: float


class ArchiveScore(Schema):
    score: float
    base: float
    bonus: float
    penalty: float
    band: str
    band_label: str
    rank: int | None
    months: int
    frozen: bool
    breakdown: list[ArchiveBreakdown]
    missing_duties: list[str]
    capped_by: list[str]


class ArchiveYear(Schema):
    year: int
    score: ArchiveScore | None
    records: list[ArchiveLine]


class ArchiveMeeting(Schema):
    id: int
    title: str
    starts_at: LocalDateTime


class ArchiveReport(Schema):
    id: int
    year: int
    kind: DutyReportKind
    kind_label: str
    status: DutyReportStatus
    status_label: str
    oral: bool
    meeting: ArchiveMeeting | None
    achievements: str
    problems: str
    suggestions: str
    own_work: str
    social_responsibility: str
    submitted_at: LocalDateTime | None


class ArchiveNomination(Schema):
    id: int
    year: int
    reason: str
    nominated_at: LocalDateTime


class ArchiveTalk(Schema):
    id: int
    year: int
    held_on: datetime.date
    talker: str
    content: str


class ArchiveOut(Schema):
    member: ArchiveMember
    term: ArchiveTerm
    basic: list[ArchiveField]
    years: list[ArchiveYear]
    duty_reports: list[ArchiveReport]
    awards: list[ArchiveLine]
    nominations: list[ArchiveNomination]  # 优秀委员 nominations (结果运用)
    talks: list[ArchiveTalk]  # reminder talks (约谈) after a score under 60
    generated_at: LocalDateTime


def _archive_member(request: HttpRequest, member_id: int) -> tuple[Access, Member]:
    access = need(request)
    member = get_or_404(Member.objects.filter(committee=access.committee), pk=member_id)
    need_any(request, C.VIEW_ASSESSMENT, C.PARTICIPATE)
    ensure_may_open(access, member)
    return access, member


def _own_view(access: Access, member: Member) -> bool:
    # Ranks follow the publication policy for the member themself; staff always see them.
    return not (access.can(C.VIEW_ASSESSMENT) and visible_members(access).filter(pk=member.pk).exists())


@router.get("/members/{int:member_id}/archive", response=ArchiveOut, summary="A member's archive (一人一档)")
def member_archive(request: HttpRequest, member_id: Id, year: Year | None = None) -> dict:
    access, member = _archive_member(request, member_id)
    return as_json(build_archive(member, year=year, show_rank=not _own_view(access, member)))


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": content_disposition_header(True, filename)}
    )


def _filename(member: Member, year: int | None, ext: str) -> str:
    return _("%(name)s履职档案%(suffix)s.%(ext)s") % {
        "name": member.name,
        "suffix": f"-{year}" if year else "",
        "ext": ext,
    }


@router.get("/members/{int:member_id}/archive.xlsx", summary="A member's archive as an Excel workbook")
def member_archive_xlsx(request: HttpRequest, member_id: Id, year: Year | None = None) -> HttpResponse:
    access, member = _archive_member(request, member_id)
    archive = build_archive(member, year=year, show_rank=not _own_view(access, member))
    return _download(archive_workbook(archive), XLSX, _filename(member, year, "xlsx"))


@router.get("/members/{int:member_id}/archive.pdf", summary="A member's archive as a PDF")
def member_archive_pdf(request: HttpRequest, member_id: Id, year: Year | None = None) -> HttpResponse:
    access, member = _archive_member(request, member_id)
    archive = build_archive(member, year=year, show_rank=not _own_view(access, member))
    return _download(archive_pdf(archive, access.committee.name), "application/pdf", _filename(member, year, "pdf"))


class DutyReportOut(Schema):
    id: int
    member_id: int
    member_name: str
    year: int
    kind: DutyReportKind
    kind_label: str
    status: DutyReportStatus
    status_label: str
    special_committee_id: int | None
    facts: dict[str, Any]
    achievements: str
    problems: str
    suggestions: str
    own_work: str
    social_responsibility: str
    oral: bool
    meeting_id: int | None
    review_note: str
    submitted_at: LocalDateTime | None
    reviewed_at: LocalDateTime | None


class DutyReportList(Schema):
    count: int
    items: list[DutyReportOut]


def _out(report: DutyReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "member_id": report.member_id,
        "member_name": report.member.name,
        "year": report.year,
        "kind": report.kind,
        "kind_label": report.get_kind_display(),
        "status": report.status,
        "status_label": report.get_status_display(),
        "special_committee_id": report.special_committee_id,
        "facts": report.facts,
        "achievements": report.achievements,
        "problems": report.problems,
        "suggestions": report.suggestions,
        "own_work": report.own_work,
        "social_responsibility": report.social_responsibility,
        "oral": report.oral,
        "meeting_id": report.meeting_id,
        "review_note": report.review_note,
        "submitted_at": report.submitted_at,
        "reviewed_at": report.reviewed_at,
    }


def _my_member(request: HttpRequest) -> Member:
    access = need(request, C.PARTICIPATE)
    member = Member.objects.filter(committee=access.committee, user=request.user).first()
    if member is None:
        raise NotAllowed("member.no_profile", _("当前账号没有委员档案"))
    return member


@router.get("/me/duty-reports", response=DutyReportList, summary="My duty reports (述职报告)")
def my_reports(request: HttpRequest) -> dict:
    member = _my_member(request)
    reports = list(DutyReport.objects.filter(member=member).select_related("member").order_by("-year", "kind"))
    return {"count": len(reports), "items": [_out(r) for r in reports]}


class DutyReportStartIn(Body):
    year: Year
    kind: DutyReportKind = DutyReport.Kind.MEMBER_YEARLY


@router.post("/me/duty-reports", response={201: DutyReportOut}, summary="Start my duty report, pre-filled")
def start_report(request: HttpRequest, payload: DutyReportStartIn) -> Status:
    member = _my_member(request)
    return Status(201, _out(services.start_report(member, year=payload.year, kind=payload.kind, actor=request.user)))


def _report(request: HttpRequest, report_id: int) -> tuple[Access, DutyReport]:
    access = need(request)
    report = get_or_404(DutyReport.objects.filter(committee=access.committee).select_related("member"), pk=report_id)
    return access, report


def _staff_report(request: HttpRequest, report_id: int, capability: C) -> DutyReport:
    access, report = _report(request, report_id)
    need(request, capability)
    if not visible_members(access).filter(pk=report.member_id).exists():
        raise NotAllowed("duty_report.not_in_scope", _("该委员不在您负责的范围内"))
    return report


@router.get("/duty-reports", response=DutyReportList, summary="Duty reports of a year (assessment staff)")
def list_reports(
    request: HttpRequest,
    year: Year | None = None,
    status: DutyReportStatus | None = None,
    kind: DutyReportKind | None = None,
    meeting: Id | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    access = need(request, C.VIEW_ASSESSMENT)
    reports = DutyReport.objects.filter(member__in=visible_members(access)).select_related("member")
    for field, value in (("year", year), ("status", status), ("kind", kind), ("meeting_id", meeting)):
        if value is not None:
            reports = reports.filter(**{field: value})
    count, items = paginate(reports.order_by("-year", "member__name_pinyin", "kind", "id"), page, page_size)
    return {"count": count, "items": [_out(r) for r in items]}


@router.get("/duty-reports/{int:report_id}", response=DutyReportOut, summary="One duty report")
def get_report(request: HttpRequest, report_id: Id) -> dict:
    access, report = _report(request, report_id)
    need_any(request, C.VIEW_ASSESSMENT, C.PARTICIPATE)
    ensure_may_open(access, report.member)
    return _out(report)


class DutyReportTextIn(Body):
    achievements: Text(services.MAX_TEXT) | None = None
    problems: Text(services.MAX_TEXT) | None = None
    suggestions: Text(services.MAX_TEXT) | None = None
    own_work: Text(services.MAX_TEXT) | None = None
    social_responsibility: Text(services.MAX_TEXT) | None = None


def _texts(payload: DutyReportTextIn) -> dict[str, str]:
    return {k: v for k, v in payload.dict().items() if v is not None}


@router.patch("/duty-reports/{int:report_id}", response=DutyReportOut, summary="Edit my draft or returned report")
def edit_report(request: HttpRequest, report_id: Id, payload: DutyReportTextIn) -> dict:
    _access, report = _report(request, report_id)
    need(request, C.PARTICIPATE)
    return _out(services.update_report(report, actor=request.user, data=_texts(payload)))


@router.post("/duty-reports/{int:report_id}/submit", response=DutyReportOut, summary="Submit my report")
def submit_report(request: HttpRequest, report_id: Id, payload: DutyReportTextIn) -> dict:
    _access, report = _report(request, report_id)
    need(request, C.PARTICIPATE)
    return _out(services.submit_report(report, actor=request.user, data=_texts(payload)))


class DutyReportNoteIn(Body):
    note: Text(300) = ""


class DutyReportReturnIn(Body):
    reason: Text(300)


@router.post("/duty-reports/{int:report_id}/review", response=DutyReportOut, summary="Mark a report reviewed")
def review_report(request: HttpRequest, report_id: Id, payload: DutyReportNoteIn) -> dict:
    report = _staff_report(request, report_id, C.MANAGE_ASSESSMENT)
    return _out(services.review_report(report, actor=request.user, note=payload.note))


@router.post("/duty-reports/{int:report_id}/return", response=DutyReportOut, summary="Return a report to the member")
def return_report(request: HttpRequest, report_id: Id, payload: DutyReportReturnIn) -> dict:
    report = _staff_report(request, report_id, C.MANAGE_ASSESSMENT)
    return _out(services.return_report(report, actor=request.user, reason=payload.reason))


class DutyReportMeetingIn(Body):
    meeting_id: Id | None = None  # null: not reported at a 述职会
    oral: bool = False


@router.post(
    "/duty-reports/{int:report_id}/meeting", response=DutyReportOut, summary="Record the 述职会 the report was given at"
)
def link_meeting(request: HttpRequest, report_id: Id, payload: DutyReportMeetingIn) -> dict:
    report = _staff_report(request, report_id, C.MANAGE_ASSESSMENT)
    meeting = None
    if payload.meeting_id is not None:
        meeting = services.duty_report_meetings(report.committee).filter(pk=payload.meeting_id).first()
        if meeting is None:
            raise DomainError(
                "duty_report.not_a_meeting", _("所选活动不是本会的述职会"), fields={"meeting_id": [_("请选择述职会")]}
            )
    return _out(services.link_meeting(report, actor=request.user, meeting=meeting, oral=payload.oral))
