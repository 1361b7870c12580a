"""Checking a member import file: every cell validated, every row matched to a member or marked new.

Nothing here writes. Rows are matched to existing members so that importing the same file twice
creates nothing new: by 委员编号 within the term, else by ID number, else by name and mobile.
A matched row updates only the cells it fills; a row that matches no one creates a member in the
committee's current term.
"""

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from lvzhi.core.errors import DomainError
from lvzhi.core.importflow import MAX_ERRORS, CellBudget, ImportTooLarge, Problem, limited_rows, open_workbook
from lvzhi.core.models import Committee
from lvzhi.org.export import (
    COLUMNS,
    DATA_SHEET,
    EXAMPLE_ROW,
    EXPORT_ONLY_HEADERS,
    FILE_LANGUAGE,
    NO,
    YES,
    Column,
    choice_label,
)
from lvzhi.org.models import Member, Membership, Sector, Term
from lvzhi.org.standards import Education, Ethnicity, standard_education, standard_ethnicity

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
TRUE_WORDS = {YES, "y", "yes", "true", "1", "√", "常委"}
FALSE_WORDS = {NO, "n", "no", "false", "0", "×"}
IDENTIFYING = ("委员编号", "身份证号", "手机")
UNIQUE_IN_FILE = ("委员编号", "身份证号")
PROGRESS_EVERY = 250  # rows between progress reports: often enough for a bar, rare enough to cost nothing

Progress = Callable[[int], None]


def mobile_problem(value: str) -> str | None:
    return None if MOBILE_RE.match(value) else _("“%(v)s”不是有效的手机号（11位，以1开头）") % {"v": value}


def id_number_problem(value: str) -> str | None:
    """GB 11643: 17 digits, then a check character from the weighted sum mod 11."""
    if len(value) != 18:
        return _("身份证号应为18位，这里是%(n)s位") % {"n": len(value)}
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return _("身份证号只能由数字组成，最后一位可以是X")
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return _("身份证号中的出生日期无效")
    if ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True)) % 11] != value[17]:
        return _("身份证号校验位不正确，请核对")
    return None


def birth_date_problem(value: datetime.date, today: datetime.date) -> str | None:
    if value > today:
        return _("出生日期不能晚于今天")
    if value.year < 1900:
        return _("出生日期不能早于1900年")
    return None


class CellProblem(Exception):
    pass


@dataclass
class Row:
    number: int  # the spreadsheet row, as Excel shows it
    values: dict[Column, Any]
    member: Member | None = None
    membership: Membership | None = None
    member_changes: dict[str, Any] = field(default_factory=dict)
    membership_changes: dict[str, Any] = field(default_factory=dict)

    def get(self, header: str) -> Any:
        return next((v for c, v in self.values.items() if c.header == header), None)


@dataclass(frozen=True)
class PlannedRow:
    """One row of a checked file as the preview lists it: who, and what will be written."""

    number: int
    name: str
    action: str  # "create": a new member; "join": an existing member joins this term; "update"
    sector: str
    changes: tuple[tuple[str, str, str], ...] = ()  # (column, now, after) for an update


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[Problem] = field(default_factory=list)
    plan: list[PlannedRow] = field(default_factory=list)  # rows that create or change something, file order

    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "errors": [e.as_dict() for e in self.errors]}


