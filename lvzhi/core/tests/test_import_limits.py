"""Import limits (core/importflow.py): file size, what it unpacks to, rows and cells, each with a Chinese message.

Each file here is small on disk but, before the limits, made the reader work on millions of rows or cells, or
hold hundreds of megabytes of XML."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lvzhi.activities.importer import ACTIVITY_HEADERS, ACTIVITY_SHEET, ATTENDANCE_HEADERS, ATTENDANCE_SHEET
from lvzhi.core.capabilities import Role
from lvzhi.core.importflow import LIMITS, CellBudget, ImportTooLarge, limited_rows, open_workbook
from lvzhi.org.models import Member
from lvzhi.org.tests.test_import import HEADERS, good_rows

MEMBERS_API = "/api/v1/members/import?dry_run=true"
ACTIVITIES_API = "/api/v1/activities/import?dry_run=true"


def save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def members_file(*, last_row: int | None = None, width: int | None = None, rows: int = 3) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in good_rows(rows):
        sheet.append(row)
    if last_row:
        sheet.cell(row=last_row, column=1, value="A999")
    if width:
        for row in range(2, rows + 2):
            sheet.cell(row=row, column=width, value="x")
    return save(workbook)


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one more zip part: a shared-strings-sized payload that compresses to almost nothing."""
    buffer = BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def post(world, url: str, data: bytes):
    return world.client(Role.MEMBER_AFFAIRS).post(url, {"file": SimpleUploadedFile("f.xlsx", data)})


def messages_of(response) -> list[str]:
    body = response.json()
    return [p["message"] for p in body.get("problems") or body.get("errors") or []] or [body["error"]["message"]]


def test_a_file_over_the_size_cap_is_refused_unread(world):
    response = post(world, MEMBERS_API, b"PK" + b"\0" * (LIMITS.max_bytes + 1))
    assert response.status_code == 413
    assert response.json()["error"] == {
        "code": "import.too_large",
        "message": "文件过大（上限5 MB），请分批导入",
        **{k: v for k, v in response.json()["error"].items() if k not in ("code", "message")},
    }


def test_a_cell_in_row_a_million_is_refused_instead_of_reading_a_million_rows(world):
    response = post(world, MEMBERS_API, members_file(last_row=1_000_000))
    assert any("超过20000行（含空行），请分批导入" in m for m in messages_of(response))
    assert Member.objects.filter(committee=world.committee).count() == 1


def test_too_many_cells_are_refused(world):
    rows = LIMITS.max_cells // 16_384 + 2
    response = post(world, MEMBERS_API, members_file(rows=rows, width=16_384))
    assert any("单元格超过300000个" in m for m in messages_of(response))


def test_a_declared_dimension_of_the_whole_sheet_does_not_pad_rows(world):
    """A writer may declare A1:XFD1048576; rows are read to their last cell, so a small file checks normally."""
    data = members_file()
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:I4"/>', b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in content
            target.writestr(info, content)
    response = post(world, MEMBERS_API, buffer.getvalue())
    assert response.status_code == 200 and response.json()["created"] == 3


def test_a_file_unpacking_to_more_than_the_limit_is_refused_before_parsing(world):
    bomb = with_part(members_file(), "xl/padding.xml", b" " * (LIMITS.max_unpacked_bytes + 1))
    assert len(bomb) < 200_000
    response = post(world, MEMBERS_API, bomb)
    assert any("解压后超过60 MB" in m for m in messages_of(response))


def test_the_activities_import_has_the_same_limits(world):
    workbook = Workbook()
    activities = workbook.active
    activities.title = ACTIVITY_SHEET
    activities.append(ACTIVITY_HEADERS)
    attendance = workbook.create_sheet(ATTENDANCE_SHEET)
    attendance.append(ATTENDANCE_HEADERS)
    attendance.cell(row=500_000, column=1, value="1")
    response = post(world, ACTIVITIES_API, save(workbook))
    assert any(f"工作表“{ATTENDANCE_SHEET}”超过20000行" in m for m in messages_of(response))


def test_the_import_screen_shows_the_limit_message(world):
    page = world.client(Role.MEMBER_AFFAIRS).post(
        reverse("org:import"),
        {"file": SimpleUploadedFile("f.xlsx", b"PK" + b"\0" * (LIMITS.max_bytes + 1))},
        follow=True,
    )
    assert "文件过大（上限5 MB），请分批导入" in page.content.decode()


def test_the_kit_counts_cells_across_sheets():
    budget = CellBudget()
    workbook = open_workbook(members_file())
    lines = list(limited_rows(workbook.worksheets[0], budget))
    assert len(lines) == 4 and budget.cells == 4 * len(HEADERS)
    with pytest.raises(ImportTooLarge):
        open_workbook(b"x" * (LIMITS.max_bytes + 1))
