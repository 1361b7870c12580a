"""补录: import a year's past activities and their attendance from Excel, all rows or none.

The workbook has two sheets: 活动 (one row per activity) and 出席 (one row per member and activity).
Every cell is checked first; only a file without a single problem is written, and then each activity goes
through the same services an organiser uses (create → publish → mark attendance → close), recorded
afterwards: the duty ledger is written and the timeline says 补录. An activity already in the system
(same title, kind and start) is left alone, so importing the same file again creates nothing new.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.services import Audience, close_activity, create_activity, publish_activity, set_attendance
from lvzhi.core.audit import log_event
from lvzhi.core.errors import DomainError
from lvzhi.core.importflow import MAX_ERRORS, CellBudget, ImportTooLarge, Problem, limited_rows, open_workbook
from lvzhi.core.models import Committee, User
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Member, Membership, SectorGroup, SpecialCommittee, Term
from lvzhi.org.services.members import current_term

ACTIVITY_SHEET, ATTENDANCE_SHEET, HELP_SHEET = "活动", "出席", "填写说明"
ACTIVITY_HEADERS = ("序号", "标题", "类型", "开始时间", "结束时间", "地点", "组织单位")
ATTENDANCE_HEADERS = ("活动序号", "委员编号", "姓名", "出席情况")
REQUIRED = {ACTIVITY_SHEET: ("序号", "标题", "类型", "开始时间"), ATTENDANCE_SHEET: ("活动序号", "出席情况")}
MAX_LENGTH = {"标题": 200, "地点": 200, "组织单位": 100}
Att = Registration.Attendance
ATTENDANCE_WORDS = {
    "出席": Att.PRESENT,
    "迟到": Att.LATE,
    "早退": Att.LEFT_EARLY,
    "请假": Att.EXCUSED,
    "缺席": Att.ABSENT,
}
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M", "%Y年%m月%d日 %H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
DATE_ONLY_STARTS = datetime.time(9, 0)  # a bare date means a morning meeting
DEFAULT_LENGTH = datetime.timedelta(hours=2)
FILE_LANGUAGE = "zh-hans"  # kind labels in the file are Chinese whatever the interface language
TEMPLATE_ROWS = 500


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A member-import Problem that also names its sheet, since this workbook has two."""

    sheet: str = ""

    @property
    def message(self) -> str:
        return f"「{self.sheet}」{super().message}" if self.sheet else super().message

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "sheet": self.sheet}


@dataclass
class PastActivity:
    row: int
    number: str  # 序号, how the 出席 sheet refers to it
    data: dict[str, Any]
    attendance: dict[int, str] = field(default_factory=dict)  # member id → Registration.Attendance
    attendance_rows: dict[int, int] = field(default_factory=dict)  # member id → 出席 row, for duplicates
    existing: Activity | None = None


@dataclass
class PastImport:
    activities: list[PastActivity] = field(default_factory=list)
    errors: list[SheetProblem] = field(default_factory=list)
    written: bool = False

    @property
    def new(self) -> list[PastActivity]:
        return [a for a in self.activities if a.existing is None]

    @property
    def created(self) -> int:
        return 0 if self.errors else len(self.new)

    @property
    def existing(self) -> int:
        return 0 if self.errors else len(self.activities) - len(self.new)

    @property
    def attendances(self) -> int:
        return 0 if self.errors else sum(len(a.attendance) for a in self.new)

    def problem(self, sheet: str, row: int, column: str, text: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(SheetProblem(row, column, text, sheet))
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append(SheetProblem(row, "", _("错误过多，仅列出前%(n)s处") % {"n": MAX_ERRORS}, sheet))

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "existing": self.existing,
            "attendances": self.attendances,
            "errors": [e.as_dict() for e in self.errors],
        }


class CellProblem(Exception):
    pass


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _datetime(raw: Any) -> datetime.datetime:
    if isinstance(raw, datetime.datetime):
        moment = raw
    elif isinstance(raw, datetime.date):
        moment = datetime.datetime.combine(raw, DATE_ONLY_STARTS)
    else:
        text = _text(raw)
        moment = next((_parse(text, f) for f in DATETIME_FORMATS if _parse(text, f)), None)
        if moment is None:
            day = next((_parse(text, f) for f in DATE_FORMATS if _parse(text, f)), None)
            if day is None:
                raise CellProblem(_("“%(v)s”不是有效时间，请写作 2025-03-15 09:00") % {"v": text})
            moment = datetime.datetime.combine(day.date(), DATE_ONLY_STARTS)
    return timezone.make_aware(moment.replace(second=0, microsecond=0))


