"""A choice set's labels by value, translated once per language and process.

get_FOO_display() rebuilds the field's choice list and hashes every lazy label on each call; over a list of rows
that was a third of a page's or an export's time."""

from functools import cache

from django.db import models
from django.utils import translation


@cache
def _labels(choices: type[models.Choices], language: str | None) -> dict[str, str]:
    with translation.override(language):
        return {value: str(label) for value, label in choices.choices}


def labels(choices: type[models.Choices]) -> dict[str, str]:
    """{value: label} in the active language."""
    return _labels(choices, translation.get_language())


def choice_label(choices: type[models.Choices], value: str) -> str:
    """The label of a stored value in the active language (the value itself when it is not a choice)."""
    return labels(choices).get(value, value)
