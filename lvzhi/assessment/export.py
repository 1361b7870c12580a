"""Real .xlsx workbooks of the assessment: a year's ranking with every line."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lvzhi.assessment.queries import Ranking
from lvzhi.core.xlsx import put, safe_row, save


def ranking_workbook(result: Ranking) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("考核得分")
    indicators = result.rules.indicators
    title = _("%(y)s年度委员履职考核得分（%(s)s，%(st)s）")
    sheet.append(safe_row(sheet, [title % {"y": result.year, "s": result.scheme_name, "st": result.status_label}]))
    sheet["A1"].font = Font(bold=True, size=13)
    header = [_("名次"), _("姓名"), _("界别"), _("得分"), _("等次"), _("基础分"), _("加分"), _("扣分"), _("在任月数")]
    sheet.append(safe_row(sheet, header + [f"{i.code} {i.label}" for i in indicators] + [_("未完成的基本要求")]))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row, s in enumerate(result.scores, start=3):
        values = [
            s.rank,
            s.person.name,
            result.sectors.get(s.person.sector_id, ""),
            s.score,
            s.band_label,
            s.base,
            s.bonus,
            s.penalty,
            s.person.months,
            *[s.lines.get(i.code, 0) for i in indicators],
            "、".join(s.missing_duties),
        ]
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 14
    sheet.freeze_panes = "C3"
    return save(workbook)
