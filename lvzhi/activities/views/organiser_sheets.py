"""Paper and spreadsheet copies of the roster: the .xlsx of the list and attendance, and the printable
sign-in sheet (签到表) for meetings where members sign by hand."""

from io import BytesIO

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lvzhi.activities.models import Activity
from lvzhi.activities.views.organiser_common import RosterRow, activity_or_404, roster_rows
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires
from lvzhi.core.xlsx import safe_row, text_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (header, width): file headers stay Chinese whatever the interface language, like the member workbooks.
COLUMNS = [
    ("序号", 6),
    ("姓名", 10),
    ("界别", 16),
    ("工作单位及职务", 30),
    ("手机", 14),
    ("名单状态", 10),
    ("候补位次", 8),
    ("请假类型", 12),
    ("请假事由", 24),
    ("请假审批", 10),
    ("签到时间", 17),
    ("签到方式", 10),
    ("考勤", 8),
    ("考勤说明", 20),
]


def _local(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _cells(number: int, row: RosterRow) -> list[object]:
    reg, leave, checkin = row.registration, row.leave, row.checkin
    return [
        number,
        row.member.name,
        row.sector,
        " ".join(filter(None, [row.member.employer, row.member.job_title])),
        row.member.mobile,
        reg.get_status_display(),
        row.waitlist_position or "",
        leave.get_kind_display() if leave else "",
        leave.reason if leave else "",
        leave.get_status_display() if leave else "",
        _local(checkin.checked_in_at) if checkin else "",
        checkin.get_method_display() if checkin else "",
        reg.get_attendance_display() if reg.attendance else "",
        reg.attendance_note,
    ]


def roster_workbook(activity: Activity, rows: list[RosterRow]) -> bytes:
    """Write-only: a plenary's thousand rows stream out without building the sheet in memory."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("参加人员")
    for index, (__, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C4"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A3:{last}{len(rows) + 3}"
    title = text_cell(sheet, activity.title)
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    when = f"{_local(activity.starts_at)} 至 {_local(activity.ends_at)}"
    line = f"{activity.get_kind_display()}  {when}  {activity.location}  状态：{activity.get_status_display()}"
    sheet.append(safe_row(sheet, [line]))
    headers = []
    for header, __ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        cell.alignment = Alignment(horizontal="center")
        headers.append(cell)
    sheet.append(headers)
    for number, row in enumerate(rows, start=1):
        sheet.append(safe_row(sheet, _cells(number, row)))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@requires(C.MANAGE_ACTIVITIES)
def manage_roster_export(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(pk)
    body = roster_workbook(activity, roster_rows(request, activity, export=True))
    filename = _("%(title)s-参加人员与考勤-%(date)s.xlsx") % {
        "title": activity.title,
        "date": timezone.localdate().isoformat(),
    }
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@requires(C.MANAGE_ACTIVITIES)
def manage_signin_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """签到表: everyone holding a place, by name, with a column to sign; approved leave is noted."""
    activity = activity_or_404(pk)
    rows = sorted(
        (row for row in roster_rows(request, activity) if row.holds_place),
        key=lambda row: (row.member.name_pinyin, row.member.pk),
    )
    return render(request, "activities/signin_sheet.html", {"activity": activity, "rows": rows})


urlpatterns = [
    path("manage/<int:pk>/roster/export/", manage_roster_export, name="manage_roster_export"),
    path("manage/<int:pk>/signin-sheet/", manage_signin_sheet, name="manage_signin_sheet"),
]
