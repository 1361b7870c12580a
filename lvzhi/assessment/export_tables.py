"""Tables as a real .xlsx download: one sheet per table, a bold heading row, user text never run as a formula."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font

from lvzhi.core.xlsx import safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    caption: str = ""


def workbook(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in sheets:
        sheet = book.create_sheet(str(table.title)[:31])
        if table.caption:
            sheet.append(safe_row(sheet, [str(table.caption)]))
            sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(safe_row(sheet, [str(h) for h in table.header]))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = f"B{sheet.max_row + 1}"
        for row in table.rows:
            sheet.append(safe_row(sheet, row))
        for index in range(1, len(table.header) + 1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 14 if index > 1 else 22
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    return HttpResponse(
        workbook(sheets),
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def percent(value: float | None) -> str:
    """A rate as people read it ("88.9%"), or a dash when nothing was due."""
    return "—" if value is None else f"{value * 100:.1f}%"
