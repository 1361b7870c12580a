from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.auth import AccountLocked, check_credentials
from lvzhi.core.forms import LoginForm
from lvzhi.core.models import User
from lvzhi.core.tenancy import SESSION_KEY, committees_of


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            user = check_credentials(form.cleaned_data["username"], form.cleaned_data["password"])
        except AccountLocked as exc:
            form.add_error(None, exc.message)
        else:
            if user is None:
                form.add_error(None, _("用户名或密码错误"))
            else:
                login(request, user, backend="lvzhi.core.auth.UsernameOrMobileBackend")
                if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                    next_url = ""
                return redirect(next_url or "home")
    return render(request, "core/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@require_POST
@login_required
def toggle_large_font(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    user.large_font = not user.large_font
    user.save(update_fields=["large_font"])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "home")


@require_POST
@login_required
def switch_committee(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("code", "")
    if not any(c.code == code for c in committees_of(request.user)):
        raise Http404
    request.session[SESSION_KEY] = code
    messages.success(request, _("已切换政协"))
    return redirect("home")


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
