"""The JSON API root (/api/v1/). Each app contributes its router; errors share one envelope."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lvzhi.accounts.api import router as accounts_router
from lvzhi.activities.api import router as activities_router
from lvzhi.api.errors import status_error
from lvzhi.api.inbox import router as inbox_router
from lvzhi.api.openapi import LvzhiAPI
from lvzhi.assessment.api import router as assessment_router
from lvzhi.assessment.api_archive import router as archive_router
from lvzhi.assessment.api_cycle import router as assessment_cycle_router
from lvzhi.core.apikit import AUTH, error_body
from lvzhi.core.errors import DomainError
from lvzhi.dashboard.api import router as dashboard_router
from lvzhi.dashboard.api_home import router as home_router
from lvzhi.ledger.api import router as duty_router
from lvzhi.liaison.api import router as liaison_router
from lvzhi.notices.api import router as notices_router
from lvzhi.opinions.api import router as opinions_router
from lvzhi.org.api.members import router as org_router
from lvzhi.org.api.photo import router as photo_router
from lvzhi.org.api.positions import router as positions_router
from lvzhi.org.api.structure import router as structure_router
from lvzhi.planning.api import router as planning_router
from lvzhi.proposals.api import router as proposals_router

api = LvzhiAPI(
    title="Lvzhi 履职 API",
    version="1",
    description=_("政协委员履职服务管理平台公共接口"),
    auth=AUTH,
    urls_namespace="api",
)


def _respond(request: HttpRequest, status: int, code: str, message: str, fields: dict | None = None) -> HttpResponse:
    return api.create_response(request, error_body(code, message, fields), status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    response = _respond(request, exc.status, exc.code, exc.message, exc.fields)
    if getattr(exc, "retry_after", None):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _respond(request, 401, "auth.required", _("请先登录"))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _respond(request, 404, "not_found", _("对象不存在"))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _respond(request, 403, "permission.denied", _("没有执行此操作的权限"))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own failures (a body that is not JSON, …) carry English text: answer by their status."""
    return _respond(request, exc.status_code, *status_error(exc.status_code))


@api.exception_handler(RequestDataTooBig)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _respond(request, 413, *status_error(413))


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", [])]
        # Only the leading parts say where the input came from (a field may itself be called "body").
        if loc and loc[0] in ("body", "query", "path", "form"):
            loc.pop(0)
        if loc and loc[0] == "payload":
            loc.pop(0)
        fields.setdefault(".".join(loc) or "__all__", []).append(_translate_pydantic(error))
    return _respond(request, 400, "validation.invalid", _("提交的数据有误"), fields)


@api.exception_handler(OverflowError)
def number_too_large(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # The input kit bounds every integer it knows; a number that still reaches the database beyond its range
    # is the caller's bad input, not a server error.
    return _respond(request, 400, "validation.invalid", _("数值超出允许范围"))


@api.exception_handler(DjangoValidationError)
def model_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else None
    return _respond(request, 400, "validation.invalid", "；".join(str(m) for m in exc.messages), fields)


PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("此项为必填"),
    "string_type": gettext_lazy("应为文本"),
    "int_parsing": gettext_lazy("应为整数"),
    "int_type": gettext_lazy("应为整数"),
    "bool_parsing": gettext_lazy("应为是/否"),
    "date_from_datetime_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD"),
    "date_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD"),
    "datetime_parsing": gettext_lazy("时间格式应为 ISO 8601"),
    "datetime_from_date_parsing": gettext_lazy("时间格式应为 ISO 8601"),
    "enum": gettext_lazy("取值不在允许范围内"),
    "literal_error": gettext_lazy("取值不在允许范围内"),
    "string_too_long": gettext_lazy("内容过长"),
    "string_too_short": gettext_lazy("内容过短"),
    "value_error": gettext_lazy("取值无效"),
    "json_invalid": gettext_lazy("JSON 格式错误"),
    "greater_than_equal": gettext_lazy("数值过小"),
    "greater_than": gettext_lazy("数值过小"),
    "less_than_equal": gettext_lazy("数值过大"),
    "less_than": gettext_lazy("数值过大"),
    "int_from_float": gettext_lazy("应为整数"),
    "float_parsing": gettext_lazy("应为数字"),
    "float_type": gettext_lazy("应为数字"),
    "bool_type": gettext_lazy("应为是/否"),
    "list_type": gettext_lazy("应为列表"),
    "dict_type": gettext_lazy("应为 JSON 对象"),
    "model_type": gettext_lazy("应为 JSON 对象"),
    "model_attributes_type": gettext_lazy("应为 JSON 对象"),
    "too_long": gettext_lazy("项目过多"),
    "too_short": gettext_lazy("至少需要一项"),
    "string_pattern_mismatch": gettext_lazy("格式不正确"),
    "date_type": gettext_lazy("日期格式应为 YYYY-MM-DD"),
    "datetime_type": gettext_lazy("时间格式应为 ISO 8601"),
    "time_parsing": gettext_lazy("时刻格式应为 HH:MM"),
    "time_type": gettext_lazy("时刻格式应为 HH:MM"),
    "int_from_bool": gettext_lazy("应为整数"),
    "string_unicode": gettext_lazy("应为文本"),
    "extra_forbidden": gettext_lazy("不允许的字段"),
    "union_tag_invalid": gettext_lazy("取值不在允许范围内"),
}


def _translate_pydantic(error: dict) -> str:
    """Our input kit's errors (apiinput) already speak Chinese; pydantic's own are looked up by type."""
    kind = error.get("type", "")
    if kind in PYDANTIC_MESSAGES:
        return str(PYDANTIC_MESSAGES[kind])
    if kind.startswith("input.") and error.get("msg"):
        return str(error["msg"])
    return str(PYDANTIC_MESSAGES["value_error"])


api.add_router("", accounts_router)
api.add_router("", org_router)
api.add_router("", positions_router)
api.add_router("", photo_router)
api.add_router("", structure_router)
api.add_router("", activities_router)
api.add_router("", duty_router)
api.add_router("", inbox_router)
api.add_router("", planning_router)
api.add_router("", notices_router)
api.add_router("", assessment_router)
api.add_router("", dashboard_router)
api.add_router("", home_router)
api.add_router("", liaison_router)
api.add_router("", proposals_router)
api.add_router("", opinions_router)
api.add_router("", assessment_cycle_router)
api.add_router("", archive_router)
