"""The member import screen: upload an .xlsx, review every problem, then confirm without uploading again.

The checked file waits in storage under a random token that only the uploader's session knows, so the
confirming request may land on any app server.
"""

import secrets

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import requires
from lvzhi.org import export, importer
from lvzhi.org.models import Sector
from lvzhi.org.services import current_term

SESSION_KEY = "member_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("委员名单文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )


def _stored_path(token: str) -> str:
    return f"member-imports/{token}.xlsx"


def _forget_upload(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(_stored_path(pending["token"]))


def _page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The whole page, or only the result panel when htmx swapped it in."""
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(request, template, context)
    return render(request, "org/import.html", {"form": UploadForm(), "panel": template, **context})


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_MEMBERS)
def import_members(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "org/import.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, "org/import_invalid.html", {"form": form})
    upload = form.cleaned_data["file"]
    data = importer.read_upload(upload)
    result = importer.import_members(data, committee=request.committee, actor=request.user, dry_run=True)
    _forget_upload(request)
    context = {"result": result, "filename": upload.name}
    if not result.errors:
        token = secrets.token_urlsafe(24)
        default_storage.save(_stored_path(token), ContentFile(data))
        request.session[SESSION_KEY] = {"token": token, "name": upload.name, "committee": request.committee.pk}
        context["token"] = token
    return _page(request, "org/import_preview.html", context)


@require_POST
@requires(C.MANAGE_MEMBERS)
def confirm_import(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    if not pending or pending["token"] != token or pending["committee"] != request.committee.pk:
        messages.error(request, _("待导入的文件已失效，请重新上传"))
        return redirect("org:import")
    try:
        with default_storage.open(_stored_path(token), "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, _("待导入的文件已失效，请重新上传"))
        return redirect("org:import")
    try:
        result = importer.import_members(
            data, committee=request.committee, actor=request.user, dry_run=False, filename=pending["name"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("org:import")
    if result.errors:
        # The registry changed since the check (someone else imported or edited): show the new problems.
        return _page(request, "org/import_preview.html", {"result": result, "filename": pending["name"]})
    _forget_upload(request)
    return _page(request, "org/import_result.html", {"result": result, "filename": pending["name"]})


@require_GET
@requires(C.MANAGE_MEMBERS)
def import_template(request: HttpRequest) -> HttpResponse:
    sectors = Sector.objects.filter(term=current_term(request.committee))
    return HttpResponse(
        export.template_workbook(sectors),
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, _("委员导入模板.xlsx"))},
    )


urlpatterns = [
    path("members/import/", import_members, name="import"),
    path("members/import/confirm/", confirm_import, name="import_confirm"),
    path("members/import/template.xlsx", import_template, name="import_template"),
]
