"""Tags for the parts of hot pages where the template engine's per-variable cost adds up."""

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django import template
from django.db.models import Field, Model
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from lvzhi.core.widgets import option_tags

register = template.Library()


@register.simple_tag
def options(choices: Iterable[tuple[Any, Any]], selected: Any = "") -> SafeString:
    """<option> elements for (value, label) pairs, the one equal to `selected` (compared as text) selected:
    one tag instead of a {% for %} with an {% if %} per option."""
    return option_tags(choices, {"" if selected is None else str(selected)})


@lru_cache(maxsize=512)
def _labels(field: Field, language: str | None) -> dict[Any, str]:
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def choice_label(obj: Model, name: str) -> Any:
    """`obj.get_<name>_display()` for list rows: Django's rebuilds the field's whole choice list, translating
    every label, on each call; this looks the value up in a table kept per field and language."""
    field = obj._meta.get_field(name)
    value = getattr(obj, field.attname)
    return _labels(field, get_language()).get(value, value)
