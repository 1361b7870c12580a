"""Member workbooks: the columns a member row has in Excel, the directory export and the import template.

The directory export and the import template share one column list, so a staff member can export,
correct cells in Excel and import the file back: the importer reads the same headers.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.core.choices import choice_label
from lvzhi.core.xlsx import put, safe_row
from lvzhi.org.models import Gender, Member, Membership, MembershipStatus, PoliticalAffiliation, Sector
from lvzhi.org.standards import Education, Ethnicity

DATA_SHEET = "委员名单"
CHOICES_SHEET = "选项"
HELP_SHEET = "填写说明"
YES, NO = "是", "否"
TEMPLATE_ROWS = 5000  # rows that carry the dropdowns in the template
FILE_LANGUAGE = "zh-hans"  # choice labels in a file are Chinese whatever the interface language


@dataclass(frozen=True)
class Column:
    """One column of a member workbook.

    `header` is the file format, not UI text: it stays Chinese whatever the interface language,
    so a file saved by one office imports anywhere. `field` names a Member field, or a
    Membership field after "membership.".
    """

    header: str
    field: str
    kind: str = "text"  # text | date | choice | bool | sector | mobile | id_number | email
    required: bool = False
    sensitive: bool = False
    width: int = 14
    choices: type[models.TextChoices] | None = None

    @property
    def on_membership(self) -> bool:
        return self.field.startswith("membership.")

    @property
    def attname(self) -> str:
        return self.field.removeprefix("membership.")

    @property
    def max_length(self) -> int | None:
        model = Membership if self.on_membership else Member
        return getattr(model._meta.get_field(self.attname), "max_length", None)


COLUMNS: list[Column] = [
    Column("委员编号", "membership.number", width=12),
    Column("姓名", "name", required=True, width=10),
    Column("性别", "gender", "choice", required=True, width=6, choices=Gender),
    Column("界别", "membership.sector", "sector", required=True, width=16),
    Column("民族", "ethnicity", "choice", width=8, choices=Ethnicity),
    Column("出生日期", "birth_date", "date", width=12),
    Column("籍贯", "native_place", width=12),
    Column("身份证号", "id_number", "id_number", sensitive=True, width=21),
    Column("政治面貌", "political_affiliation", "choice", width=14, choices=PoliticalAffiliation),
    Column("加入党派时间", "party_joined_on", "date", width=12),
    Column("党派内职务", "party_position", width=14),
    Column("学历", "education", "choice", width=10, choices=Education),
    Column("学位", "degree", width=10),
    Column("专业技术职称", "professional_title", width=14),
    Column("工作单位", "employer", width=24),
    Column("职务", "job_title", width=16),
    Column("单位性质", "employer_kind", width=12),
    Column("行业", "industry", width=12),
    Column("单位地址", "employer_address", width=24),
    Column("手机", "mobile", "mobile", width=14),
    Column("办公电话", "office_phone", width=14),
    Column("邮箱", "email", "email", width=20),
    Column("家庭地址", "home_address", sensitive=True, width=24),
    Column("联系人（秘书）", "secretary", width=14),
    Column("微信", "wechat", width=14),
    Column("通讯录显示手机", "mobile_in_directory", "bool", width=8),
    Column("是否常委", "membership.is_standing_member", "bool", width=8),
    Column("推荐单位", "membership.recommending_unit", width=20),
    Column("新任/连任", "membership.appointment", "choice", width=9, choices=Membership.Appointment),
    Column("任职日期", "membership.joined_on", "date", width=12),
    Column("兼任", "membership.concurrent_posts", width=20),
    Column("专长领域", "expertise", width=24),
    Column("履职关注重点", "focus_areas", width=24),
    Column("社会职务", "social_positions", width=24),
    Column("主要成就与荣誉", "honours", width=24),
]

# Columns the export adds for reading; the importer accepts and skips them, so an export imports back.
# They change through their own screens (status through the lifecycle, seats through the structure).
EXPORT_ONLY_HEADERS = ["状态", "界别活动组", "专门委员会", "委员工作室"]

EXAMPLE_ROW: dict[str, Any] = {
    "委员编号": "0001",
    "姓名": "张三",
    "性别": "男",
    "民族": "汉族",
    "出生日期": datetime.date(1975, 6, 1),
    "籍贯": "四川阆中",
    "政治面貌": "中共党员",
    "工作单位": "示范市第一中学",
    "职务": "校长",
    "手机": "13800000000",
    "是否常委": NO,
    "推荐单位": "市教育局",
    "新任/连任": "新任",
}

HEADER_FILL = PatternFill("solid", fgColor="FCE4E4")
REQUIRED_FONT = Font(bold=True, color="B71C1C")
HEADER_FONT = Font(bold=True)
EXAMPLE_FONT = Font(italic=True, color="808080")
TEXT_FORMAT = "@"  # numbers typed into these columns must stay text (leading zeros, 18-digit ID numbers)
DATE_FORMAT = "yyyy-mm-dd"


def columns_for(include_sensitive: bool) -> list[Column]:
    return [c for c in COLUMNS if include_sensitive or not c.sensitive]


def cell_value(column: Column, member: Member, membership: Membership | None) -> Any:
    """What a member's cell shows: labels for choices, 是/否 for flags, dates as dates."""
    source: Any = membership if column.on_membership else member
    if source is None:
        return None
    value = getattr(source, column.attname)
    if column.choices is not None:
        return choice_label(column.choices, value) if value else None
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "sector":
        return value.name
    return value if value not in ("", None) else None


