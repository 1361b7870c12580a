"""The letters of a published year's results (§3.7 结果运用) as 公文: one text for the print page and the PDF.

Result letters go to each member's recommending unit or work unit, or with the list to the organisation and
united-front departments; reminder letters (提醒函) go to members under 60. The PDF follows the 公文 layout
(GB/T 9704): the issuing body's name in red (红头), the reference number (文号) above a red rule, the title, the
addressee, the body with two-character indents, and the signature and date at the right.
"""

import datetime
from dataclasses import dataclass, field
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from lvzhi.assessment.models import AssessmentYear, Score
from lvzhi.assessment.services import disputes, results
from lvzhi.assessment.transitions import YA
from lvzhi.core.models import Committee
from lvzhi.core.pdf import FONT, frame_width, para, render, style
from lvzhi.core.tenancy import Access
from lvzhi.org.queries.members import visible_members

REMINDER = "reminder"
ALL = "all"
LetterKind = Literal["recommending_unit", "work_unit", "organisation_dept", "united_front_dept", "reminder", "all"]
LETTER_KINDS: tuple[str, ...] = (*results.RECIPIENTS, REMINDER, ALL)
RED = colors.HexColor("#c00000")
ANNEX_BLOCK = 50  # rows of the list per table
MARGINS = (37 * mm, 26 * mm, 35 * mm, 28 * mm)  # GB/T 9704: top, right, bottom, left


@dataclass
class Letter:
    kind: str
    title: str
    addressee: str
    paragraphs: list[str]
    dated: datetime.date | None
    annex_title: str = ""
    annex: list[list[str]] = field(default_factory=list)  # the header row first


@dataclass
class Letters:
    committee: Committee
    assessment: AssessmentYear
    ref: str
    letters: list[Letter]


def approved_on(assessment: AssessmentYear) -> datetime.date | None:
    """The letters are dated the day the leaders' meeting approved the results."""
    at = assessment.events.filter(action=YA.APPROVE).values_list("at", flat=True).last()
    return timezone.localdate(at) if at else None


def _result_letters(
    committee: Committee, assessment: AssessmentYear, scores: list[Score], to: str, addressee: str, dated
) -> list[Letter]:
    label = disputes.frozen_rules(assessment).band_label
    year = assessment.year
    if to in results.PER_MEMBER:
        letters = []
        for s in scores:
            if to == "recommending_unit":
                unit = (s.membership.recommending_unit if s.membership else "") or _("推荐单位")
            else:
                unit = s.member.employer or _("委员所在单位")
            body = _(
                "根据本会委员履职考核办法，经主席会议审定，%(name)s同志%(year)s年度履职考核得分%(score)s分，"
                "考核等次为“%(band)s”。"
            ) % {"name": s.member.name, "year": year, "score": s.score, "band": label(s.band)}
            letters.append(
                Letter(
                    to,
                    _("关于通报%(year)s年度委员履职考核结果的函") % {"year": year},
                    unit,
                    [
                        body,
                        _(
                            "感谢贵单位对政协工作和委员履职的一贯支持。请将考核结果作为了解、使用该同志的参考，"
                            "并继续支持其依章程履行职责。"
                        ),
                        _("特此函告。"),
                    ],
                    dated,
                )
            )
        return letters
    annex = [[_("序号"), _("姓名"), _("工作单位及职务"), _("得分"), _("等次")]]
    for n, s in enumerate(scores, 1):
        annex.append([str(n), s.member.name, f"{s.member.employer}{s.member.job_title}", str(s.score), label(s.band)])
    return [
        Letter(
            to,
            _("关于报送%(year)s年度委员履职考核结果的函") % {"year": year},
            addressee or results.department_name(committee, to),
            [
                _(
                    "根据本会委员履职考核办法，经主席会议审定，现将%(year)s年度委员履职考核结果（%(n)s人）报送你部，"
                    "供委员换届提名、考察使用时参考。"
                )
                % {"year": year, "n": len(scores)},
                _("附件：委员履职考核结果名单"),
            ],
            dated,
            _("委员履职考核结果名单"),
            annex,
        )
    ]


def _reminders(assessment: AssessmentYear, low: list[results.LowScorer], dated) -> list[Letter]:
    letters = []
    for x in low:
        first = _("经主席会议审定，您%(year)s年度履职考核得分%(score)s分，低于60分。") % {
            "year": assessment.year,
            "score": x.score.score,
        }
        if x.two_years:
            first += _(
                "您上一年度得分%(previous)s分，已连续两年低于60分，按照本会委员履职考核办法，将由本会负责同志约谈。"
            ) % {"previous": x.previous}
        else:
            first += _("按照本会委员履职考核办法，将由所在界别召集人与您谈话提醒。")
        letters.append(
            Letter(
                REMINDER,
                _("履职提醒函"),
                _("%(name)s委员") % {"name": x.score.member.name},
                [
                    first,
                    _(
                        "希望您珍惜委员荣誉，按时参加全体会议和各类履职活动，积极提交提案和社情民意信息，"
                        "切实履行委员职责。"
                    ),
                ],
                dated,
            )
        )
    return letters