class Checker:
    """Reads a workbook and turns its rows into planned creates and updates, collecting every problem."""

    def __init__(self, committee: Committee, term: Term):
        self.committee = committee
        self.term = term
        self.sectors = {s.name: s for s in Sector.objects.filter(term=term)}
        self.result = ImportResult()
        self.rows: list[Row] = []
        self.first_row: dict[tuple[str, str], int] = {}

    def problem(self, row: int, column: str, text: str) -> None:
        if len(self.result.errors) < MAX_ERRORS:
            self.result.errors.append(Problem(row, column, text))
        elif len(self.result.errors) == MAX_ERRORS:
            self.result.errors.append(Problem(row, "", _("错误过多，仅列出前%(n)s处") % {"n": MAX_ERRORS}))

    # Reading ---------------------------------------------------------------------------------------

    def read(self, data: bytes, progress: Progress | None = None) -> None:
        """Parse and check every cell; `progress(rows)` is told the data rows read so far, now and then."""
        try:
            workbook = open_workbook(data)
        except DomainError as exc:
            self.problem(1, "", exc.message)
            return
        try:
            sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
            lines = limited_rows(sheet, CellBudget())
            columns = self.read_header(next(lines, ()))
            if columns is not None:
                self.read_rows(columns, lines, progress)
        except ImportTooLarge as exc:
            self.problem(1, "", exc.message)
        finally:
            workbook.close()

    def read_header(self, header: tuple[Any, ...]) -> list[Column | None] | None:
        by_header = {c.header: c for c in COLUMNS}
        columns: list[Column | None] = []
        for raw in header:
            text = _text(raw)
            column = by_header.get(text)
            if text and text not in EXPORT_ONLY_HEADERS:
                if column is None:
                    self.problem(1, text, _("无法识别的列，请使用导入模板中的表头"))
                elif column in columns:
                    self.problem(1, text, _("表头重复"))
                    column = None
            columns.append(column)
        missing = [c.header for c in COLUMNS if c.required and c not in columns]
        for header_text in missing:
            self.problem(1, header_text, _("缺少必填列"))
        return None if missing else columns

    def read_rows(
        self, columns: list[Column | None], lines: Iterator[tuple[Any, ...]], progress: Progress | None = None
    ) -> None:
        example = {c: EXAMPLE_ROW.get(c.header) for c in columns if c is not None}
        for number, line in enumerate(lines, start=2):
            raw = {c: line[i] for i, c in enumerate(columns) if c is not None and i < len(line)}
            raw = {c: v for c, v in raw.items() if _text(v)}
            if not raw or _is_example(raw, example):
                continue
            self.result.rows += 1
            self.read_row(number, raw)
            if progress is not None and self.result.rows % PROGRESS_EVERY == 0:
                progress(self.result.rows)
        if not self.result.rows and not self.result.errors:
            self.problem(2, "", _("文件中没有委员数据"))

    def read_row(self, number: int, raw: dict[Column, Any]) -> None:
        values: dict[Column, Any] = {}
        ok = self.unique_in_file(number, raw)
        for column, value in raw.items():
            try:
                values[column] = self.parse(column, value)
            except CellProblem as exc:
                self.problem(number, column.header, str(exc))
                ok = False
        for column in COLUMNS:
            if column.required and column not in raw:
                self.problem(number, column.header, _("此项为必填"))
                ok = False
        if ok and not any(c.header in IDENTIFYING for c in values):
            self.problem(number, IDENTIFYING[0], _("委员编号、身份证号、手机至少填写一项，以便识别委员"))
            ok = False
        if ok:
            self.rows.append(Row(number, values))

    def unique_in_file(self, number: int, raw: dict[Column, Any]) -> bool:
        """委员编号 and ID number name one member each: a second row with the same value is a mistake."""
        ok = True
        for column, value in raw.items():
            if column.header not in UNIQUE_IN_FILE:
                continue
            text = _text(value).upper()
            first = self.first_row.setdefault((column.header, text), number)
            if first != number:
                self.problem(number, column.header, _("“%(v)s”与第%(r)s行重复") % {"v": text, "r": first})
                ok = False
        return ok

    def parse(self, column: Column, raw: Any) -> Any:
        kind = column.kind
        if kind == "date":
            return _date(raw)
        if kind == "id_number" and isinstance(raw, int | float):
            raise CellProblem(_("身份证号请按文本格式填写（数字格式会丢失末尾几位）"))
        text = _text(raw)
        if kind in ("text", "email") and column.max_length and len(text) > column.max_length:
            raise CellProblem(_("内容过长，最多%(n)s个字") % {"n": column.max_length})
        if kind == "text":
            return text
        if kind == "choice":
            return _choice(column, text)
        if kind == "bool":
            return _flag(text)
        if kind == "sector":
            if text not in self.sectors:
                raise CellProblem(_("“%(v)s”不是本届界别") % {"v": text})
            return self.sectors[text]
        if kind == "mobile":
            return _checked(text, mobile_problem(text))
        if kind == "id_number":
            text = text.upper()
            return _checked(text, id_number_problem(text))
        try:
            validate_email(text)
        except ValidationError:
            raise CellProblem(_("“%(v)s”不是有效的邮箱地址") % {"v": text}) from None
        return text

    # Matching --------------------------------------------------------------------------------------

    def match(self) -> None:
        """Pair rows with existing members and work out what each row changes."""
        by_number = dict(
            Membership.objects.filter(term=self.term).exclude(number="").values_list("number", "member_id")
        )
        names: dict[int, str] = {}
        by_id_number: dict[str, int] = {}
        by_name_mobile: dict[tuple[str, str], int] = {}
        members = Member.objects.filter(committee=self.committee).order_by()
        for pk, name, mobile, id_number in members.values_list("id", "name", "mobile", "id_number"):
            names[pk] = name
            if id_number:
                by_id_number.setdefault(id_number, pk)
            if mobile:
                by_name_mobile.setdefault((name, mobile), pk)
        matched: dict[int, int] = {}
        for row in self.rows:
            number = row.get("委员编号")
            by_file_number = by_number.get(number) if number else None
            by_file_id = by_id_number.get(row.get("身份证号") or "")
            pk = by_file_number or by_file_id or by_name_mobile.get((row.get("姓名"), row.get("手机") or ""))
            if by_file_number and by_file_id and by_file_number != by_file_id:
                self.problem(
                    row.number,
                    "身份证号",
                    _("委员编号“%(n)s”属于%(a)s，身份证号却属于%(b)s，请核对")
                    % {"n": number, "a": names[by_file_number], "b": names[by_file_id]},
                )
            elif pk is not None and pk in matched:
                self.problem(row.number, "姓名", _("与第%(r)s行是同一位委员") % {"r": matched[pk]})
            elif pk is not None:
                matched[pk] = row.number
                row.member = Member(pk=pk)
        self.load_matched([r for r in self.rows if r.member is not None])

    def load_matched(self, rows: list[Row]) -> None:
        ids = [r.member.pk for r in rows if r.member is not None]
        members = Member.objects.in_bulk(ids)
        memberships = {
            m.member_id: m
            for m in Membership.objects.filter(term=self.term, member_id__in=ids).select_related("sector")
        }
        for row in rows:
            assert row.member is not None
            row.member = members[row.member.pk]
            row.membership = memberships.get(row.member.pk)
            for column, value in row.values.items():
                if column.on_membership:
                    if row.membership is None or getattr(row.membership, column.attname) != value:
                        row.membership_changes[column.attname] = value
                elif getattr(row.member, column.attname) != value:
                    row.member_changes[column.attname] = value
            if row.membership is None:
                self.result.created += 1
            elif row.member_changes or row.membership_changes:
                self.result.updated += 1
        self.result.created += sum(1 for r in self.rows if r.member is None)


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    return str(raw).strip()


