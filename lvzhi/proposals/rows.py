"""The proposal lists' rows as Jinja2 fragments (lvzhi.core.jinja): the Django engine's per-variable lookups and
an {% include %} per row were most of a 100-row list's time."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString

from lvzhi.core.choices import labels
from lvzhi.core.jinja import render_rows
from lvzhi.proposals.models import Assignment, Category, Proposal

P = Proposal.Status

# The status badge's colour, as proposals/_status.html gives it (text-bg-info for the others).
BADGES = {
    P.DRAFT: "text-bg-warning",
    P.RETURNED: "text-bg-warning",
    P.NOT_ACCEPTED: "text-bg-secondary",
    P.WITHDRAWN: "text-bg-secondary",
    P.CLOSED: "text-bg-success",
}


def _labels() -> dict[str, dict[str, str]]:
    return {
        "status": labels(P),
        "category": labels(Category),
        "role": labels(Assignment.Role),
    }


def render(template: str, detail: str, request: HttpRequest | None = None, **context: Any) -> SafeString:
    """The fragment with the labels, the badges and `detail_url`: the `detail` page's URL less the id (one
    reverse() a page, not one a row)."""
    detail_url = reverse(detail, args=[0]).removesuffix("0/")
    return render_rows(
        f"proposals/{template}",
        {"labels": _labels(), "badges": BADGES, "detail_url": detail_url, **context},
        request,
    )
