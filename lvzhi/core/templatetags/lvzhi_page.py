"""{% capture as name %}…{% endcapture %}: render a part once and reuse it, so base.html shows a page's title block
both in <title> and as the last breadcrumb (Django allows each block only once per template)."""

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.utils.safestring import mark_safe

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context: Context) -> str:
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # already escaped while rendering
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
