"""The PDF kit (ReportLab) beside the .xlsx one: a Chinese font that needs no font file, paragraphs of plain text,
and an A4 document. The archive (一人一档) and the assessment letters (公文) are drawn with it.

The font is ReportLab's built-in Adobe CID font STSong-Light: nothing is installed on the server or embedded in
the file (every PDF reader supplies the Adobe-GB1 fonts), and its text is stored as Unicode (UniGB-UCS2-H), so the
Chinese can be searched and extracted from the file.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = A4


def register_font() -> None:
    # Registered on first use, so importing a view does not load the font's CMap.
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def style(name: str, **kw: object) -> ParagraphStyle:
    """A paragraph style in the Chinese font, wrapping between any two characters as Chinese text does.

    The font is registered here: a Paragraph looks its font up as it is made, before the document is built."""
    register_font()
    return ParagraphStyle(name, fontName=FONT, wordWrap="CJK", **kw)


def para(text: object, paragraph_style: ParagraphStyle) -> Paragraph:
    # Paragraph reads a little markup: the text is escaped, line breaks kept.
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), paragraph_style)


def render(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    margins: tuple[float, float, float, float] = (16 * mm, 16 * mm, 16 * mm, 16 * mm),
) -> bytes:
    """The story laid out on A4 pages; margins are (top, right, bottom, left)."""
    buffer = BytesIO()
    top, right, bottom, left = margins
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=top,
        rightMargin=right,
        bottomMargin=bottom,
        leftMargin=left,
        title=title,
        author=author,
    )
    doc.build(story)
    return buffer.getvalue()


def frame_width(margins: tuple[float, float, float, float] = (16 * mm, 16 * mm, 16 * mm, 16 * mm)) -> float:
    return PAGE_WIDTH - margins[1] - margins[3]
