"""QR codes on the check-in screens, drawn by segno as inline SVG that scales with its box."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str, *, label: str) -> SafeString:
    """Level M (15 % may be smudged or glared and still scan), white quiet zone, titled for screen readers."""
    code = segno.make(text, error="m", micro=False)
    svg = code.svg_inline(omitsize=True, border=4, light="#fff", title=label, svgclass="lz-qr d-block w-100")
    # segno escapes the title and draws only the modules: safe to inline.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))
