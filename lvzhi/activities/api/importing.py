"""补录 through the API: the Excel template, and importing a year's past activities with their attendance.

Same contract as POST /members/import: a dry run reports what would happen; a real run with any problem
answers 422 import.invalid with every problem, and writes nothing.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.activities import importer
from lvzhi.core.apikit import need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.importflow import read_upload

router = Router()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PastImportProblem(Schema):
    sheet: str
    row: int
    column: str
    message: str


class PastImportOut(Schema):
    created: int
    existing: int
    attendances: int
    errors: list[PastImportProblem]


class PastImportRejection(PastImportOut):
    code: str
    message: str


class PastImportRejected(Schema):
    error: PastImportRejection


@router.get("/activities/import/template.xlsx", summary="The Excel template for importing past activities (补录)")
def import_template(request: HttpRequest) -> HttpResponse:
    need(request, C.MANAGE_ACTIVITIES)
    return HttpResponse(
        importer.template_workbook(),
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, _("活动补录模板.xlsx"))},
    )


@router.post(
    "/activities/import",
    response={200: PastImportOut, 422: PastImportRejected},
    summary="Import past activities and attendance from an .xlsx file (all or none)",
)
def import_past(request: HttpRequest, file: File[UploadedFile], dry_run: bool = True) -> Any:
    need(request, C.MANAGE_ACTIVITIES)
    result = importer.import_past_activities(
        read_upload(file), committee=request.committee, actor=request.user, dry_run=dry_run, filename=file.name or ""
    )
    if result.errors and not dry_run:
        message = _("文件有%(n)s处问题，未导入任何数据") % {"n": len(result.errors)}
        return Status(422, {"error": {"code": "import.invalid", "message": message, **result.as_dict()}})
    return result.as_dict()
