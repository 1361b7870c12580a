"""The office's .xlsx workbooks: contact coverage with contacts and logs, visits and 双联系, mailbox letters.

Every row goes through the export kit (`core/xlsx.py`), so what a citizen or a member typed never runs as a
formula. Citizens' and contacts' phone numbers stay out of the files: a workbook travels further than the screen.
"""

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.core.xlsx import safe_row, save
from lvzhi.liaison.models import ContactLog, Letter, StandingContact, Visit
from lvzhi.liaison.queries_contacts import MemberCoverage
from lvzhi.liaison.queries_visits import LinkProgress

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], first: bool) -> None:
    sheet: Worksheet = book.active if first else book.create_sheet()
    sheet.title = str(title)[:31]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(sheet, [_plain(v) for v in row]))
    for cell in sheet[1]:
        sheet.column_dimensions[cell.column_letter].width = 18
    sheet.freeze_panes = "A2"


def _plain(value: Any) -> Any:
    """Local wall time for timestamps (Excel has no time zones); lazy labels as text."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, (int, float, str)) or hasattr(value, "isoformat"):
        return value
    return str(value)


def _yes(value: bool) -> str:
    return _("是") if value else _("否")


def response(filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> HttpResponse:
    book = Workbook()
    for index, (title, header, rows) in enumerate(sheets):
        _sheet(book, title, header, rows, first=index == 0)
    reply = HttpResponse(save(book), content_type=XLSX)
    reply["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return reply


def contacts_sheets(
    coverage: list[MemberCoverage],
    contacts: QuerySet[StandingContact],
    logs: QuerySet[ContactLog],
) -> list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]:
    return [
        (
            _("覆盖情况"),
            [_("委员"), _("联系对象"), _("本季度已联系"), _("本季度联系次数"), _("尚未联系"), _("达标")],
            (
                [
                    row.member.name,
                    row.contacts,
                    row.contacted,
                    row.logs,
                    "、".join(row.due_names),
                    _yes(row.ok),
                ]
                for row in coverage
            ),
        ),
        (
            _("联系对象"),
            [_("委员"), _("姓名"), _("界别/职业"), _("保持联系"), _("备注")],
            ([c.member.name, c.name, c.occupation, _yes(c.is_active), c.note] for c in contacts),
        ),
        (
            _("联系记录"),
            [
                _("日期"),
                _("委员"),
                _("联系对象"),
                _("方式"),
                _("交流主题"),
                _("反映的问题"),
                _("办理情况"),
                _("办理说明"),
            ],
            (
                [
                    log.date,
                    log.member.name,
                    log.contact.name,
                    log.get_mode_display(),
                    log.topics,
                    log.issues,
                    log.get_outcome_display(),
                    log.outcome_note,
                ]
                for log in logs
            ),
        ),
    ]


def visits_sheets(
    visits: QuerySet[Visit], links: list[LinkProgress], not_visited: list[str]
) -> list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]:
    return [
        (
            _("走访谈心"),
            [
                _("日期"),
                _("走访人"),
                _("被走访委员"),
                _("形式"),
                _("交流内容"),
                _("委员诉求"),
                _("跟进落实"),
                _("已落实"),
            ],
            (
                [
                    v.date,
                    v.visitor.name,
                    v.visited.name,
                    v.get_form_display(),
                    v.topics,
                    v.requests,
                    v.follow_up,
                    _yes(v.follow_up_done),
                ]
                for v in visits
            ),
        ),
        (
            _("双联系"),
            [_("类型"), _("联系人"), _("被联系委员"), _("目标"), _("已完成"), _("达标")],
            (
                [p.link.get_kind_display(), p.link.leader.name, p.link.member.name, p.link.target, p.done, _yes(p.met)]
                for p in links
            ),
        ),
        (_("尚未走访"), [_("委员")], ([name] for name in not_visited)),
    ]


def letters_sheet(letters: QuerySet[Letter]) -> list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]:
    return [
        (
            _("群众来信"),
            [
                _("编号"),
                _("收信时间"),
                _("信箱"),
                _("类型"),
                _("标题"),
                _("内容"),
                _("状态"),
                _("阅处委员"),
                _("办理单位"),
                _("首次响应期限"),
                _("首次响应时间"),
                _("办结期限"),
                _("办理结果"),
                _("答复内容"),
                _("答复时间"),
                _("评价"),
                _("转为线索"),
            ],
            (
                [
                    letter.pk,
                    letter.submitted_at,
                    str(letter.mailbox),
                    letter.get_kind_display(),
                    letter.title,
                    letter.content,
                    letter.get_status_display(),
                    letter.assignee.name if letter.assignee else "",
                    letter.handling_unit.name if letter.handling_unit else "",
                    letter.first_response_due,
                    letter.first_responded_at,
                    letter.final_due,
                    letter.unit_reply,
                    letter.answer,
                    letter.answered_at,
                    letter.get_rating_display() if letter.rating else "",
                    letter.get_lead_kind_display() if letter.lead_kind else "",
                ]
                for letter in letters
            ),
        )
    ]