def _checked(value: str, problem: str | None) -> str:
    if problem:
        raise CellProblem(problem)
    return value


def _date(raw: Any) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, int | float) and 1 < raw < 200_000:  # an Excel serial day number
        return from_excel(raw).date()
    text = _text(raw)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellProblem(_("“%(v)s”不是有效日期，请写作 2023-01-15") % {"v": text})


@cache
def _choice_values(choices: type[TextChoices]) -> dict[str, str]:
    """Label or stored code → stored code, e.g. "中共党员" and "01" → "01"; labels are the file's Chinese ones."""
    with translation.override(FILE_LANGUAGE):
        labels = {str(label): value for value, label in choices.choices}
    return {**{value: value for value in choices.values}, **labels}


# Loose spellings the standard lists accept from files ("汉" for 汉族, "大学" for 大学本科).
ALIASES: dict[Any, Callable[[str], str | None]] = {Ethnicity: standard_ethnicity, Education: standard_education}


def _choice(column: Column, text: str) -> str:
    assert column.choices is not None
    if text in _choice_values(column.choices):
        return _choice_values(column.choices)[text]
    standard = ALIASES[column.choices](text) if column.choices in ALIASES else None
    if standard:
        return standard
    allowed = "、".join(str(label) for label in column.choices.labels)
    raise CellProblem(_("“%(v)s”不在可选范围内（%(a)s）") % {"v": text, "a": allowed})


def _flag(text: str) -> bool:
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() in FALSE_WORDS:
        return False
    raise CellProblem(_("请填写“是”或“否”"))


def _is_example(raw: dict[Column, Any], example: dict[Column, Any]) -> bool:
    return all(_text(raw.get(c)) == _text(v) for c, v in example.items())


def check_file(data: bytes, *, committee: Committee, term: Term) -> Checker:
    checker = Checker(committee, term)
    checker.read(data)
    finish(checker)
    return checker


def finish(checker: Checker) -> None:
    """Match the rows read to the registry, plan what each writes, and put the problems in file order."""
    if checker.rows:
        checker.match()
    if not checker.result.errors:
        checker.result.plan = [planned for row in checker.rows if (planned := _planned(row)) is not None]
    if checker.result.errors:
        checker.result.created = checker.result.updated = 0
        position = {c.header: i for i, c in enumerate(COLUMNS)}
        checker.result.errors.sort(key=lambda p: (p.row, position.get(p.column, len(position))))


def _shown(column: Column, value: Any) -> str:
    """A cell as the preview shows it; sensitive columns say only that they change."""
    if column.sensitive:
        return _("（已填写）") if value not in ("", None) else ""
    if value in ("", None):
        return ""
    if column.choices is not None:
        return choice_label(column.choices, value)
    if column.kind == "bool":
        return YES if value else NO
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(getattr(value, "name", value))


def _planned(row: Row) -> PlannedRow | None:
    sector = row.get("界别")
    name = row.get("姓名") or (row.member.name if row.member else "")
    sector_name = getattr(sector, "name", "") or (row.membership.sector.name if row.membership else "")
    if row.member is None:
        return PlannedRow(row.number, name, "create", sector_name)
    if row.membership is None:
        return PlannedRow(row.number, name, "join", sector_name)
    if not (row.member_changes or row.membership_changes):
        return None
    changes = []
    for column in row.values:
        source = row.membership if column.on_membership else row.member
        pending = row.membership_changes if column.on_membership else row.member_changes
        if column.attname in pending:
            before = getattr(source, column.attname)
            changes.append((column.header, _shown(column, before), _shown(column, pending[column.attname])))
    return PlannedRow(row.number, name, "update", sector_name, tuple(changes))