def _parse(text: str, fmt: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(text, fmt)
    except ValueError:
        return None


def _kind(text: str) -> str:
    with translation.override(FILE_LANGUAGE):
        labels = {str(label): value for value, label in ActivityKind.choices}
    if text in ActivityKind.values:
        return text
    if text in labels:
        return labels[text]
    raise CellProblem(_("“%(v)s”不是活动类型，请从下拉列表选择") % {"v": text})


class Reader:
    """Reads both sheets into checked activities with their attendance, collecting every problem."""

    def __init__(self, committee: Committee, term: Term, result: PastImport):
        self.committee, self.term, self.result = committee, term, result
        self.budget = CellBudget()
        self.by_number: dict[str, PastActivity] = {}
        self.first_row: dict[str, int] = {}  # 序号 → the 活动 row that used it first, valid or not
        self.special = {s.name: s for s in SpecialCommittee.objects.filter(committee=committee)}
        self.groups = {g.name: g for g in SectorGroup.objects.filter(term=term)}
        self.member_numbers = dict(
            Membership.objects.filter(term=term).exclude(number="").values_list("number", "member_id")
        )
        self.names: dict[str, list[int]] = {}
        for pk, name in Member.objects.filter(committee=committee).values_list("id", "name"):
            self.names.setdefault(name, []).append(pk)

    def rows(self, workbook: Any, sheet: str, headers: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
        if sheet not in workbook.sheetnames:
            self.result.problem(sheet, 1, "", _("缺少工作表“%(s)s”，请使用导入模板") % {"s": sheet})
            return
        lines = limited_rows(workbook[sheet], self.budget)
        header = [_text(h) for h in next(lines, ())]
        for text in header:
            if text and text not in headers:
                self.result.problem(sheet, 1, text, _("无法识别的列，请使用导入模板中的表头"))
        missing = [h for h in REQUIRED[sheet] if h not in header]
        for text in missing:
            self.result.problem(sheet, 1, text, _("缺少必填列"))
        if missing:
            return
        for number, line in enumerate(lines, start=2):
            cells = {h: line[i] for i, h in enumerate(header) if h in headers and i < len(line) and _text(line[i])}
            if cells:
                yield number, cells

    def read_activity(self, row: int, cells: dict[str, Any]) -> None:
        problem = self.result.problem
        ok = True
        for header in REQUIRED[ACTIVITY_SHEET]:
            if header not in cells:
                problem(ACTIVITY_SHEET, row, header, _("此项为必填"))
                ok = False
        for header, limit in MAX_LENGTH.items():
            if len(_text(cells.get(header))) > limit:
                problem(ACTIVITY_SHEET, row, header, _("内容过长，最多%(n)s个字") % {"n": limit})
                ok = False
        number = _text(cells.get("序号"))
        first = self.first_row.setdefault(number, row) if number else row
        if first != row:
            problem(ACTIVITY_SHEET, row, "序号", _("序号“%(v)s”与第%(r)s行重复") % {"v": number, "r": first})
            ok = False
        parsed: dict[str, Any] = {}
        for header, parse, key in (
            ("类型", lambda raw: _kind(_text(raw)), "kind"),
            ("开始时间", _datetime, "starts_at"),
            ("结束时间", _datetime, "ends_at"),
        ):
            if header in cells:
                try:
                    parsed[key] = parse(cells[header])
                except CellProblem as exc:
                    problem(ACTIVITY_SHEET, row, header, str(exc))
                    ok = False
        starts = parsed.get("starts_at")
        if starts is not None:
            parsed.setdefault("ends_at", starts + DEFAULT_LENGTH)
            if parsed["ends_at"] < starts:
                problem(ACTIVITY_SHEET, row, "结束时间", _("结束时间不能早于开始时间"))
                ok = False
            if starts > timezone.now():
                problem(ACTIVITY_SHEET, row, "开始时间", _("补录的活动须已经举办，开始时间不能晚于现在"))
                ok = False
        if not ok:
            return
        organiser = _text(cells.get("组织单位"))
        data = {
            "title": _text(cells["标题"]),
            "location": _text(cells.get("地点")),
            "organiser_name": organiser,
            "organiser_special_committee": self.special.get(organiser),
            "organiser_group": self.groups.get(organiser),
            **parsed,
        }
        activity = PastActivity(row, number, data)
        self.by_number[number] = activity
        self.result.activities.append(activity)

    def member(self, row: int, cells: dict[str, Any]) -> int | None:
        problem = self.result.problem
        number, name = _text(cells.get("委员编号")), _text(cells.get("姓名"))
        if not number and not name:
            problem(ATTENDANCE_SHEET, row, "委员编号", _("委员编号和姓名至少填写一项"))
            return None
        if number:
            member_id = self.member_numbers.get(number)
            if member_id is None:
                problem(ATTENDANCE_SHEET, row, "委员编号", _("本届没有委员编号“%(v)s”") % {"v": number})
            elif name and member_id not in self.names.get(name, []):
                problem(ATTENDANCE_SHEET, row, "姓名", _("委员编号“%(n)s”不是%(v)s，请核对") % {"n": number, "v": name})
                return None
            return member_id
        found = self.names.get(name, [])
        if len(found) != 1:
            message = _("没有名为“%(v)s”的委员") if not found else _("有%(n)s位委员名为“%(v)s”，请填写委员编号")
            problem(ATTENDANCE_SHEET, row, "姓名", message % {"v": name, "n": len(found)})
            return None
        return found[0]

    def read_attendance(self, row: int, cells: dict[str, Any]) -> None:
        problem = self.result.problem
        number = _text(cells.get("活动序号"))
        word = _text(cells.get("出席情况"))
        attendance = ATTENDANCE_WORDS.get(word) or (word if word in Att.values else None)
        if not number:
            problem(ATTENDANCE_SHEET, row, "活动序号", _("此项为必填"))
        elif number not in self.first_row:
            problem(ATTENDANCE_SHEET, row, "活动序号", _("“活动”表中没有序号“%(v)s”") % {"v": number})
        if not word:
            problem(ATTENDANCE_SHEET, row, "出席情况", _("此项为必填"))
        elif attendance is None:
            allowed = "、".join(ATTENDANCE_WORDS)
            problem(ATTENDANCE_SHEET, row, "出席情况", _("“%(v)s”应为%(a)s之一") % {"v": word, "a": allowed})
        member_id = self.member(row, cells)
        activity = self.by_number.get(number)
        if activity is None or member_id is None or attendance is None:
            return
        if member_id in activity.attendance_rows:
            first = activity.attendance_rows[member_id]
            problem(ATTENDANCE_SHEET, row, "姓名", _("同一活动中与第%(r)s行是同一位委员") % {"r": first})
            return
        activity.attendance_rows[member_id] = row
        activity.attendance[member_id] = attendance

    def finish(self) -> None:
        """Every activity needs a roster; activities already in the system are matched, never duplicated."""
        seen: dict[tuple[str, str, datetime.datetime], int] = {}
        titles = {a.data["title"] for a in self.result.activities}
        existing = {
            (a.title, a.kind, a.starts_at): a
            for a in Activity.objects.filter(committee=self.committee, title__in=titles).exclude(
                status=Activity.Status.CANCELLED
            )
        }
        for activity in self.result.activities:
            if not activity.attendance:
                self.result.problem(ACTIVITY_SHEET, activity.row, "序号", _("“出席”表中没有这项活动的出席记录"))
            key = (activity.data["title"], activity.data["kind"], activity.data["starts_at"])
            if key in seen:
                self.result.problem(
                    ACTIVITY_SHEET, activity.row, "标题", _("与第%(r)s行是同一项活动") % {"r": seen[key]}
                )
            seen.setdefault(key, activity.row)
            activity.existing = existing.get(key)


def check_past_activities(data: bytes, *, committee: Committee) -> PastImport:
    result = PastImport()
    try:
        workbook = open_workbook(data)
    except DomainError as exc:
        result.problem("", 1, "", exc.message)
        return result
    reader = Reader(committee, current_term(committee), result)
    try:
        for row, cells in reader.rows(workbook, ACTIVITY_SHEET, ACTIVITY_HEADERS):
            reader.read_activity(row, cells)
        for row, cells in reader.rows(workbook, ATTENDANCE_SHEET, ATTENDANCE_HEADERS):
            reader.read_attendance(row, cells)
    except ImportTooLarge as exc:
        result.problem("", 1, "", exc.message)
        return result
    finally:
        workbook.close()
    if not result.activities and not result.errors:
        result.problem(ACTIVITY_SHEET, 2, "", _("文件中没有活动数据"))
    reader.finish()
    return result


class _Refused(Exception):
    """A service refused one activity: undo everything written so far."""


def import_past_activities(
    data: bytes, *, committee: Committee, actor: User, dry_run: bool, filename: str = ""
) -> PastImport:
    """Check the file; unless this is a dry run or something is wrong, record every new activity, or none."""
    if dry_run:
        return check_past_activities(data, committee=committee)
    try:
        with transaction.atomic():
            # One import per committee at a time: the second waits, then finds the first one's activities.
            Term.objects.select_for_update().filter(committee=committee, is_current=True).first()
            result = check_past_activities(data, committee=committee)
            if not result.errors:
                for activity in result.new:
                    _record(activity, committee=committee, actor=actor, result=result)
                log_event(
                    "activity.imported",
                    committee,
                    actor=actor,
                    committee=committee,
                    data={"file": filename, "created": result.created, "existing": result.existing},
                )
                result.written = True
    except _Refused:
        result.written = False
    return result


def _record(past: PastActivity, *, committee: Committee, actor: User, result: PastImport) -> None:
    data = {**past.data, "mode": Activity.Mode.INVITE, "recorded_afterwards": True}
    try:
        activity = create_activity(
            committee=committee, data=data, audience=Audience(member_ids=tuple(past.attendance)), actor=actor
        )
        publish_activity(activity, actor=actor)
        for registration in Registration.objects.filter(activity=activity).select_related("activity"):
            set_attendance(registration, attendance=past.attendance[registration.member_id], actor=actor)
        close_activity(activity, actor=actor)
    except DomainError as exc:
        result.problem(ACTIVITY_SHEET, past.row, "", exc.message)
        raise _Refused from exc


HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="B71C1C")
HEADER_FILL = PatternFill("solid", fgColor="F3E5E5")


@translation.override(FILE_LANGUAGE)
def template_workbook() -> bytes:
    """Both sheets with their headers (required ones in red), dropdowns for type and attendance, and help."""
    workbook = Workbook()
    activities = workbook.active
    activities.title = ACTIVITY_SHEET
    attendance = workbook.create_sheet(ATTENDANCE_SHEET)
    for sheet, headers, widths in (
        (activities, ACTIVITY_HEADERS, (8, 40, 18, 20, 20, 24, 24)),
        (attendance, ATTENDANCE_HEADERS, (10, 14, 14, 12)),
    ):
        for index, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
            cell = sheet.cell(row=1, column=index, value=header)
            cell.font = REQUIRED_FONT if header in REQUIRED[sheet.title] else HEADER_FONT
            cell.fill = HEADER_FILL
            sheet.column_dimensions[cell.column_letter].width = width
        sheet.freeze_panes = "A2"
    _dropdown(activities, "C", [str(label) for label in ActivityKind.labels])
    _dropdown(attendance, "D", list(ATTENDANCE_WORDS))
    for column in ("D", "E"):
        activities.column_dimensions[column].number_format = "yyyy-mm-dd hh:mm"
    attendance.column_dimensions["B"].number_format = "@"
    help_sheet = workbook.create_sheet(HELP_SHEET)
    lines = [
        _("活动补录说明"),
        _("1. “活动”表每行一项已经举办的活动：序号、标题、类型、开始时间必填；序号在本文件内不重复即可。"),
        _("2. 时间写作 2025-03-15 09:00；只写日期时按当天 9:00 开始；结束时间不填时按开始后 2 小时计。"),
        _("3. 组织单位与专委会或界别活动组的名称完全一致时，活动记为由其承办（计入界别活动统计）。"),
        _("4. “出席”表每行一位委员参加一项活动：活动序号对应“活动”表的序号；"),
        _("   委员编号或姓名至少填一项（重名时必须填编号）。"),
        _("5. 出席情况填 出席、迟到、早退、请假 或 缺席；每项活动至少要有一行出席记录。"),
        _("6. 先检查文件，全部改正后才能导入；导入时每项活动依次建立、发布、登记考勤并确认，记入委员履职档案，"),
        _("   活动记录标注“补录”，不会通知委员。导入要么全部成功，要么一条也不写入。"),
        _("7. 标题、类型和开始时间都相同的活动已在系统中时跳过，所以同一文件重复导入不会重复记录。"),
    ]
    for row, line in enumerate(lines, start=1):
        help_sheet.cell(row=row, column=1, value=line)
    help_sheet["A1"].font = Font(bold=True, size=14)
    help_sheet.column_dimensions["A"].width = 110
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _dropdown(sheet: Any, column: str, values: list[str]) -> None:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("取值无效"),
        error=_("请从下拉列表中选择"),
    )
    validation.add(f"{column}2:{column}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)
