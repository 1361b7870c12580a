"""Tags for the parts of hot pages where the template engine's per-variable cost adds up."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from lvzhi.core.widgets import option_tags

register = template.Library()


@register.simple_tag
def options(choices: Iterable[tuple[Any, Any]], selected: Any = "") -> SafeString:
    """<option> elements for (value, label) pairs, the one equal to `selected` (compared as text) selected:
    one tag instead of a {% for %} with an {% if %} per option."""
    return option_tags(choices, {"" if selected is None else str(selected)})
