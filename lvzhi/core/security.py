"""Response headers that protect personal data."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateApiMiddleware:
    """API answers carry ID numbers, mobiles and the like for one signed-in user: no cache may keep them (shared
    proxies, the browser's disk). An endpoint that chose its own caching (member photos) keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
