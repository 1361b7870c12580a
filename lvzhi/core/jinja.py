"""Jinja2 for the hottest fragments: the rows of long lists (issue 7).

The Django engine resolves every {{ row.x }} through a chain of lookups; across 50 rows of a dozen columns that
was half of a directory page. Jinja2 compiles a template to Python, so the same rows cost a tenth. Pages stay
Django templates; a view renders its rows with render_rows() and passes the HTML in. Row templates live in
<app>/jinja2/ and use the same gettext catalog through `_()`/`ngettext()`.
"""

import datetime
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from jinja2 import Environment
from markupsafe import Markup


def environment(**options: Any) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    # `_()` called directly: the extension's alias goes through three context calls a string, which on a
    # 50-row roster (900 labels) was a third of the fragment. Same result: arguments escaped, %% always formatted.
    env.globals["_"] = _gettext
    env.globals["url"] = reverse
    env.filters["date"] = local_format  # Django's date format letters, as |date and |time in Django templates
    env.filters["truncatechars"] = lambda value, n: Truncator(value).chars(n)  # as Django's |truncatechars
    return env


# Fragments' labels are literals, so the catalog lookup is done once per language and message, not per row; a
# label without variables is formatted once too (Markup's % escapes through a helper object, ~15 labels a row).
def _lookup(table: dict[str, tuple[Markup, Markup | None]], message: str) -> tuple[Markup, Markup | None]:
    text = Markup(translation.gettext(message))
    try:
        plain = text % {}
    except (KeyError, TypeError, ValueError):
        plain = None  # placeholders: formatted at each call, failing there as before when none are given
    table[message] = found = (text, plain)
    return found


@cache
def _translator(language: str | None) -> Any:
    """`_()` for fragments rendered in `language`: the active language is read once a render, not once a label."""
    table: dict[str, tuple[Markup, Markup | None]] = {}

    def gettext(message: str, **variables: Any) -> Markup:
        text, plain = table.get(message) or _lookup(table, message)
        return plain if plain is not None and not variables else text % variables

    return gettext


def _gettext(message: str, **variables: Any) -> Markup:
    return _translator(translation.get_language())(message, **variables)


# The format letters the portal's fragments use, written directly: Django's DateFormat object and its
# translated lookups cost more per date than the rest of a card.
_LETTERS = {
    "Y": lambda d: f"{d.year:04d}",
    "m": lambda d: f"{d.month:02d}",
    "d": lambda d: f"{d.day:02d}",
    "n": lambda d: str(d.month),
    "j": lambda d: str(d.day),
    "H": lambda d: f"{d.hour:02d}",
    "i": lambda d: f"{d.minute:02d}",
    "D": lambda d: str(WEEKDAYS_ABBR[d.weekday()]),
}


def local_format(value: datetime.date | None, fmt: str) -> str:
    """Django's |date (format letters, localised weekday names) in the site's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value) if isinstance(value, datetime.datetime) else value  # a date stays as is
    if not all(c in _LETTERS or not c.isascii() or not c.isalpha() for c in fmt):
        return dateformat.format(local, fmt)
    return "".join(_LETTERS[c](local) if c in _LETTERS else c for c in fmt)


class UrlFor:
    """A URL taking one id, reversed once a page: rows put their own id in (reverse() a row costs more than
    the row's markup)."""

    _MARK = 2_147_483_647

    def __init__(self, name: str) -> None:
        self.head, _, self.tail = reverse(name, args=[self._MARK]).rpartition(str(self._MARK))

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


def render_rows(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> SafeString:
    """A Jinja2 fragment as HTML for a Django template (autoescaped by Jinja2, so safe to include as is).
    With the request, the fragment also has `request`, `csrf_input` and `csrf_token` for its forms."""
    if request is not None:
        # One masked token for every form, as {% csrf_token %} gives: the backend's lazy csrf_input draws a
        # fresh random token each time a row prints it (60 a page of messages).
        token = get_token(request)
        context = {
            **context,
            "request": request,
            "csrf_token": token,
            "csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token),
        }
    context = {**context, "_": _translator(translation.get_language())}
    return mark_safe(render_to_string(template, context, using="jinja2"))
