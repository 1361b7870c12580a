"""Template filters for the statistics and target screens."""

from django import template

from lvzhi.assessment.export_tables import percent

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    return percent(value)
