"""补录 screen: upload a year's past activities (.xlsx), review the preview or every problem, then confirm."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lvzhi.activities import importer
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.importflow import XLSX, ImportFlow
from lvzhi.core.permissions import requires

import_past, confirm_import = ImportFlow(
    namespace="activities",
    capability=C.MANAGE_ACTIVITIES,
    run=importer.import_past_activities,
    label=gettext_lazy("活动补录文件（.xlsx）"),
    session_key="past_activity_import",
    folder="activity-imports",
    page="activities/import.html",
    preview="activities/import_preview.html",
    result="activities/import_result.html",
    # A file whose activities are all in the system already has nothing to confirm.
    ready=lambda result: not result.errors and bool(result.new),
).views()


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
