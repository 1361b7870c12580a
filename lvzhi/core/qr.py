"""QR codes as inline SVG, drawn by the segno package (pure Python; no outside service at run time)."""

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, label: str) -> SafeString:
    """An <svg> that scales to its container, on a white quiet zone, named for screen readers. Level M: 15 % may
    be smudged or glared and still scan.

    segno chooses the smallest version that holds `data` (up to version 40), so a long venue URL on a
    deployment with a long host name still gets a code.
    """
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(
        border=4, omitsize=True, light="#fff", dark="#000", title=label, svgclass="lz-qr d-block w-100"
    )
    # segno escapes the title it writes; the aria-label is ours to escape.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
