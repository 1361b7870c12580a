"""The Jinja2 row fragments' helpers (issue 7): what they shortcut must still give Django's results."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from lvzhi.core.jinja import UrlFor, _translator, local_format, render_rows


def render(source: str, **context: object) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_translated_labels_escape_their_arguments_and_keep_percent_signs():
    with translation.override("zh-hans"):
        html = render(
            """{{ _("将 %(name)s 移出参加名单，并通知本人。", name=name) }}|{{ _("100%%") }}""", name="<b>王</b>"
        )
    assert html == "将 &lt;b&gt;王&lt;/b&gt; 移出参加名单，并通知本人。|100%"


def test_the_translator_a_fragment_gets_per_render_formats_as_the_global_one():
    with translation.override("zh-hans"):
        translate = _translator(translation.get_language())
        assert translate("100%%") == translate("100%%") == "100%"
        assert translate("将 %(name)s 移出参加名单，并通知本人。", name="<b>王</b>") == (
            "将 &lt;b&gt;王&lt;/b&gt; 移出参加名单，并通知本人。"
        )
        with pytest.raises(KeyError):
            translate("第 %(n)s 位")  # a message with placeholders needs its values, as the global `_` does


def test_url_for_gives_what_reverse_gives():
    detail = UrlFor("opinions:desk_detail")
    assert detail(7) == reverse("opinions:desk_detail", args=[7])
    assert detail(123456) == reverse("opinions:desk_detail", args=[123456])


def test_dates_format_without_a_time_zone_shift():
    assert local_format(datetime.date(2026, 3, 9), "n月j日") == "3月9日"


def test_every_form_of_a_fragment_carries_the_same_csrf_token():
    """As {% csrf_token %} in a Django page: one token a render, not a fresh one each time a row prints it."""
    now = timezone.now()
    items = [
        (SimpleNamespace(pk=pk, read_at=None, title="标题", body="", created_at=now), "/activities/1/") for pk in (1, 2)
    ]
    html = render_rows(
        "core/_inbox_rows.jinja", {"items": items, "read_url": "/inbox/read/"}, RequestFactory().get("/")
    )
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) == 4 and len(set(tokens)) == 1
