"""用户与角色: the committee's accounts, their roles and data scopes, passwords and deactivation."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts import services as svc
from lvzhi.accounts.forms import AccountForm, PasswordForm, RoleForm, UserCreateForm
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.models import RoleAssignment, User
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.models import Term
from lvzhi.org.queries.structure import users_of
from lvzhi.org.views.structure_common import post_action, save_form

PAGE_SIZE = 50


def _scope_kwargs(request: HttpRequest) -> dict:
    term = Term.objects.filter(committee=request.committee, is_current=True).order_by("-number").first()
    return {"committee_id": request.committee.pk, "term": term}


@requires(C.MANAGE_USERS)
def users(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    accounts = users_of(request.committee)
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query) | Q(display_name__icontains=query) | Q(mobile__startswith=query)
        )
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "q": query})


@requires(C.MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, **_scope_kwargs(request))

    def save(data: dict) -> User:
        return svc.create_account(
            committee=request.committee,
            username=data["username"],
            password=data["password"],
            display_name=data["display_name"],
            roles=data["roles"],
            mobile=data["mobile"] or None,
            actor=request.user,
            **{name: data[name] for name in svc.SCOPE_NAMES},
        )

    saved = save_form(request, form, save, success=_("账号已创建"), done=_detail_url)  # an unbound form is not valid
    return saved or render(request, "accounts/user_form.html", {"form": form})


def _detail_page(
    request: HttpRequest,
    account: User,
    *,
    role_form: RoleForm | None = None,
    account_form: AccountForm | None = None,
    password_form: PasswordForm | None = None,
) -> HttpResponse:
    """The account page; a form that failed is passed in bound, so what was typed stays."""
    context = {
        "account": account,
        "role_form": role_form or RoleForm(**_scope_kwargs(request)),
        "account_form": account_form
        or AccountForm(initial={"display_name": account.display_name, "mobile": account.mobile or ""}),
        "password_form": password_form or PasswordForm(),
        "is_self": account.pk == request.user.pk,
    }
    return render(request, "accounts/user_detail.html", context)


def _detail_url(account: User) -> str:
    return reverse("accounts:user_detail", args=[account.pk])


def _account(request: HttpRequest, pk: int) -> User:
    """An account of this committee; any other account is a 404, whoever holds it."""
    return get_or_404(users_of(request.committee), pk=pk)


@requires(C.MANAGE_USERS)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _account(request, pk))


@requires(C.MANAGE_USERS)
@require_POST
def user_role_add(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    form = RoleForm(request.POST, **_scope_kwargs(request))
    saved = save_form(
        request,
        form,
        lambda data: svc.assign_role(account, committee=request.committee, **data, actor=request.user),
        success=_("角色已添加"),
        done=_detail_url(account),
    )
    return saved or _detail_page(request, account, role_form=form)


@requires(C.MANAGE_USERS)
@require_POST
def user_role_remove(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    account = _account(request, pk)
    assignment = get_or_404(RoleAssignment.objects.filter(committee=request.committee, user=account), pk=role_pk)
    return post_action(
        request,
        lambda: svc.remove_role(assignment, actor=request.user),
        done=_detail_url(account),
        success=_("角色已移除"),
    )


@requires(C.MANAGE_USERS)
@require_POST
def user_update(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    form = AccountForm(request.POST)
    saved = save_form(
        request,
        form,
        lambda data: svc.update_account(account, committee=request.committee, **data, actor=request.user),
        success=_("已保存"),
        done=_detail_url(account),
    )
    return saved or _detail_page(request, account, account_form=form)


@requires(C.MANAGE_USERS)
@require_POST
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    form = PasswordForm(request.POST)

    def save(data: dict) -> User:
        changed = svc.reset_password(
            account, committee=request.committee, password=data["password"], actor=request.user
        )
        if changed.pk == request.user.pk:
            update_session_auth_hash(request, changed)  # changing one's own password keeps one signed in
        return changed

    saved = save_form(request, form, save, success=_("密码已重置"), done=_detail_url(account))
    return saved or _detail_page(request, account, password_form=form)


@requires(C.MANAGE_USERS)
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    if request.POST.get("active") not in ("0", "1"):
        messages.error(request, _("请求无效，请重试"))
        return redirect("accounts:user_detail", pk=account.pk)
    active = request.POST["active"] == "1"
    return post_action(
        request,
        lambda: svc.set_account_active(account, committee=request.committee, active=active, actor=request.user),
        done=_detail_url(account),
        success=_("账号已启用") if active else _("账号已停用"),
    )


urlpatterns = [
    path("users/", users, name="users"),
    path("users/new/", user_create, name="user_create"),
    path("users/<int:pk>/", user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", user_role_add, name="user_role_add"),
    path("users/<int:pk>/roles/<int:role_pk>/delete/", user_role_remove, name="user_role_remove"),
    path("users/<int:pk>/edit/", user_update, name="user_update"),
    path("users/<int:pk>/password/", user_password, name="user_password"),
    path("users/<int:pk>/active/", user_active, name="user_active"),
]
