"""The member import screen: upload an .xlsx, review every problem, then confirm without uploading again.

The confirmed import runs in the background (lvzhi.org.tasks); its page shows the progress and then the outcome."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.importflow import XLSX, ImportFlow
from lvzhi.core.models import Committee, User
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org import export, importer
from lvzhi.org.models import MemberImport, Sector
from lvzhi.org.services.members import current_term
from lvzhi.org.tasks import start_member_import

SESSION_KEY = "member_import"


def _start(data: bytes, *, committee: Committee, actor: User, filename: str, rows: int) -> str:
    job = start_member_import(committee=committee, user=actor, data=data, filename=filename, rows=rows)
    return reverse("org:import_job", args=[job.pk])


import_members, confirm_import = ImportFlow(
    namespace="org",
    capability=C.MANAGE_MEMBERS,
    run=importer.import_members,
    label=gettext_lazy("委员名单文件（.xlsx）"),
    session_key=SESSION_KEY,
    folder="member-imports",
    page="org/import.html",
    preview="org/import_preview.html",
    start=_start,
).views()


@require_GET
@requires(C.MANAGE_MEMBERS)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A started import's progress; htmx asks for the panel alone every second until the import has ended."""
    job = get_or_404(MemberImport.objects.filter(requested_by=request.user), pk=pk)
    panel = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "org/_import_progress.html" if panel else "org/import_job.html"
    return render(request, template, {"job": job, "Status": MemberImport.Status})


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
    path("members/import/<int:pk>/", import_job, name="import_job"),
]
