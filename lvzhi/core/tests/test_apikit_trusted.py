"""core.apikit.trusted: a list page built without validation serialises as the validated one, and the suite's
guard catches a row that would not."""

import datetime
import enum

import pytest
from ninja import Schema

from lvzhi.core.apikit import LocalDateTime, trusted


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


class Ref(Schema):
    type: str
    id: int


class Row(Schema):
    id: int
    colour: Colour
    at: LocalDateTime
    source: Ref | None
    refs: list[Ref]
    note: str | None = None


class Page(Schema):
    count: int
    items: list[Row]


AT = datetime.datetime(2026, 12, 5, 8, 30, tzinfo=datetime.UTC)
ROWS = [
    {"id": 1, "colour": "red", "at": AT, "source": {"type": "activity", "id": 7}, "refs": [{"type": "a", "id": 1}]},
    {"id": 2, "colour": "blue", "at": AT, "source": None, "refs": [], "note": "备注"},
]


def test_a_page_built_without_validation_serialises_as_the_validated_one(settings):
    settings.API_CHECK_TRUSTED = False  # compared here by hand
    page = trusted(Page, {"count": 2, "items": ROWS})
    assert isinstance(page.items[0].source, Ref) and page.items[0].colour is Colour.RED
    assert page.model_dump(mode="json") == Page.model_validate({"count": 2, "items": ROWS}).model_dump(mode="json")
    assert page.model_dump(mode="json")["items"][0]["at"] == "2026-12-05T16:30:00+08:00"


def test_the_suites_guard_refuses_a_row_validation_would_change(settings):
    settings.API_CHECK_TRUSTED = True
    trusted(Page, {"count": 2, "items": ROWS})
    with pytest.raises((AssertionError, UserWarning)):
        trusted(Page, {"count": "2", "items": ROWS})  # a string where the schema says int
