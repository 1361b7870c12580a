"""Exporting a directory view: a real .xlsx with the page's filters, staff only, ID numbers only when allowed,
written in the background with a progress page, downloadable only by whoever asked for it."""

from io import BytesIO
from urllib.parse import quote

import pytest
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.org.models import Member, Membership
from lvzhi.testing import make_member

URL = reverse("org:directory_export")


@pytest.fixture
def zhang(world):
    member = make_member(world, "张伟", sector=world.sectors[1], mobile="13900000001", id_number="330102199001011234")
    Membership.objects.filter(member=member).update(is_standing_member=True, number="0007")
    return member


def export(client, filters=None):
    """Ask for an export as the directory's button does, let the background task run, then download the file."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(URL, filters or {})
    assert started.status_code == 302, started.status_code
    page = client.get(started["Location"])
    assert page.status_code == 200
    assert 'data-testid="export-download"' in page.content.decode()
    job = page.context["job"]
    return client.get(reverse("org:directory_export_download", args=[job.pk]))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def sheet_rows_of(data: bytes):
    workbook = load_workbook(BytesIO(data))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def sheet_rows(response):
    return sheet_rows_of(body(response))


def test_export_is_a_workbook_with_chinese_headers_and_a_row_per_member(world, zhang):
    response = export(world.client(Role.MEMBER_AFFAIRS))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('示范市政协委员名单')}" in disposition
    data = body(response)
    header, *rows = sheet_rows_of(data)
    assert header[:4] == ["委员编号", "姓名", "性别", "界别"]
    assert "身份证号" in header and "状态" in header
    by_name = {row[header.index("姓名")]: row for row in rows}
    assert set(by_name) == {"李明", "张伟"}
    assert by_name["张伟"][header.index("身份证号")] == "330102199001011234"
    assert by_name["张伟"][header.index("是否常委")] == "是"
    assert by_name["李明"][header.index("界别活动组")] == world.group.name
    workbook = load_workbook(BytesIO(data))
    assert workbook.active["A1"].font.bold


def test_export_applies_the_page_filters(world, zhang):
    header, *rows = sheet_rows(export(world.client(Role.MEMBER_AFFAIRS), {"q": "zw", "standing": "1", "page": "3"}))
    assert [row[header.index("姓名")] for row in rows] == ["张伟"]


def test_export_without_the_sensitive_capability_has_no_id_numbers(world, zhang):
    header, *rows = sheet_rows(export(world.client(Role.LEADER)))
    assert "身份证号" not in header
    assert all("330102199001011234" not in [str(v) for v in row] for row in rows)
    assert len(rows) == 2


def test_choice_cells_show_chinese_labels_not_stored_codes(world, zhang):
    Member.objects.filter(pk=zhang.pk).update(gender="female", political_affiliation="02")
    Membership.objects.filter(member=zhang).update(status="added", appointment="reappointed")
    header, *rows = sheet_rows(export(world.client(Role.MEMBER_AFFAIRS)))
    row = next(r for r in rows if r[header.index("姓名")] == "张伟")
    cells = {name: row[header.index(name)] for name in ("性别", "政治面貌", "状态", "新任/连任")}
    assert cells == {"性别": "女", "政治面貌": "中共预备党员", "状态": "增补", "新任/连任": "连任"}


def test_export_does_not_write(world, zhang):
    before = Membership.objects.count()
    export(world.client(Role.MEMBER_AFFAIRS))
    assert Membership.objects.count() == before


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT])
def test_members_and_handling_units_get_403(world, role):
    assert world.client(role).post(URL).status_code == 403


def test_outsiders_export_only_their_own_members(world, zhang, outsider):
    header, *rows = sheet_rows(export(outsider.client(Role.ADMIN)))
    assert [row[header.index("姓名")] for row in rows] == ["李明"]
    assert all("张伟" not in [str(v) for v in row] for row in rows)


def test_the_export_runs_in_the_background_and_shows_its_progress(world, zhang):
    client = world.client(Role.MEMBER_AFFAIRS)
    started = client.post(URL)  # the task is queued once the request commits; here it has not run yet
    page = client.get(started["Location"])
    html = page.content.decode()
    assert 'data-testid="export-progress"' in html and 'hx-trigger="every 1s"' in html
    assert 'data-testid="export-download"' not in html
    job = page.context["job"]
    assert client.get(reverse("org:directory_export_download", args=[job.pk])).status_code == 404


def test_a_get_does_not_start_an_export(world):
    assert world.client(Role.MEMBER_AFFAIRS).get(URL).status_code == 405


def test_only_the_requester_sees_or_downloads_an_export(world, zhang, outsider):
    response = export(world.client(Role.MEMBER_AFFAIRS))
    assert response.status_code == 200
    job_id = int(response.wsgi_request.path.split("/")[-3])
    for client in (world.client(Role.ADMIN), outsider.client(Role.MEMBER_AFFAIRS)):
        assert client.get(reverse("org:directory_export_status", args=[job_id])).status_code == 404
        assert client.get(reverse("org:directory_export_download", args=[job_id])).status_code == 404
