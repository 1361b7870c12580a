"""One input kit for the JSON API: every number, date, time and text a client sends is bounded here, at the
schema level, so the OpenAPI schema tells clients the limits and nothing out of range reaches the database.

- integers: never booleans (`true` is not 1), within 64 bits (ids) or a sensible range (pages, years);
- dates and times: ISO 8601 text only (never a Unix timestamp), years 1900–2100, clock times without a zone;
- text: no NUL byte, a length limit everywhere; names are trimmed of spaces and zero-width characters and
  must keep something;
- bodies: a JSON object, never a string, array or number read as one;
- enums: each under its own name in the schema (`choice`), so two `Kind`s never collide.
"""

import datetime
import enum
from typing import Annotated, Any

import annotated_types
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ModelWrapValidatorHandler,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

MAX_ID = 2**63 - 1  # the database's BIGINT; beyond it a lookup overflows instead of finding nothing
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 200
MIN_YEAR, MAX_YEAR = 1900, 2100
# Characters that show nothing: a name of only these is as empty as one of spaces.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"


def _refuse(kind: str, message: Any) -> PydanticCustomError:
    """An error whose type starts with "input.": its message is already for people (the API shows it as is)."""
    return PydanticCustomError(kind, str(message))


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise _refuse("input.bool", _("应为整数"))
    return value


def Int(ge: int, le: int) -> Any:
    """An integer within [ge, le]; `true`/`false` are refused rather than read as 1/0."""
    # The bounds before the validator, so the schema publishes them as minimum/maximum.
    return Annotated[int, annotated_types.Interval(ge=ge, le=le), BeforeValidator(_not_bool)]


Id = Int(1, MAX_ID)
Page = Int(1, MAX_PAGE)
PageSize = Int(1, MAX_PAGE_SIZE)
Year = Int(MIN_YEAR, MAX_YEAR)


def _iso_text(value: Any) -> Any:
    """Dates and times come as ISO 8601 text: a number would be read as seconds since 1970."""
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().lstrip("-").isdigit()):
        raise _refuse("input.not_iso", _("日期和时间应为 ISO 8601 文本"))
    return value


def _year_in_range(value: datetime.date) -> datetime.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise _refuse("input.year", _("年份应在%(a)s至%(b)s之间") % {"a": MIN_YEAR, "b": MAX_YEAR})
    return value


def _aware(value: datetime.datetime) -> datetime.datetime:
    _year_in_range(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _no_zone(value: datetime.time) -> datetime.time:
    if value.tzinfo is not None:
        raise _refuse("input.time_zone", _("时刻不应带时区，例如 09:00"))
    return value


Day = Annotated[datetime.date, BeforeValidator(_iso_text), AfterValidator(_year_in_range)]
Moment = Annotated[datetime.datetime, BeforeValidator(_iso_text), AfterValidator(_aware)]
# JSON Schema's "time" format demands an offset, which a clock time on a calendar rule never has.
CLOCK_TIME_SCHEMA = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "examples": ["09:00"]}
ClockTime = Annotated[
    datetime.time, BeforeValidator(_iso_text), AfterValidator(_no_zone), WithJsonSchema(CLOCK_TIME_SCHEMA)
]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise _refuse("input.nul", _("不能包含空字符（NUL）"))
    return value


def _trimmed(value: str) -> str:
    value = _no_nul(value).strip().strip(INVISIBLE).strip()
    if not value:
        raise _refuse("input.blank", _("不能为空或只有空格"))
    return value


def Text(max_length: int, **more: Any) -> Any:
    """Free text up to max_length characters, without NUL bytes."""
    return Annotated[str, Field(max_length=max_length, **more), AfterValidator(_no_nul)]


def Name(max_length: int, min_length: int = 1) -> Any:
    """A title or name: trimmed, and refused when nothing visible is left."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_trimmed)]


def choice(choices: type[TextChoices], name: str) -> Any:
    """The choices under a name of their own in the OpenAPI schema (Django's are all `Status`, `Kind`…).
    Values are plain strings equal to the model's choices."""
    return enum.StrEnum(name, {member.name: member.value for member in choices}, module=__name__)


class Body(Schema):
    """A request body: a JSON object. Any other JSON (a string, array or number) is refused, never read
    attribute by attribute as if it were the object (django-ninja's Schema reads objects by attribute)."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler, info: ValidationInfo) -> Any:
        if not isinstance(values, dict | cls):
            raise _refuse("input.not_object", _("请求体应为 JSON 对象"))
        return handler(DjangoGetter(values, cls, info.context))
