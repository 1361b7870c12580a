"""Signing in and out, one's API tokens (账号与安全), large-font mode, and switching the committee one acts in."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts.forms import LoginForm
from lvzhi.core.auth import TooManyAttempts, check_credentials, client_address, revoke_token, tokens_of
from lvzhi.core.models import ApiToken, User
from lvzhi.core.tenancy import SESSION_KEY, committees_of


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            user = check_credentials(
                form.cleaned_data["username"], form.cleaned_data["password"], address=client_address(request)
            )
        except TooManyAttempts as exc:
            form.add_error(None, exc.message)
            response = render(request, "core/login.html", {"form": form, "next": next_url}, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        else:
            if user is None:
                form.add_error(None, _("用户名或密码错误"))
            else:
                login(request, user, backend="lvzhi.core.auth.UsernameOrMobileBackend")
                if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                    next_url = ""
                return redirect(next_url or "home")
    return render(request, "core/login.html", {"form": form, "next": next_url})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """账号与安全: the API tokens issued to me (for apps and scripts), each revocable."""
    return render(request, "accounts/account.html", {"tokens": tokens_of(request.user)})


@require_POST
@login_required
def revoke_my_token(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("token", "")
    token = ApiToken.objects.filter(pk=int(wanted), user=request.user).first() if wanted.isdigit() else None
    if token is None:
        messages.error(request, _("该令牌不存在或已撤销"))
    else:
        revoke_token(token, actor=request.user)
        messages.success(request, _("令牌已撤销，使用它的应用需要重新登录"))
    return redirect("account")


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