def letters_for(
    access: Access,
    assessment: AssessmentYear,
    kind: str,
    *,
    member: int | None = None,
    band: str = "",
    ref: str = "",
    addressee: str = "",
) -> Letters:
    """The letters of one kind, or every letter of the year (kind "all": each member's letters to their
    recommending unit and work unit, the two departments' letters with the list, then the reminder letters), to
    the members in the reader's scope; `member` narrows to one, `band` the result letters to one band."""
    results.ensure_published(assessment)
    visible = visible_members(access)
    scores = Score.objects.filter(assessment=assessment, member__in=visible).select_related("member", "membership")
    if member is not None:
        scores = scores.filter(member_id=member)
    if band:
        scores = scores.filter(band=band)
    ranked = list(scores.order_by("rank", "-score", "member__name_pinyin"))
    dated = approved_on(assessment)
    committee = access.committee
    letters: list[Letter] = []
    for to in results.RECIPIENTS:
        if kind in (to, ALL):
            letters += _result_letters(committee, assessment, ranked, to, addressee if kind == to else "", dated)
    if kind in (REMINDER, ALL):
        ids = set(visible.values_list("pk", flat=True))
        low = [
            x
            for x in results.low_scorers(assessment)
            if x.score.member_id in ids and member in (None, x.score.member_id)
        ]
        letters += _reminders(assessment, low, dated)
    return Letters(committee, assessment, ref.strip(), letters)


def filename(assessment: AssessmentYear, kind: str) -> str:
    if kind in results.RECIPIENTS:
        what = _("致%(to)s函") % {"to": results.RECIPIENTS[kind]}
    else:
        what = _("提醒函") if kind == REMINDER else _("全部函件")
    return _("%(year)s年度考核结果运用-%(what)s.pdf") % {"year": assessment.year, "what": what}


def _styles() -> dict:
    body = style("body", fontSize=16, leading=28, firstLineIndent=32)
    return {
        "masthead": style("masthead", fontSize=28, leading=36, alignment=TA_CENTER, textColor=RED),
        "ref": style("ref", fontSize=16, leading=24, alignment=TA_CENTER),
        "title": style("title", fontSize=22, leading=32, alignment=TA_CENTER, spaceAfter=8 * mm),
        "to": style("to", fontSize=16, leading=28),
        "body": body,
        "sign": style("sign", fontSize=16, leading=28, alignment=TA_RIGHT, rightIndent=16),
        "annex": style("annex", fontSize=18, leading=28, alignment=TA_CENTER, spaceAfter=4 * mm),
        "cell": style("cell", fontSize=12, leading=16, alignment=TA_CENTER),
    }


def _letter_story(letters: Letters, letter: Letter, st: dict) -> list[Flowable]:
    width = frame_width(MARGINS)
    story: list[Flowable] = [para(letters.committee.name, st["masthead"]), Spacer(1, 4 * mm)]
    if letters.ref:
        story.append(para(letters.ref, st["ref"]))
    story += [
        HRFlowable(width="100%", thickness=1.5, color=RED, spaceBefore=2 * mm, spaceAfter=10 * mm),
        para(letter.title, st["title"]),
        para(f"{letter.addressee}：", st["to"]),
        *(para(text, st["body"]) for text in letter.paragraphs),
    ]
    sign = [Spacer(1, 14 * mm), para(letters.committee.name, st["sign"])]
    if letter.dated:
        sign.append(para(f"{letter.dated.year}年{letter.dated.month}月{letter.dated.day}日", st["sign"]))
    story.append(KeepTogether(sign))
    if letter.annex:
        story += [PageBreak(), para(letter.annex_title, st["annex"])]
        # Cells are plain one-line text, which lays out several times faster than paragraphs (a department's list
        # names every member); only a unit and post too wide for its column wraps as a paragraph.
        widths = [width * f for f in (0.1, 0.16, 0.46, 0.12, 0.16)]
        fits = widths[2] - 8  # the cell's padding

        def unit(text: str) -> object:
            return text if stringWidth(text, FONT, 12) <= fits else para(text, st["cell"])

        head, *rows = [[*row[:2], unit(row[2]), *row[3:]] for row in letter.annex]
        table_style = TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("FONT", (0, 0), (-1, -1), FONT, 12, 16),
            ]
        )
        # The list as blocks of rows, one table each, drawn edge to edge so they read as one table with its header
        # once at the top: ReportLab splits one long table across pages again and again, in time growing with the
        # square of its length.
        blocks = [rows[start : start + ANNEX_BLOCK] for start in range(0, len(rows), ANNEX_BLOCK)] or [[]]
        for n, block in enumerate(blocks):
            table = Table([head, *block] if n == 0 else block, colWidths=widths)
            table.setStyle(table_style)
            story.append(table)
    return story


def letters_pdf(letters: Letters) -> bytes:
    """Every letter on its own pages, in one A4 PDF whose Chinese text is extractable."""
    st = _styles()
    story: list[Flowable] = []
    for n, letter in enumerate(letters.letters):
        if n:
            story.append(PageBreak())
        story += _letter_story(letters, letter, st)
    if not story:
        story.append(para(_("没有需要发出的函件。"), st["to"]))
    title = _("%(year)s年度委员履职考核结果运用函件") % {"year": letters.assessment.year}
    return render(story, title=title, author=letters.committee.name, margins=MARGINS)
