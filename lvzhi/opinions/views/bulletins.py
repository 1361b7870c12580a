"""《社情民意》 issues: compile, approve, sign off, issue; the printable page and the .xlsx list."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.opinions import services
from lvzhi.opinions.export import bulletin_workbook
from lvzhi.opinions.forms import BulletinForm
from lvzhi.opinions.models import Bulletin, Opinion
from lvzhi.opinions.transitions import BULLETIN_MOVES
from lvzhi.opinions.views.common import refuse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bulletin(request: HttpRequest, pk: int) -> Bulletin:
    return get_or_404(Bulletin.objects.filter(committee=request.committee), pk=pk)


def _ready(request: HttpRequest):
    return Opinion.objects.filter(committee=request.committee, status=Opinion.Status.EDITED).order_by("-submitted_at")


@requires(C.MANAGE_OPINIONS)
def bulletins(request: HttpRequest) -> HttpResponse:
    rows = Bulletin.objects.filter(committee=request.committee).order_by("-year", "status", "-number", "-id")
    return render(request, "opinions/bulletins.html", {"bulletins": rows[:200], "ready": _ready(request).count()})


@requires(C.MANAGE_OPINIONS)
def bulletin_create(request: HttpRequest) -> HttpResponse:
    form = BulletinForm(request.POST or None)
    ready = list(_ready(request))
    if request.method == "POST" and form.is_valid():
        chosen = [o for o in ready if str(o.pk) in request.POST.getlist("opinions")]
        try:
            bulletin = services.create_bulletin(
                committee=request.committee, opinions=chosen, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            refuse(request, exc)
        else:
            messages.success(request, _("已组稿"))
            return redirect("opinions:bulletin_detail", pk=bulletin.pk)
    return render(request, "opinions/bulletin_form.html", {"form": form, "ready": ready})


ACTIONS = {
    "approve": (lambda b, u, t: services.approve_bulletin(b, actor=u), _("审核通过")),
    "reopen": (lambda b, u, t: services.reopen_bulletin(b, actor=u, reason=t), _("退回编辑")),
    "sign": (lambda b, u, t: services.sign_bulletin(b, actor=u), _("签发")),
    "refuse": (lambda b, u, t: services.refuse_bulletin(b, actor=u, reason=t), _("不予签发")),
    "issue": (lambda b, u, t: services.issue_bulletin(b, actor=u), _("印发")),
    "discard": (lambda b, u, t: services.discard_bulletin(b, actor=u), _("作废")),
}


@requires(C.MANAGE_OPINIONS)
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    buttons = [
        (action, label)
        for action, (_run, label) in ACTIONS.items()
        if BULLETIN_MOVES[action].allows(bulletin.status) and request.access.can(BULLETIN_MOVES[action].capability)
    ]
    context = {
        "bulletin": bulletin,
        "opinions": list(bulletin.opinions.order_by("pk")),
        "buttons": buttons,
        "editable": bulletin.status == Bulletin.Status.DRAFT,
        "ready": list(_ready(request)) if bulletin.status == Bulletin.Status.DRAFT else [],
        "form": BulletinForm(initial={"title": bulletin.title, "editor_note": bulletin.editor_note}),
    }
    return render(request, "opinions/bulletin_detail.html", context)


@require_POST
@requires(C.MANAGE_OPINIONS)
def bulletin_update(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    ids = request.POST.getlist
    add = list(Opinion.objects.filter(committee=request.committee, pk__in=[i for i in ids("add") if i.isdigit()]))
    remove = list(bulletin.opinions.filter(pk__in=[i for i in ids("remove") if i.isdigit()]))
    try:
        services.update_bulletin(
            bulletin,
            actor=request.user,
            add=add,
            remove=remove,
            editor_note=request.POST.get("editor_note"),
            title=request.POST.get("title"),
        )
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("已保存"))
    return redirect("opinions:bulletin_detail", pk=bulletin.pk)


def _move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    if action not in ACTIONS or not request.access.can(BULLETIN_MOVES[action].capability):
        messages.error(request, _("不能执行此操作"))
        return redirect("opinions:bulletin_detail", pk=bulletin.pk)
    run, label = ACTIONS[action]
    try:
        run(bulletin, request.user, request.POST.get("reason", ""))
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("已%(a)s") % {"a": label})
    if request.access.can(C.MANAGE_OPINIONS):
        return redirect("opinions:bulletin_detail", pk=bulletin.pk)
    return redirect("opinions:signing")


@require_POST
@requires(C.MANAGE_OPINIONS)
def bulletin_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The office's moves of an issue (审核, 印发 …)."""
    return _move(request, pk, action)


@require_POST
@requires(C.SIGN_BULLETINS)
def bulletin_signoff(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The leader signs an approved issue off (签发) or sends it back."""
    return _move(request, pk, action if action in ("sign", "refuse") else "")


@requires(C.SIGN_BULLETINS)
def signing(request: HttpRequest) -> HttpResponse:
    """The leader's queue: issues approved by the office, waiting for sign-off (签发)."""
    waiting = Bulletin.objects.filter(committee=request.committee, status=Bulletin.Status.APPROVED)
    return render(request, "opinions/signing.html", {"bulletins": waiting.prefetch_related("opinions")})


@requires(C.MANAGE_OPINIONS)
def bulletin_print(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    return render(
        request, "opinions/bulletin_print.html", {"bulletin": bulletin, "opinions": bulletin.opinions.order_by("pk")}
    )


@requires(C.MANAGE_OPINIONS)
def bulletin_export(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    response = HttpResponse(bulletin_workbook(bulletin), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="bulletin-{bulletin.year}-{bulletin.number or "draft"}.xlsx"'
    )
    return response


urlpatterns = [
    path("bulletins/", bulletins, name="bulletins"),
    path("bulletins/new/", bulletin_create, name="bulletin_create"),
    path("bulletins/signing/", signing, name="signing"),
    path("bulletins/<int:pk>/", bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/update/", bulletin_update, name="bulletin_update"),
    path("bulletins/<int:pk>/print/", bulletin_print, name="bulletin_print"),
    path("bulletins/<int:pk>/export/", bulletin_export, name="bulletin_export"),
    path("bulletins/<int:pk>/signoff/<str:action>/", bulletin_signoff, name="bulletin_signoff"),
    path("bulletins/<int:pk>/<str:action>/", bulletin_action, name="bulletin_action"),
]
