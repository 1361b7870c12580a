"""The export kit: every .xlsx row written from data passes through `safe_row`, so user text never runs.

openpyxl turns any string starting with "=" into a live formula, and a spreadsheet treats text starting with
+ - @ (or a tab or carriage return before one of them) as a formula when the cell is edited or the sheet is
saved as CSV. A member writing "=HYPERLINK(...)" into 我的资料 must not plant a link in the staff's export.
Such text is written as a string cell with Excel's quote prefix: it shows exactly as typed, stays text when
edited, and reads back unchanged on import. Control characters the XML of a worksheet cannot hold (a pasted
vertical tab, a stray \x1b) are dropped, so one odd character in a title cannot turn a whole export into an error.
"""

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS) or value in ERROR_CODES)


def writable(value: Any) -> Any:
    """`value` with the characters a worksheet cannot store removed (strings only)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def text_cell(sheet: Worksheet, value: str) -> Cell:
    """A cell holding `value` as plain text, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=None)
    cell.data_type = "s"
    cell._value = Cell.check_string(cell, writable(value))
    cell.quotePrefix = True
    return cell


def safe_value(sheet: Worksheet, value: Any) -> Any:
    value = writable(value)
    return text_cell(sheet, value) if is_formula_like(value) else value


def safe_row(sheet: Worksheet, values: Iterable[Any]) -> list[Any]:
    """The row to `sheet.append`: formula-like text wrapped as text cells, everything else as it was."""
    return [safe_value(sheet, value) for value in values]


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """`sheet.cell(row, column, value)` for a normal worksheet, writing formula-like text as text."""
    cell = sheet.cell(row=row, column=column)
    value = writable(value)
    if is_formula_like(value):
        cell.value = None
        cell.data_type = "s"
        cell._value = cell.check_string(value)
        cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
