"""Every failure under /api/ answers the one error envelope, including those Django or django-ninja produce
before or outside our handlers: unknown paths (404), wrong methods (405), bodies over the size cap (413),
server errors (500)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from lvzhi.core.apikit import error_body

API_PREFIX = "/api/"


def status_error(status: int) -> tuple[str, str]:
    """The stable code and the Chinese message of an HTTP failure that no domain error explains."""
    known = {
        400: ("request.malformed", _("请求格式有误，请提交有效的 JSON")),
        401: ("auth.required", _("请先登录")),
        403: ("permission.denied", _("没有执行此操作的权限")),
        404: ("not_found", _("请求的接口或对象不存在")),
        405: ("method.not_allowed", _("该接口不支持此请求方法")),
        409: ("conflict", _("与当前状态冲突")),
        413: ("request.too_large", _("请求内容过大")),
        415: ("request.unsupported_type", _("不支持的内容类型")),
        422: ("request.unprocessable", _("提交的内容无法处理")),
        429: ("rate.limited", _("请求过于频繁，请稍后再试")),
    }
    if status in known:
        return known[status]
    if status >= 500:
        return "server.error", _("服务器出错了，请稍后重试；问题已记录")
    return "http.error", _("请求无法完成")


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiErrorEnvelopeMiddleware:
    """Turns an error response under /api/ that is not already JSON into the envelope, keeping its status and
    headers such as `Allow`. Placed first, so it also sees Django's own 404 and 500 pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400 or _is_json(response):
            return response
        code, message = status_error(response.status_code)
        envelope = JsonResponse(error_body(code, message), status=response.status_code)
        for header in ("Allow", "Retry-After", "Vary"):
            if header in response:
                envelope[header] = response[header]
        return envelope
