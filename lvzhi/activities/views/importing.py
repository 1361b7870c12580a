"""补录 screen: upload a year's past activities (.xlsx), review the preview or every problem, then confirm.

The checked file waits in storage under a random token only the uploader's session knows, so the
confirming request may land on any app server and nothing is uploaded twice.
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

from lvzhi.activities import importer
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import requires
from lvzhi.org.importer import read_upload

SESSION_KEY = "past_activity_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("活动补录文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )


def _stored_path(token: str) -> str:
    return f"activity-imports/{token}.xlsx"


def _forget_upload(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(_stored_path(pending["token"]))


def _page(request: HttpRequest, panel: str, context: dict) -> HttpResponse:
    """The whole page, or only the result panel when htmx swapped it in."""
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(request, panel, context)
    return render(request, "activities/import.html", {"form": UploadForm(), "panel": panel, **context})


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_ACTIVITIES)
def import_past(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "activities/import.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, "activities/import_invalid.html", {"form": form})
    upload = form.cleaned_data["file"]
    data = read_upload(upload)
    try:
        result = importer.import_past_activities(data, committee=request.committee, actor=request.user, dry_run=True)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("activities:import")
    _forget_upload(request)
    context = {"result": result, "filename": upload.name}
    if not result.errors and result.new:
        token = secrets.token_urlsafe(24)
        default_storage.save(_stored_path(token), ContentFile(data))
        request.session[SESSION_KEY] = {"token": token, "name": upload.name, "committee": request.committee.pk}
        context["token"] = token
    return _page(request, "activities/import_preview.html", context)


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def confirm_import(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    if not pending or pending["token"] != token or pending["committee"] != request.committee.pk:
        messages.error(request, _("待导入的文件已失效，请重新上传"))
        return redirect("activities:import")
    try:
        with default_storage.open(_stored_path(token), "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, _("待导入的文件已失效，请重新上传"))
        return redirect("activities:import")
    try:
        result = importer.import_past_activities(
            data, committee=request.committee, actor=request.user, dry_run=False, filename=pending["name"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("activities:import")
    if result.errors:
        # Something changed since the check (a member left the term, someone else imported): show why.
        return _page(request, "activities/import_preview.html", {"result": result, "filename": pending["name"]})
    _forget_upload(request)
    return _page(request, "activities/import_result.html", {"result": result, "filename": pending["name"]})


@require_GET
@requires(C.MANAGE_ACTIVITIES)
def import_template(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        importer.template_workbook(),
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, _("活动补录模板.xlsx"))},
    )


urlpatterns = [
    path("manage/import/", import_past, name="import"),
    path("manage/import/confirm/", confirm_import, name="import_confirm"),
    path("manage/import/template.xlsx", import_template, name="import_template"),
]
