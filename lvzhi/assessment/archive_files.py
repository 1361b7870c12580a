"""The archive as files: a real .xlsx (openpyxl, through the export kit) and a PDF (through the PDF kit, whose
Chinese font needs no font file on the server and keeps the text extractable)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from lvzhi.assessment.archive import Archive
from lvzhi.assessment.models import Nomination
from lvzhi.core.pdf import FONT, frame_width, para, render, style
from lvzhi.core.xlsx import safe_row, save


def _points(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def archive_workbook(archive: Archive) -> bytes:
    workbook = Workbook()
    basic = workbook.active
    basic.title = _("基本信息")
    basic.append(safe_row(basic, [_("%(name)s 履职档案") % {"name": archive.member.name}]))
    basic["A1"].font = Font(bold=True, size=13)
    for label, value in archive.basic:
        basic.append(safe_row(basic, [label, value]))
    basic.column_dimensions["A"].width = 14
    basic.column_dimensions["B"].width = 40

    scores = workbook.create_sheet(_("年度考核"))
    scores.append(
        [_("年度"), _("得分"), _("基础分"), _("加分"), _("扣分"), _("等次"), _("名次"), _("在任月数"), _("状态")]
    )
    for y in archive.years:
        s = y.score
        if s is None:
            scores.append([y.year, None, None, None, None, _("不在任"), None, None, None])
            continue
        state = _("已冻结") if s.frozen else _("实时")
        scores.append([y.year, s.score, s.base, s.bonus, s.penalty, s.band_label, s.rank, s.months, state])

    ledger = workbook.create_sheet(_("履职记录"))
    headers = [_("年度"), _("日期"), _("类别"), _("角色"), _("事项"), _("来源"), _("状态"), _("得分"), _("计分项")]
    ledger.append(headers)
    for y in archive.years:
        for line in y.lines:
            r = line.record
            items = "；".join(f"{code} {points:g}" for code, points in line.lines)
            row = [y.year, r.event_date, line.kind_label, line.role_label, r.title, line.source_label]
            ledger.append(safe_row(ledger, [*row, line.status_label, line.points, items]))
    for column, width in zip("ABCDEFGHI", (7, 12, 14, 10, 40, 20, 8, 7, 20), strict=True):
        ledger.column_dimensions[column].width = width

    reports = workbook.create_sheet(_("履职报告"))
    reports.append([_("年度"), _("类型"), _("状态"), _("口头述职"), _("述职会"), _("栏目"), _("内容")])
    for report in archive.reports:
        meeting = archive.meetings.get(report.meeting_id or 0)
        head = [
            report.year,
            report.get_kind_display(),
            report.get_status_display(),
            _("是") if report.oral else _("否"),
            meeting.title if meeting else "",
        ]
        for heading, text in report.sections() or [("", "")]:
            reports.append(safe_row(reports, [*head, heading, text]))
    reports.column_dimensions["G"].width = 80
    for row in reports.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    awards = workbook.create_sheet(_("表彰奖励"))
    awards.append([_("年度"), _("日期"), _("事项"), _("级别"), _("状态")])
    for line in archive.awards:
        r = line.record
        awards.append(safe_row(awards, [r.year, r.event_date, r.title, line.role_label, line.status_label]))
    for n in archive.nominations:
        row = [n.assessment.year, timezone.localdate(n.created_at), nomination_title(n), _("本会"), _("已推荐")]
        awards.append(safe_row(awards, row))
    awards.column_dimensions["C"].width = 40

    talks = workbook.create_sheet(_("谈话记录"))
    talks.append([_("年度"), _("约谈日期"), _("约谈人"), _("谈话内容")])
    for t in archive.talks:
        talks.append(safe_row(talks, [t.assessment.year, t.held_on, t.talker, t.content]))
    talks.column_dimensions["D"].width = 80
    for row in talks.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    return save(workbook)


def nomination_title(nomination: Nomination) -> str:
    title = _("推荐为%(year)s年度优秀委员") % {"year": nomination.assessment.year}
    return f"{title}（{nomination.reason}）" if nomination.reason else title


def _styles() -> dict[str, ParagraphStyle]:
    base = style("body", fontSize=9.5, leading=14)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=1, spaceAfter=4 * mm),
        "h2": ParagraphStyle("h2", parent=base, fontSize=13, leading=18, spaceBefore=5 * mm, spaceAfter=2 * mm),
        "h3": ParagraphStyle("h3", parent=base, fontSize=11, leading=16, spaceBefore=3 * mm, spaceAfter=1 * mm),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12),
        "muted": ParagraphStyle("muted", parent=base, fontSize=8.5, leading=12, textColor=colors.grey),
    }


def _table(rows: list[list[Paragraph]], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("FONT", (0, 0), (-1, -1), FONT, 8.5, 12),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1e4e4")))
    table.setStyle(TableStyle(style))
    return table


def archive_pdf(archive: Archive, committee_name: str) -> bytes:
    st = _styles()
    member = archive.member
    width = frame_width()
    story: list = [
        para(_("%(committee)s委员履职档案") % {"committee": committee_name}, st["title"]),
        para(
            _("%(name)s　%(term)s　生成于 %(at)s")
            % {
                "name": member.name,
                "term": archive.term,
                "at": timezone.localtime(archive.made_at).strftime("%Y-%m-%d %H:%M"),
            },
            st["muted"],
        ),
        para(_("一、基本信息"), st["h2"]),
    ]
    pairs = [(label, value) for label, value in archive.basic if value]
    rows = []
    for i in range(0, len(pairs), 2):
        cells = [item for pair in pairs[i : i + 2] for item in pair]
        cells += [""] * (4 - len(cells))
        rows.append([para(c, st["small"]) for c in cells])
    if rows:
        story.append(_table(rows, [width * 0.15, width * 0.35, width * 0.15, width * 0.35], header=False))

    story.append(para(_("二、年度考核与履职记录"), st["h2"]))
    for y in archive.years:
        story.append(para(_("%(year)s年度") % {"year": y.year}, st["h3"]))
        s = y.score
        if s is not None:
            summary = _("得分 %(score)s（基础分 %(base)s，加分 %(bonus)s，扣分 %(penalty)s），等次：%(band)s") % {
                "score": f"{s.score:g}",
                "base": f"{s.base:g}",
                "bonus": f"{s.bonus:g}",
                "penalty": f"{s.penalty:g}",
                "band": s.band_label,
            }
            if s.rank:
                summary += _("，名次：%(rank)s") % {"rank": s.rank}
            summary += _("（已冻结）") if s.frozen else _("（年度进行中，实时计算）")
            story.append(para(summary, st["body"]))
        if not y.lines:
            story.append(para(_("本年度暂无履职记录。"), st["muted"]))
            continue
        header = [_("日期"), _("事项"), _("类别/角色"), _("来源"), _("状态"), _("得分")]
        rows = [[para(h, st["small"]) for h in header]]
        for line in y.lines:
            r = line.record
            # Only the title wraps as a paragraph; the other cells are short lines of plain text (one label or
            # number a line), which lay out several times faster: an archive runs to hundreds of rows.
            kind = f"{line.kind_label}\n{line.role_label}"
            source = line.source_label.replace(" #", "\n#")
            cells = [r.event_date.strftime("%m-%d"), para(r.title, st["small"]), kind, source]
            rows.append([*cells, line.status_label, _points(line.points)])
        fractions = (0.1, 0.36, 0.18, 0.2, 0.09, 0.07)
        story.append(_table(rows, [width * f for f in fractions]))

    story.append(para(_("三、履职报告"), st["h2"]))
    if not archive.reports:
        story.append(para(_("暂无已提交的履职报告。"), st["muted"]))
    for report in archive.reports:
        meeting = archive.meetings.get(report.meeting_id or 0)
        head = _("%(year)s年 %(kind)s（%(status)s）") % {
            "year": report.year,
            "kind": report.get_kind_display(),
            "status": report.get_status_display(),
        }
        if meeting:
            head += _("，于“%(meeting)s”%(how)s述职") % {
                "meeting": meeting.title,
                "how": _("口头") if report.oral else _("书面"),
            }
        story.append(para(head, st["h3"]))
        for heading, text in report.sections():
            story += [para(heading, st["small"]), para(text, st["body"]), Spacer(1, 2 * mm)]

    story.append(para(_("四、表彰奖励"), st["h2"]))
    if not archive.awards and not archive.nominations:
        story.append(para(_("暂无表彰奖励记录。"), st["muted"]))
    else:
        rows = [[para(h, st["small"]) for h in (_("日期"), _("事项"), _("级别"), _("状态"))]]
        for line in archive.awards:
            r = line.record
            cells = (r.event_date.isoformat(), r.title, line.role_label, line.status_label)
            rows.append([para(c, st["small"]) for c in cells])
        for n in archive.nominations:
            cells = (timezone.localdate(n.created_at).isoformat(), nomination_title(n), _("本会"), _("已推荐"))
            rows.append([para(c, st["small"]) for c in cells])
        story.append(_table(rows, [width * 0.15, width * 0.55, width * 0.15, width * 0.15]))

    story.append(para(_("五、谈话记录"), st["h2"]))
    if not archive.talks:
        story.append(para(_("暂无谈话记录。"), st["muted"]))
    else:
        rows = [[para(h, st["small"]) for h in (_("约谈日期"), _("年度"), _("约谈人"), _("谈话内容"))]]
        for t in archive.talks:
            cells = (t.held_on.isoformat(), t.assessment.year, t.talker, t.content)
            rows.append([para(c, st["small"]) for c in cells])
        story.append(_table(rows, [width * 0.15, width * 0.1, width * 0.15, width * 0.6]))
    return render(story, title=_("%(name)s 履职档案") % {"name": member.name}, author=committee_name)
