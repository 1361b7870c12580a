"""Workbooks (.xlsx) the office downloads: read receipts, quiz results, contributions, essay results.

Every row goes through the export kit (core/xlsx.py), so text members wrote ("=HYPERLINK(…)") stays text.
A confidential notice's title and content never go into a file: its receipts name it by number only."""

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lvzhi.core.xlsx import safe_row, save
from lvzhi.notices.models import EssayCall

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(sheet, [_cell(v) for v in row]))
    for index, _name in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 20
    response = HttpResponse(save(book), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _cell(value: Any) -> Any:
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def essay_results(call: EssayCall) -> HttpResponse:
    """征文结果: every essay of the call with its author, status and where it was published."""
    essays = call.essays.select_related("member").order_by("status", "-created_at", "-id")
    header = [_("题目"), _("作者"), _("投稿时间"), _("状态"), _("刊发载体"), _("字数")]
    rows = [(e.title, e.member.name, e.created_at, e.get_status_display(), e.published_in, len(e.body)) for e in essays]
    return workbook_response(f"{_('征文结果')}-{call.pk}.xlsx", _("征文结果"), header, rows)
