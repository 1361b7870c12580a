"""补录 through the API: GET /activities/import/template.xlsx and POST /activities/import?dry_run=,
the same contract as POST /members/import (422 import.invalid with every problem, nothing written)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.tests.test_import_past import ACTIVITIES, workbook
from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.org.models import Membership
from lvzhi.testing import make_member

API = "/api/v1/activities/import"


@pytest.fixture
def good_file(world) -> bytes:
    """Two past activities: 李明 (A001) attends the first, 王芳 (A002) is absent from the second."""
    wang = make_member(world, "王芳")
    Membership.objects.filter(member=world.member).update(number="A001")
    Membership.objects.filter(member=wang).update(number="A002")
    return workbook(ACTIVITIES, [[1, "A001", "李明", "出席"], [2, "A002", None, "缺席"]])


@pytest.fixture
def bad_file(good_file) -> bytes:
    return workbook([[1, "协商会", "不存在的类型", "2025-13-40"]], [[9, "A001", None, "出席"]])


def post(client, data: bytes, dry_run: str):
    return client.post(f"{API}?dry_run={dry_run}", {"file": SimpleUploadedFile("2025.xlsx", data)})


def test_the_template_is_a_real_workbook_with_both_sheets(world):
    response = world.client(Role.MEMBER_AFFAIRS).get(f"{API}/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert {"活动", "出席"} <= set(book.sheetnames)


def test_a_dry_run_reports_what_would_be_recorded_and_writes_nothing(world, good_file):
    response = post(world.client(Role.MEMBER_AFFAIRS), good_file, "true")
    assert response.status_code == 200
    assert response.json() == {"created": 2, "existing": 0, "attendances": 2, "errors": []}
    assert not Activity.objects.exists()


def test_a_real_run_records_activities_attendance_and_the_ledger(world, good_file):
    response = post(world.client(Role.MEMBER_AFFAIRS), good_file, "false")
    assert response.status_code == 200 and response.json()["created"] == 2
    assert Activity.objects.filter(recorded_afterwards=True).count() == 2
    assert Registration.objects.get(member=world.member).attendance == "present"
    assert DutyRecord.objects.filter(member=world.member, role="present").exists()
    again = post(world.client(Role.MEMBER_AFFAIRS), good_file, "false").json()
    assert (again["created"], again["existing"]) == (0, 2)
    assert Activity.objects.count() == 2


def test_a_dry_run_of_a_bad_file_lists_every_problem(world, bad_file):
    response = post(world.client(Role.MEMBER_AFFAIRS), bad_file, "true")
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert len(errors) >= 2 and {"sheet", "row", "column", "message"} <= set(errors[0])


def test_a_real_run_of_a_bad_file_is_422_and_writes_nothing(world, bad_file):
    response = post(world.client(Role.MEMBER_AFFAIRS), bad_file, "false")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "import.invalid" and "未导入任何数据" in error["message"]
    assert error["errors"] and error["created"] == 0
    assert not Activity.objects.exists()


def test_a_file_that_is_not_excel_is_a_problem_not_a_crash(world):
    response = post(world.client(Role.MEMBER_AFFAIRS), b"not a workbook", "false")
    assert response.status_code == 422
    assert "无法读取文件" in response.json()["error"]["errors"][0]["message"]


def test_a_missing_file_is_400(world):
    response = world.client(Role.MEMBER_AFFAIRS).post(f"{API}?dry_run=true")
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER, Role.HANDLING_UNIT])
def test_roles_without_manage_activities_get_403(world, good_file, role):
    client = world.client(role)
    assert client.get(f"{API}/template.xlsx").status_code == 403
    assert post(client, good_file, "false").status_code == 403
    assert not Activity.objects.exists()


def test_an_outsider_imports_into_their_own_committee_only(world, outsider, good_file):
    response = post(outsider.client(Role.ADMIN), good_file, "false")
    assert response.status_code == 422  # the world's member numbers are unknown in the other committee
    assert not Activity.objects.exists()
