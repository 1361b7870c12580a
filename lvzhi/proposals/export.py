"""The year's proposal statistics as a real .xlsx workbook (formula-like text neutralised by the kit)."""

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lvzhi.core.xlsx import safe_row, save


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[Any]], *, first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(safe_row(sheet, header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(sheet, row))
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 30
    return sheet


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value}%"


def stats_workbook(f: dict[str, Any]) -> bytes:
    workbook = Workbook()
    overview = [
        [_("收到"), f["received"]],
        [_("立案（含并案）"), f["accepted"]],
        [_("并案"), f["merged"]],
        [_("不予立案"), f["not_accepted"]],
        [_("转社情民意/意见建议"), f["converted"]],
        [_("撤案"), f["withdrawn"]],
        [_("待审查"), f["pending"]],
        [_("交办"), f["handled"]],
        [_("已答复"), f["answered"]],
        [_("办复率"), _pct(f["reply_rate"])],
        [_("已评价"), f["evaluated"]],
        [_("满意率（满意+基本满意）"), _pct(f["satisfaction_rate"])],
        [_("优秀提案"), f["excellent"]],
    ]
    _sheet(workbook, _("%(y)s年总体") % {"y": f["year"]}, [_("项目"), _("数量")], overview, first=True)
    for title, key in (
        (_("提案者类型"), "by_kind"),
        (_("会上平时"), "by_period"),
        (_("类别（立案）"), "by_category"),
        (_("答复类别"), "grades"),
        (_("满意度"), "satisfaction"),
    ):
        _sheet(workbook, title, [_("分类"), _("件数")], [[label, n] for label, n in f[key]])
    _sheet(
        workbook,
        _("承办单位"),
        [
            _("承办单位"),
            _("主办/单办/分办"),
            _("协办"),
            _("已答复"),
            _("按期答复"),
            _("按期率"),
            _("退回"),
            _("平均用时（天）"),
            _("满意率"),
        ],
        [
            [
                u["name"],
                u["lead"],
                u["co"],
                u["answered"],
                u["on_time"],
                _pct(u["on_time_rate"]),
                u["returned"],
                u["average_days"] if u["average_days"] is not None else "",
                _pct(u["satisfaction_rate"]),
            ]
            for u in f["units"]
        ],
    )
    _sheet(
        workbook,
        _("重点提案"),
        [_("立案号"), _("案由"), _("第一提案人"), _("督办领导"), _("理由")],
        [
            [h.proposal.number_label, h.proposal.title, h.proposal.lead.name, h.supervisor_names, h.reason]
            for h in f["key"]
        ],
    )
    _sheet(
        workbook,
        _("逾期未答复"),
        [_("立案号"), _("案由"), _("承办单位"), _("办结期限")],
        [[a.proposal.number_label, a.proposal.title, a.unit.name, a.due_date] for a in f["overdue"]],
    )
    return save(workbook)
