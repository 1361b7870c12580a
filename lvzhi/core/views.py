"""The web app manifest and service worker (the member portal installs on a phone), and the help page."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _

from lvzhi.core.help import guide_html
from lvzhi.core.permissions import requires


def manifest(request: HttpRequest) -> JsonResponse:
    """Web app manifest: the member portal installs on a phone's home screen."""
    return JsonResponse(
        {
            "name": _("履职 · 政协委员履职服务平台"),
            "short_name": _("履职"),
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#b71c1c",
            "lang": "zh-CN",
            "icons": [
                {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    # Served from the root so its scope covers the whole site; required for "add to home screen".
    body = "self.addEventListener('fetch', () => {});\n"
    return HttpResponse(body, content_type="application/javascript")


@requires()
def help_page(request: HttpRequest) -> HttpResponse:
    """The user guide; each page's help link opens it at that screen's section."""
    return render(request, "core/help.html", {"guide": guide_html()})
