"""Shared pieces of the JSON API: auth, the error envelope, pagination and capability checks."""

import datetime
import warnings
from collections.abc import Callable
from enum import Enum
from functools import cache
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from pydantic import BaseModel, PlainSerializer

from lvzhi.core.capabilities import Capability
from lvzhi.core.errors import NotAllowed, NotFound
from lvzhi.core.tenancy import Access

M = TypeVar("M", bound=Model)
MAX_PAGE_SIZE = 200

# API.md: times go out as ISO 8601 with the Asia/Shanghai offset, not the database's UTC.
LocalDateTime = Annotated[
    datetime.datetime, PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str)
]


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # CommitteeMiddleware has already resolved the token into request.user.
        return request.user if getattr(request, "token_user", None) is not None else None


class CheckedSessionAuth(SessionAuth):
    """Browser sessions with django-ninja's CSRF check, whose failure speaks our envelope, not English."""

    def __call__(self, request: HttpRequest) -> Any:
        try:
            return super().__call__(request)
        except HttpError as exc:
            if exc.status_code == 403:
                raise NotAllowed("csrf.failed", _("安全校验（CSRF）失败，请刷新页面后重试")) from None
            raise


AUTH = [BearerAuth(), CheckedSessionAuth()]


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(Schema):
    error: ErrorBody


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def need(request: HttpRequest, *capabilities: Capability) -> Access:
    """The caller acts in a committee and holds every capability named; 404/403 otherwise.

    The request remembers what was asked, so the API sweep can prove every operation checks a capability."""
    request.checked_capabilities = capabilities  # type: ignore[attr-defined]
    access: Access | None = getattr(request, "access", None)
    if access is None or request.committee is None:
        raise NotFound("committee.not_selected", _("未选择所属政协"))
    for capability in capabilities:
        if not access.can(capability):
            raise NotAllowed("permission.denied", _("没有执行此操作的权限"))
    return access


def need_any(request: HttpRequest, *capabilities: Capability) -> Access:
    """The caller acts in a committee and holds at least one of the capabilities (staff who read, or the member
    themself); 404/403 otherwise."""
    access = need(request)
    request.checked_capabilities = capabilities  # type: ignore[attr-defined]
    if not any(access.can(c) for c in capabilities):
        raise NotAllowed("permission.denied", _("没有执行此操作的权限"))
    return access


def get_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound("not_found", _("对象不存在")) from None


S = TypeVar("S", bound=BaseModel)


def trusted(schema: type[S], data: dict[str, Any]) -> S:
    """`data` (a list page's rows as the database typed them) as a `schema` instance built without validating it.

    Returned as the operation's response, ninja only serialises it (it skips validating a result that is already an
    instance of the response schema): validating 50 rows field by field through ninja's getter cost more than the
    page's queries. Nested schemas, lists of them and enums are built too, so serialising warns of nothing. The test
    suite sets API_CHECK_TRUSTED: every instance built here is then validated too and must serialise the same."""
    built = _construct(schema, data)
    if settings.API_CHECK_TRUSTED:
        _check(schema, data, built)
    return built


def _construct(schema: type[S], data: dict[str, Any]) -> S:
    values = {}
    for name, build in _plan(schema):
        if name in data:
            value = data[name]
            values[name] = value if build is None or value is None else build(value)
    return schema.model_construct(**values)


def _check(schema: type[BaseModel], data: dict[str, Any], built: BaseModel) -> None:
    """The test suite's guard: what `trusted` built serialises, without a warning, as validation would make it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fast = built.model_dump(mode="json")
    slow = schema.model_validate(data).model_dump(mode="json")
    if fast != slow:
        raise AssertionError(f"{schema.__name__} built without validation differs: {fast!r} != {slow!r}")


@cache
def _plan(schema: type[BaseModel]) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    return tuple((name, _builder(field.annotation)) for name, field in schema.model_fields.items())


def _builder(annotation: Any) -> Callable[[Any], Any] | None:
    """How to build a value of `annotation` from plain data, or None when plain data serialises as it is."""
    origin = get_origin(annotation)
    if origin in (Union, UnionType):
        builders = [b for b in (_builder(a) for a in get_args(annotation) if a is not type(None)) if b is not None]
        return builders[0] if len(builders) == 1 else None
    if origin is list:
        item = _builder(get_args(annotation)[0])
        return None if item is None else lambda rows: [item(row) for row in rows]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return lambda row: _construct(annotation, row) if isinstance(row, dict) else row
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    return None


def paginate(queryset: QuerySet[Any], page: int, page_size: int, count: int | None = None) -> tuple[int, QuerySet[Any]]:
    """The total and one page; `count` when the caller has a cheaper way to the same total."""
    page = max(page, 1)
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    start = (page - 1) * page_size
    return queryset.count() if count is None else count, queryset[start : start + page_size]


__all__ = [
    "AUTH",
    "ErrorOut",
    "Http404",
    "LocalDateTime",
    "PermissionDenied",
    "error_body",
    "get_or_404",
    "need",
    "need_any",
    "paginate",
    "trusted",
]
