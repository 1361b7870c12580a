"""Real .xlsx workbooks (openpyxl): an issue's contents and the year's statistics."""

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lvzhi.core.xlsx import safe_row, save
from lvzhi.opinions.models import Bulletin


def bulletin_workbook(bulletin: Bulletin) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("本期目录")
    sheet.append(safe_row(sheet, [str(bulletin)]))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("序号"), _("标题"), _("署名"), _("报送单位"), _("类别"), _("正文")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for index, opinion in enumerate(bulletin.opinions.order_by("pk"), 1):
        # A report's text is the author's: the kit keeps "=..." as text, never a formula.
        sheet.append(
            safe_row(
                sheet,
                [
                    index,
                    opinion.title,
                    opinion.author_name,
                    opinion.unit_name,
                    opinion.get_category_display(),
                    opinion.content,
                ],
            )
        )
    for column, width in zip("ABCDEF", (6, 40, 16, 20, 10, 80), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3, min_col=6, max_col=6):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    return save(workbook)


def stats_workbook(f: dict[str, Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("总体")
    sheet.append([_("%(y)s年社情民意信息统计") % {"y": f["year"]}])
    sheet["A1"].font = Font(bold=True, size=13)
    rows = [
        (_("收到"), f["received"]),
        (_("编辑"), f["edited"]),
        (_("合并"), f["merged"]),
        (_("未采用"), f["declined"]),
        (_("编发期数"), f["issues"]),
    ]
    rows += [(_("采用：%(l)s") % {"l": label}, n) for label, n in f["adopted"]]
    rows += [(_("批示：%(l)s") % {"l": label}, n) for label, n in f["instructions"]]
    for row in rows:
        sheet.append([str(row[0]), row[1]])
    sheet.column_dimensions["A"].width = 24
    for title, header, data in (
        (_("按来源"), _("来源"), f["by_source"]),
        (_("按报送单位"), _("报送单位"), f["by_unit"]),
        (_("按站点"), _("站点"), f["by_station"]),
    ):
        extra = workbook.create_sheet(str(title))
        extra.append([str(header), _("篇数")])
        for name, n in data:
            extra.append(safe_row(extra, [str(name), n]))
        extra.column_dimensions["A"].width = 30
    ranking = workbook.create_sheet(_("排名"))
    ranking.append([_("名次"), _("姓名"), _("身份"), _("站点"), _("报送"), _("采用"), _("批示")])
    for p in f["ranking"]:
        kind = _("委员") if p["kind"] == "member" else _("信息员")
        row = [p["rank"], p["name"], kind, p["station"], p["received"], p["adopted"], p["instructed"]]
        ranking.append(safe_row(ranking, row))
    return save(workbook)
