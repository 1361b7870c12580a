"""Importing members from Excel through POST /api/v1/members/import: check everything, then all rows or none."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from openpyxl import Workbook, load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent
from lvzhi.core.tenancy import access_for
from lvzhi.org.export import directory_workbook
from lvzhi.org.models import Member, Membership, MembershipStatus, StatusChange
from lvzhi.org.queries.members import DirectoryFilter, directory
from lvzhi.testing import World

URL = "/api/v1/members/import"
HEADERS = ["委员编号", "姓名", "性别", "界别", "身份证号", "手机", "是否常委", "任职日期", "工作单位"]


def id_number(serial: int, birth: str = "19800101") -> str:
    body = f"110101{birth}{serial:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def xlsx(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_rows(count: int = 3) -> list[list[object]]:
    return [
        [f"A{i:03d}", f"委员{i}", "女" if i % 2 else "男", "教育界", id_number(i), f"139{i:08d}", "否", None, "一中"]
        for i in range(1, count + 1)
    ]


def upload(world: World, data: bytes, *, dry_run: bool, role: str = Role.MEMBER_AFFAIRS):
    file = SimpleUploadedFile("委员.xlsx", data, content_type="application/octet-stream")
    client = world.client(role)
    with TestCase.captureOnCommitCallbacks(execute=True):  # a started import runs once the request commits
        return client.post(f"{URL}?dry_run={str(dry_run).lower()}", {"file": file})


def imported(world: World, data: bytes) -> dict:
    """A real run, started and followed to its end: what its job reports."""
    started = upload(world, data, dry_run=False)
    assert started.status_code == 202, started.content
    job = world.client(Role.MEMBER_AFFAIRS).get(f"{URL}/jobs/{started.json()['id']}").json()
    assert job["status"] in ("done", "invalid"), job
    return {key: job[key] for key in ("created", "updated", "errors")}


def members_of(world: World) -> int:
    return Member.objects.filter(committee=world.committee).count()


def test_dry_run_reports_each_problem_by_row_and_column_and_writes_nothing(world):
    before, events = members_of(world), AuditEvent.objects.count()
    rows = [
        ["B001", "王芳", "女", "文艺界", None, "13900000001", "否", None, None],
        ["B002", "", "男", "教育界", None, "12345", "也许", "2023-13-40", None],
        ["B001", "赵强", "男", "教育界", id_number(10)[:17] + "0", None, None, None, None],
    ]
    response = upload(world, xlsx(rows), dry_run=True)
    assert response.status_code == 200
    body = response.json()
    assert body["created"] == 0 and body["updated"] == 0
    found = {(e["row"], e["column"]): e["message"] for e in body["errors"]}
    assert found[(2, "界别")] == "第2行「界别」：“文艺界”不是本届界别"
    assert (3, "姓名") in found
    assert "手机号" in found[(3, "手机")]
    assert found[(3, "是否常委")] == "第3行「是否常委」：请填写“是”或“否”"
    assert "不是有效日期" in found[(3, "任职日期")]
    assert "校验位" in found[(4, "身份证号")]
    assert found[(4, "委员编号")] == "第4行「委员编号」：“B001”与第2行重复"
    assert members_of(world) == before
    assert AuditEvent.objects.count() == events


def test_unknown_and_missing_headers_are_reported_on_row_one(world):
    data = xlsx([["张三", "男"]], headers=["姓名", "性别", "爱好"])
    errors = upload(world, data, dry_run=True).json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {(1, "爱好"), (1, "界别")}


def test_duplicate_numbers_within_the_file_name_the_first_row(world):
    rows = good_rows(2)
    rows[1][0] = rows[0][0]
    errors = upload(world, xlsx(rows), dry_run=True).json()["errors"]
    assert [e["message"] for e in errors] == ["第3行「委员编号」：“A001”与第2行重复"]


def test_a_file_with_errors_is_refused_with_422_and_nothing_is_written(world):
    rows = good_rows(3)
    rows[2][3] = "文艺界"
    before = members_of(world)
    response = upload(world, xlsx(rows), dry_run=False)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "import.invalid"
    assert error["errors"] == [{"row": 4, "column": "界别", "message": "第4行「界别」：“文艺界”不是本届界别"}]
    assert members_of(world) == before
    assert not AuditEvent.objects.filter(action__in=["member.imported", "member.created"], actor__isnull=False).exists()


def test_a_good_file_creates_members_with_tenure_history_and_one_batch_event(world):
    actor = world.users[Role.MEMBER_AFFAIRS]
    assert imported(world, xlsx(good_rows(3))) == {"created": 3, "updated": 0, "errors": []}
    member = Member.objects.get(committee=world.committee, name="委员2")
    assert (member.gender, member.mobile, member.employer) == ("male", "13900000002", "一中")
    assert member.name_initials == "wy"
    membership = member.memberships.get()
    assert (membership.number, membership.sector.name, membership.term) == ("A002", "教育界", world.term)
    assert membership.status == MembershipStatus.ACTIVE
    assert StatusChange.objects.filter(membership=membership, to_status=MembershipStatus.ACTIVE).exists()
    assert AuditEvent.objects.filter(action="member.created", object_id=str(member.pk), actor=actor).exists()
    batch = AuditEvent.objects.get(action="member.imported")
    assert batch.data["created"] == 3 and batch.data["file"] == "委员.xlsx"


def test_dry_run_counts_what_a_real_run_would_do(world):
    response = upload(world, xlsx(good_rows(4)), dry_run=True)
    assert response.json() == {"created": 4, "updated": 0, "errors": []}
    assert not Member.objects.filter(name="委员1").exists()


def test_importing_the_same_file_twice_creates_nothing_new(world):
    data = xlsx(good_rows(5))
    imported(world, data)
    count = members_of(world)
    assert imported(world, data) == {"created": 0, "updated": 0, "errors": []}
    assert members_of(world) == count
    assert AuditEvent.objects.filter(action="member.updated").count() == 0


def test_a_changed_cell_updates_the_member_and_keeps_the_change_in_history(world):
    rows = good_rows(2)
    imported(world, xlsx(rows))
    rows[1][8] = "二中"
    rows[1][6] = "是"
    rows[1][1] = "韩梅"
    assert imported(world, xlsx(rows)) == {"created": 0, "updated": 1, "errors": []}
    member = Member.objects.get(name="韩梅")
    assert (member.employer, member.name_initials) == ("二中", "hm")
    assert member.memberships.get().is_standing_member
    change = AuditEvent.objects.get(action="member.updated", object_id=str(member.pk))
    assert change.data["changes"]["employer"] == ["一中", "二中"]
    assert change.data["changes"]["membership.is_standing_member"] == [False, True]


def test_rows_without_a_number_match_by_id_number_then_by_name_and_mobile(world):
    existing = world.member
    existing.id_number = id_number(7)
    existing.save()
    rows = [
        [None, "李明", "男", "中共", id_number(7), None, None, None, "市委"],
        [None, "王五", "男", "中共", None, "13700000001", None, None, "甲厂"],
    ]
    first = imported(world, xlsx(rows))
    assert first == {"created": 1, "updated": 1, "errors": []}
    rows[1][8] = "乙厂"
    second = imported(world, xlsx(rows))
    assert second == {"created": 0, "updated": 1, "errors": []}
    assert Member.objects.get(name="王五").employer == "乙厂"


def test_a_number_and_an_id_number_of_two_different_members_is_an_error(world):
    rows = good_rows(2)
    imported(world, xlsx(rows))
    rows[0][4] = rows[1][4]
    errors = upload(world, xlsx(rows[:1]), dry_run=True).json()["errors"]
    assert errors == [
        {
            "row": 2,
            "column": "身份证号",
            "message": "第2行「身份证号」：委员编号“A001”属于委员1，身份证号却属于委员2，请核对",
        }
    ]


def test_a_row_needs_a_number_id_number_or_mobile_to_be_recognised_again(world):
    errors = upload(world, xlsx([[None, "无名", "男", "中共"]], HEADERS[:4]), dry_run=True).json()["errors"]
    assert [e["column"] for e in errors] == ["委员编号"]


def test_a_member_joining_after_the_first_plenary_is_recorded_as_added(world):
    rows = good_rows(1)
    rows[0][7] = datetime.date(world.term.start_year + 1, 6, 1)
    imported(world, xlsx(rows))
    membership = Membership.objects.get(member__name="委员1")
    assert membership.status == MembershipStatus.ADDED
    assert membership.joined_on == datetime.date(world.term.start_year + 1, 6, 1)


def test_the_untouched_example_row_of_the_template_is_skipped(world):
    template = world.client(Role.MEMBER_AFFAIRS).get("/api/v1/members/import/template.xlsx").content
    response = upload(world, template, dry_run=True)
    assert response.json()["errors"] == [{"row": 2, "column": "", "message": "第2行：文件中没有委员数据"}]


def test_a_directory_export_imports_back_without_changes(world):
    imported(world, xlsx(good_rows(3)))
    access = access_for(world.users[Role.MEMBER_AFFAIRS], world.committee)
    rows = directory(access, world.term, DirectoryFilter())
    exported = directory_workbook(rows, include_sensitive=True)
    assert load_workbook(BytesIO(exported)).active.max_row == 5
    assert upload(world, exported, dry_run=True).json() == {"created": 0, "updated": 0, "errors": []}


def test_a_file_that_is_not_xlsx_is_an_error_not_a_crash(world):
    response = upload(world, b"name,gender\n", dry_run=False)
    assert response.status_code == 422
    assert "xlsx" in response.json()["error"]["errors"][0]["message"]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT, Role.LEADER, Role.COMMITTEE_STAFF])
def test_only_member_affairs_staff_may_import(world, role):
    before = members_of(world)
    assert upload(world, xlsx(good_rows(1)), dry_run=False, role=role).status_code == 403
    assert members_of(world) == before


def test_import_rejects_get(world):
    assert world.client(Role.MEMBER_AFFAIRS).get(URL).status_code == 405


def test_rows_go_into_the_importing_committee_only(world, outsider):
    assert imported(outsider, xlsx(good_rows(2)))["created"] == 2
    assert not Member.objects.filter(committee=world.committee, name="委员1").exists()
    assert Member.objects.filter(committee=outsider.committee, name="委员1").count() == 1
