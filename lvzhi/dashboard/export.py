"""The activity statistics table as a real .xlsx workbook (openpyxl)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lvzhi.core.xlsx import safe_row
from lvzhi.dashboard.queries import StatRow


def stats_workbook(rows: list[StatRow], *, year: int, grouping: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("活动统计")
    sheet.append([_("%(y)s年会议活动统计（按%(g)s）") % {"y": year, "g": grouping}])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([grouping, _("举办活动（场）"), _("出席（人次）"), _("出席委员（人）")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(sheet, [row.name, row.activities, row.attendances, row.members_attending]))
    sheet.column_dimensions["A"].width = 28
    for column in "BCD":
        sheet.column_dimensions[column].width = 16
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