def _save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet: Worksheet, text: str, required: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = REQUIRED_FONT if required else HEADER_FONT
    cell.fill = HEADER_FILL
    return cell


@translation.override(FILE_LANGUAGE)
def directory_workbook(rows: Iterable[Membership], include_sensitive: bool) -> bytes:
    """The staff directory export: one row per membership, in the order given.

    `rows` are memberships as `queries.directory()` returns them (member, sector, station and seats
    prefetched). Staff see mobile numbers; ID numbers and home addresses only with `include_sensitive`.
    Written in write-only mode so a whole committee exports in constant memory.
    """
    columns = columns_for(include_sensitive)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "C2"
    headers = [_header_cell(sheet, c.header, c.required) for c in columns]
    headers += [_header_cell(sheet, h) for h in EXPORT_ONLY_HEADERS]
    sheet.append(headers)
    for membership in rows:
        member = membership.member
        values = [cell_value(c, member, membership) for c in columns]
        values.append(choice_label(MembershipStatus, membership.status))
        values.append("、".join(seat.group.name for seat in membership.group_seats.all()))
        values.append("、".join(seat.special_committee.name for seat in membership.special_committee_seats.all()))
        values.append(membership.station.name if membership.station_id else None)
        sheet.append(safe_row(sheet, [_date_cell(sheet, v) if isinstance(v, datetime.date) else v for v in values]))
    return _save(workbook)


def _date_cell(sheet: Worksheet, value: datetime.date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def choice_lists(sectors: Iterable[Sector]) -> dict[str, list[str]]:
    """Allowed values per dropdown column, as the template offers them."""
    return {
        "性别": [str(label) for label in Gender.labels],
        "界别": [s.name for s in sectors],
        "政治面貌": [str(label) for label in PoliticalAffiliation.labels],
        "是否常委": [YES, NO],
        "通讯录显示手机": [YES, NO],
        "新任/连任": [str(label) for label in Membership.Appointment.labels],
    }


@translation.override(FILE_LANGUAGE)
def template_workbook(sectors: Iterable[Sector]) -> bytes:
    """The import template: headers, an example row, dropdowns fed by a hidden sheet, and instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    choices_sheet = workbook.create_sheet(CHOICES_SHEET)
    choices_sheet.sheet_state = "hidden"
    help_sheet = workbook.create_sheet(HELP_SHEET)

    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.header)
        header.font = REQUIRED_FONT if column.required else HEADER_FONT
        header.fill = HEADER_FILL
        sheet.column_dimensions[letter].width = column.width
        if column.kind == "date":
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
        elif column.kind in ("text", "mobile", "id_number"):
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
        example = sheet.cell(row=2, column=index, value=EXAMPLE_ROW.get(column.header))
        example.font = EXAMPLE_FONT
        if column.kind == "date":
            example.number_format = DATE_FORMAT
    sheet.freeze_panes = "C2"

    positions = {c.header: i for i, c in enumerate(COLUMNS, start=1)}
    for list_index, (header, values) in enumerate(choice_lists(sectors).items(), start=1):
        list_letter = get_column_letter(list_index)
        choices_sheet.cell(row=1, column=list_index, value=header)
        for row, value in enumerate(values, start=2):
            put(choices_sheet, row, list_index, value)
        last = max(len(values) + 1, 2)
        validation = DataValidation(
            type="list",
            formula1=f"'{CHOICES_SHEET}'!${list_letter}$2:${list_letter}${last}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("取值无效"),
            error=_("请从下拉列表中选择"),
        )
        target = get_column_letter(positions[header])
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)

    _write_help(help_sheet)
    return _save(workbook)


def _write_help(sheet: Worksheet) -> None:
    lines = [
        _("委员导入说明"),
        _("1. 在“委员名单”表中每行填写一位委员，第一行的表头不要修改；红色表头为必填项（姓名、性别、界别）。"),
        _("2. 第二行是灰色示例，原样保留时导入会跳过它；也可以直接删除或改写为真实委员。"),
        _("3. 委员编号、身份证号、手机号至少填写一项，用于再次导入时识别同一位委员："),
        _("   先按本届委员编号匹配，其次按身份证号，再次按姓名加手机号；匹配到的委员更新资料，否则新增。"),
        _("4. 更新已有委员时，留空的单元格表示不修改该项；文件中没有的列也不修改。"),
        _("5. 性别、界别、政治面貌、是否常委、新任/连任请从下拉列表选择；界别须为本届界别。"),
        _("6. 日期写作 2023-01-15；手机号为 11 位；身份证号为 18 位（含校验位）。"),
        _("7. 先点“检查文件”查看问题清单，全部改正后才能导入；导入要么全部成功，要么一条也不写入。"),
        _("8. 从通讯录导出的文件可以修改后直接导入；"),
        _("   “状态”“界别活动组”“专门委员会”“委员工作室”几列只供查看，导入时忽略。"),
    ]
    for row, line in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=line)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
