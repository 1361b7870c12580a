"""The member import screen: upload an .xlsx, review every problem, then confirm without uploading again."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.importflow import XLSX, ImportFlow
from lvzhi.core.permissions import requires
from lvzhi.org import export, importer
from lvzhi.org.models import Sector
from lvzhi.org.services.members import current_term

SESSION_KEY = "member_import"

import_members, confirm_import = ImportFlow(
    namespace="org",
    capability=C.MANAGE_MEMBERS,
    run=importer.import_members,
    label=gettext_lazy("委员名单文件（.xlsx）"),
    session_key=SESSION_KEY,
    folder="member-imports",
    page="org/import.html",
    preview="org/import_preview.html",
    result="org/import_result.html",
).views()


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
