"""补录 import: a year's past activities and attendance from .xlsx, checked first, then all or nothing."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lvzhi.activities import importer
from lvzhi.activities.importer import import_past_activities
from lvzhi.activities.models import Activity, ActivityEvent, Registration
from lvzhi.activities.services import close_activity
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict
from lvzhi.core.models import Notification
from lvzhi.ledger.models import DutyRecord
from lvzhi.org.models import Membership
from lvzhi.testing import make_member

UPLOAD = reverse("activities:import")
CONFIRM = reverse("activities:import_confirm")
TEMPLATE = reverse("activities:import_template")
ACTIVITY_HEADERS = ["序号", "标题", "类型", "开始时间", "结束时间", "地点", "组织单位"]
ATTENDANCE_HEADERS = ["活动序号", "委员编号", "姓名", "出席情况"]
ACTIVITIES = [
    [1, "一季度专题协商会", "专题协商会", "2025-03-20 09:00", "2025-03-20 11:30", "市政协三楼", "经济委员会"],
    [2, "界别走访", "界别活动", "2025-04-18", None, "开发区", "经济界活动组"],
]


def workbook(activities: list[list], attendance: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "活动"
    sheet.append(ACTIVITY_HEADERS)
    for row in activities:
        sheet.append(row)
    other = book.create_sheet("出席")
    other.append(ATTENDANCE_HEADERS)
    for row in attendance:
        other.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def people(world):
    """李明 (A001), 王芳 (A002), 赵强 (no number)."""
    wang, zhao = make_member(world, "王芳"), make_member(world, "赵强")
    Membership.objects.filter(member=world.member).update(number="A001")
    Membership.objects.filter(member=wang).update(number="A002")
    return world.member, wang, zhao


@pytest.fixture
def good_file(people) -> bytes:
    return workbook(
        ACTIVITIES,
        [
            [1, "A001", "李明", "出席"],
            [1, "A002", None, "请假"],
            [1, None, "赵强", "迟到"],
            [2, "A001", None, "缺席"],
            [2, None, "王芳", "出席"],
        ],
    )


def upload(client, data: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile("2025年活动.xlsx", data)})


def test_the_preview_lists_what_will_be_recorded_and_writes_nothing(world, good_file):
    response = upload(world.client(Role.MEMBER_AFFAIRS), good_file)
    assert response.status_code == 200
    page = response.content.decode()
    assert "一季度专题协商会" in page and 'data-testid="confirm-form"' in page
    assert not Activity.objects.exists()


def test_confirming_records_each_activity_through_the_organisers_steps(world, people, good_file):
    li = people[0]
    client = world.client(Role.MEMBER_AFFAIRS)
    upload(client, good_file)
    token = client.session["past_activity_import"]["token"]
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 200 and 'data-testid="import-result"' in response.content.decode()
    consultation = Activity.objects.get(title="一季度专题协商会")
    assert consultation.recorded_afterwards and consultation.status == Activity.Status.ATTENDANCE_CONFIRMED
    assert consultation.organiser_special_committee == world.special_committee
    attendance = dict(Registration.objects.filter(activity=consultation).values_list("member__name", "attendance"))
    assert attendance == {"李明": "present", "王芳": "excused", "赵强": "late"}
    visit = Activity.objects.get(title="界别走访")
    assert visit.organiser_group == world.group and visit.kind == "sector_activity"
    ledger = DutyRecord.objects.filter(source_type="activities.activity", source_id=consultation.pk)
    assert sorted(ledger.values_list("role", flat=True)) == ["excused", "late", "present"]
    assert DutyRecord.objects.get(source_id=visit.pk, member=li).role == "absent"
    notes = ActivityEvent.objects.filter(activity=consultation).values_list("note", flat=True)
    assert notes and all(note.startswith("（补录）") for note in notes)
    assert not Notification.objects.filter(user=li.user).exists()


def test_importing_the_same_file_again_creates_nothing_new(world, good_file):
    actor = world.users[Role.ADMIN]
    first = import_past_activities(good_file, committee=world.committee, actor=actor, dry_run=False)
    assert (first.created, first.attendances, first.written) == (2, 5, True)
    again = import_past_activities(good_file, committee=world.committee, actor=actor, dry_run=False)
    assert (again.created, again.existing, again.errors) == (0, 2, [])
    assert Activity.objects.count() == 2 and Registration.objects.count() == 5
    page = upload(world.client(Role.ADMIN), good_file).content.decode()
    assert "已在系统中，跳过" in page and 'data-testid="confirm-form"' not in page


def test_every_problem_is_reported_by_sheet_row_and_column_and_nothing_is_written(world, people):
    make_member(world, "李明")  # a namesake of world.member
    data = workbook(
        [
            [1, "协商会", "茶话会", "2025-03-20 09:00", None, None, None],
            [2, "调研", "调研", "明天上午", None, None, None],
            [3, "视察", "视察", "2099-01-01 09:00", None, None, None],
            [3, "重复序号", "视察", "2025-05-01 09:00", None, None, None],
            [4, "无人出席", "调研", "2025-06-01 09:00", "2025-06-01 08:00", None, None],
            [5, "没有名单", "调研", "2025-07-01 09:00", None, None, None],
        ],
        [
            [9, "A001", None, "出席"],
            [5, "Z999", None, "出席"],
            [5, None, "李明", "出席"],
            [5, None, "王芳", "到了"],
        ],
    )
    result = import_past_activities(data, committee=world.committee, actor=world.users[Role.ADMIN], dry_run=False)
    found = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert found[("活动", 2, "类型")] == "「活动」第2行「类型」：“茶话会”不是活动类型，请从下拉列表选择"
    assert "不是有效时间" in found[("活动", 3, "开始时间")]
    assert "不能晚于现在" in found[("活动", 4, "开始时间")]
    assert found[("活动", 5, "序号")] == "「活动」第5行「序号」：序号“3”与第4行重复"
    assert "不能早于开始时间" in found[("活动", 6, "结束时间")]
    assert found[("出席", 2, "活动序号")] == "「出席」第2行「活动序号」：“活动”表中没有序号“9”"
    assert "Z999" in found[("出席", 3, "委员编号")]
    assert "请填写委员编号" in found[("出席", 4, "姓名")]
    assert "出席、迟到、早退、请假、缺席" in found[("出席", 5, "出席情况")]
    assert found[("活动", 7, "序号")] == "「活动」第7行「序号」：“出席”表中没有这项活动的出席记录"
    assert (result.created, result.written) == (0, False)
    assert not Activity.objects.exists()


def test_a_file_that_is_not_a_workbook_or_lacks_a_sheet_is_explained(world, people):
    response = upload(world.client(Role.ADMIN), b"not a workbook")
    assert "无法读取文件" in response.content.decode()
    book = Workbook()
    book.active.title = "活动"
    book.active.append(ACTIVITY_HEADERS[:2])
    buffer = BytesIO()
    book.save(buffer)
    result = import_past_activities(buffer.getvalue(), committee=world.committee, actor=None, dry_run=True)
    messages = [e.message for e in result.errors]
    assert "「活动」第1行「类型」：缺少必填列" in messages
    assert "「出席」第1行：缺少工作表“出席”，请使用导入模板" in messages


def test_the_template_has_both_sheets_with_their_headers(world):
    response = world.client(Role.GROUP_CONVENOR).get(TEMPLATE)
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["活动", "出席", "填写说明"]
    assert [c.value for c in book["活动"][1]] == ACTIVITY_HEADERS
    assert [c.value for c in book["出席"][1]] == ATTENDANCE_HEADERS


def test_a_stale_or_foreign_token_imports_nothing(world, good_file):
    client = world.client(Role.ADMIN)
    upload(client, good_file)
    response = client.post(CONFIRM, {"token": "guessed"})
    assert response.status_code == 302 and not Activity.objects.exists()
    assert client.get(CONFIRM).status_code == 405


def test_roles_without_manage_activities_get_403(world, good_file):
    for role in (Role.LEADER, Role.MEMBER, Role.HANDLING_UNIT):
        client = world.client(role)
        assert client.get(UPLOAD).status_code == 403
        assert upload(client, good_file).status_code == 403
        assert client.post(CONFIRM, {"token": "x"}).status_code == 403
        assert client.get(TEMPLATE).status_code == 403


def test_outsiders_cannot_name_another_committees_members(world, outsider, good_file):
    result = import_past_activities(good_file, committee=outsider.committee, actor=None, dry_run=True)
    assert result.errors and not Activity.objects.exists()
    assert any("A001" in e.message for e in result.errors)


def test_a_refusal_half_way_undoes_the_whole_import(world, good_file, monkeypatch):
    calls = []

    def refuse_the_second(activity, *, actor):
        calls.append(activity.pk)
        if len(calls) == 2:
            raise Conflict("activity.bad_status", "当前状态不能确认考勤")
        return close_activity(activity, actor=actor)

    monkeypatch.setattr(importer, "close_activity", refuse_the_second)
    result = import_past_activities(good_file, committee=world.committee, actor=world.users[Role.ADMIN], dry_run=False)
    assert not result.written and result.errors[0].message == "「活动」第3行：当前状态不能确认考勤"
    assert not Activity.objects.exists() and not DutyRecord.objects.exists()
