"""The form side of the input kit (lvzhi/core/apiinput.py holds the API side): pages refuse the same junk.

- text fields are trimmed of spaces and zero-width characters, and a required one left with nothing visible is
  refused (Django's own `strip` knows no zero-width characters; NUL bytes Django's CharField already refuses);
- dates and times outside the years 1900–2100 are refused (date arithmetic overflows near year 9999);
- a query string with a NUL byte is refused before any page filters with it (PostgreSQL cannot hold one);
- an id in the query string (a report's filter) is read by `query_id`: junk is no filter rather than a 500.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from lvzhi.core.apiinput import INVISIBLE, MAX_ID, MAX_YEAR, MIN_YEAR


def query_id(request: HttpRequest, name: str) -> int | None:
    """A positive id from the query string, else None: text, zero, "²" (a digit to str.isdigit, not to int) or a
    number beyond the database's BIGINT is no filter, so a stale or edited link still shows the page."""
    raw = request.GET.get(name, "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID else None


class CleanInputMixin:
    """For every form base of the project: put it before forms.Form / forms.ModelForm."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(value, str) and isinstance(field, forms.CharField):
                if isinstance(field.widget, forms.PasswordInput):
                    continue
                trimmed = value.strip().strip(INVISIBLE).strip()
                if field.required and not trimmed:
                    self.add_error(name, _("不能为空或只有空格"))  # type: ignore[attr-defined]
                else:
                    cleaned[name] = trimmed
            elif isinstance(value, datetime.date) and not MIN_YEAR <= value.year <= MAX_YEAR:
                self.add_error(name, _("年份应在%(a)s至%(b)s之间") % {"a": MIN_YEAR, "b": MAX_YEAR})  # type: ignore[attr-defined]
        return cleaned


class RefuseNulQueryMiddleware:
    """A page asked with a NUL byte in its query string answers 400 (under /api/ the input kit refuses those)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(_("请求中含有空字符（NUL），已拒绝").encode())
        return self.get_response(request)
