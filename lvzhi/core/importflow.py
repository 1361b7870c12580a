"""An Excel import screen: upload an .xlsx, review every problem, then confirm without uploading again.

The member import and the 补录 of past activities both work this way. The checked file waits in storage
under a random token that only the uploader's session knows, so the confirming request may land on any
app server and nothing is uploaded twice. A flow given a `start` hands the confirmed file to a background task and
sends the browser to the task's progress page (the member import); without one the real run happens in the request.

Every importer (screen and API) reads its file through `read_upload`, `open_workbook` and `limited_rows`, so one
set of limits bounds the time and memory an import may take: the file's size, what it unpacks to (an .xlsx is a
zip: a 200 KB file can unpack to gigabytes of XML that openpyxl would hold in memory), the rows read (a single
cell in row 1,000,000 makes the reader produce a million empty rows) and the cells read (a dimension or a last
cell in column XFD makes every row 16,384 cells wide).
"""

import secrets
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from lvzhi.core.capabilities import Capability
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Committee, User
from lvzhi.core.permissions import View, requires

MAX_ERRORS = 1000  # a wrong file could produce one error per cell; the first thousand say enough
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INVALID_PANEL = "core/import_invalid.html"
MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = 5 * MB  # the uploaded .xlsx
    max_unpacked_bytes: int = 60 * MB  # its parts once unzipped (sheets, shared strings)
    max_rows: int = 20_000  # per sheet, counting the header and empty rows in between
    max_cells: int = 300_000  # per file: 10,000 member rows of 30 columns, 20,000 attendance rows of 4 (with room)


LIMITS = ImportLimits()


class ImportTooLarge(DomainError):
    status = 413

    def __init__(self, message: str):
        super().__init__("import.too_large", message)


class Unreadable(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "import.unreadable", _("无法读取文件，请上传 .xlsx 格式的 Excel 文件（.xls 请先另存为 .xlsx）")
        )


def read_upload(upload: UploadedFile, limits: ImportLimits = LIMITS) -> bytes:
    """The uploaded file's bytes; an oversized file is refused before it is read."""
    if upload.size is not None and upload.size > limits.max_bytes:
        raise _too_big(limits)
    data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise _too_big(limits)
    return data


def _too_big(limits: ImportLimits) -> ImportTooLarge:
    return ImportTooLarge(_("文件过大（上限%(mb)s MB），请分批导入") % {"mb": limits.max_bytes // MB})


def open_workbook(data: bytes, limits: ImportLimits = LIMITS) -> Workbook:
    """The workbook in read-only mode, once its size and what it unpacks to are within the limits.

    Raises ImportTooLarge or Unreadable (both DomainErrors with a Chinese message)."""
    if len(data) > limits.max_bytes:
        raise _too_big(limits)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            # The sizes a zip declares bound what it can unpack to: zipfile stops and fails a member at its size.
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable from None
    if unpacked > limits.max_unpacked_bytes:
        raise ImportTooLarge(
            _("文件内容过多（解压后超过%(mb)s MB），请删去多余的工作表、格式或空行后分批导入")
            % {"mb": limits.max_unpacked_bytes // MB}
        )
    try:
        return load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise Unreadable from None


class CellBudget:
    """Cells read so far across a file's sheets."""

    def __init__(self, limits: ImportLimits = LIMITS) -> None:
        self.limits = limits
        self.cells = 0


def limited_rows(sheet: ReadOnlyWorksheet, budget: CellBudget) -> Iterator[tuple[Any, ...]]:
    """`sheet.iter_rows(values_only=True)` that stops with ImportTooLarge past the row or cell limit.

    The sheet's declared dimension is ignored: a file claiming A1:XFD1048576 would pad every row to 16,384
    cells. Rows end at their last written cell instead."""
    limits = budget.limits
    sheet.reset_dimensions()
    for number, line in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > limits.max_rows:
            raise ImportTooLarge(
                _("工作表“%(sheet)s”超过%(n)s行（含空行），请分批导入") % {"sheet": sheet.title, "n": limits.max_rows}
            )
        budget.cells += len(line)
        if budget.cells > limits.max_cells:
            raise ImportTooLarge(_("文件中的单元格超过%(n)s个，请删去多余的列或分批导入") % {"n": limits.max_cells})
        yield line


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    problem: str

    @property
    def message(self) -> str:
        if not self.column:
            return _("第%(row)s行：%(p)s") % {"row": self.row, "p": self.problem}
        return _("第%(row)s行「%(col)s」：%(p)s") % {"row": self.row, "col": self.column, "p": self.problem}

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class Checked(Protocol):
    """What an importer returns: a dry run's plan or a real run's outcome, with every problem found."""

    errors: list[Any]


class Importer(Protocol):
    def __call__(
        self, data: bytes, *, committee: Committee, actor: User, dry_run: bool, filename: str = ""
    ) -> Checked: ...


class Starter(Protocol):
    """Queues the confirmed real run in the background and returns the address of the page that follows it.

    `rows` is the count of data rows the check found (0 where the importer does not count them)."""

    def __call__(self, data: bytes, *, committee: Committee, actor: User, filename: str, rows: int) -> str: ...


def _no_errors(result: Checked) -> bool:
    return not result.errors


class UploadForm(forms.Form):
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
        error_messages={"required": gettext_lazy("请选择要上传的 Excel 文件")},
    )

    def __init__(self, *args: Any, label: str | Promise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label


@dataclass(frozen=True)
class ImportFlow:
    """One import screen. Its routes are `<namespace>:import`, `:import_confirm` and `:import_template`."""

    namespace: str
    capability: Capability
    run: Importer
    label: str | Promise  # the file field's label
    session_key: str
    folder: str  # where checked files wait for confirmation
    page: str  # the whole page, which includes a panel template
    preview: str  # panel: the dry run's plan or its problems, with the confirm button
    result: str = ""  # panel: what the real run wrote (not needed with `start`: the job's page shows it)
    ready: Callable[[Any], bool] = _no_errors  # whether a checked file may be confirmed
    start: Starter | None = None  # given: confirming runs the import in the background instead of in the request

    def views(self) -> tuple[View, View]:
        """The upload view (GET shows the form, POST checks a file) and the confirm view."""
        upload = require_http_methods(["GET", "POST"])(requires(self.capability)(self._upload))
        confirm = require_POST(requires(self.capability)(self._confirm))
        return upload, confirm

    def _upload(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET":
            return self._render(request, self.page, {"form": self._form()})
        form = self._form(request.POST, request.FILES)
        if not form.is_valid():
            return self._panel(request, INVALID_PANEL, {"form": form})
        upload = form.cleaned_data["file"]
        try:
            data = read_upload(upload)
            result = self.run(data, committee=request.committee, actor=request.user, dry_run=True)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(f"{self.namespace}:import")
        self._forget_upload(request)
        context = {"result": result, "filename": upload.name}
        if self.ready(result):
            token = secrets.token_urlsafe(24)
            default_storage.save(self._stored_path(token), ContentFile(data))
            request.session[self.session_key] = {
                "token": token,
                "name": upload.name,
                "committee": request.committee.pk,
                "rows": getattr(result, "rows", 0),
            }
            context["token"] = token
        return self._panel(request, self.preview, context)

    def _confirm(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(self.session_key)
        token = request.POST.get("token", "")
        if not pending or pending["token"] != token or pending["committee"] != request.committee.pk:
            messages.error(request, _("待导入的文件已失效，请重新上传"))
            return redirect(f"{self.namespace}:import")
        try:
            with default_storage.open(self._stored_path(token), "rb") as stored:
                data = stored.read()
        except FileNotFoundError:
            request.session.pop(self.session_key, None)
            messages.error(request, _("待导入的文件已失效，请重新上传"))
            return redirect(f"{self.namespace}:import")
        filename = pending["name"]
        if self.start is not None:
            url = self.start(
                data, committee=request.committee, actor=request.user, filename=filename, rows=pending.get("rows", 0)
            )
            self._forget_upload(request)
            # htmx follows the redirect with its own headers, so the job's page answers with its progress panel.
            return redirect(url)
        try:
            result = self.run(data, committee=request.committee, actor=request.user, dry_run=False, filename=filename)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(f"{self.namespace}:import")
        if result.errors:
            # Something changed since the check (someone else imported or edited): show the new problems.
            return self._panel(request, self.preview, {"result": result, "filename": filename})
        self._forget_upload(request)
        return self._panel(request, self.result, {"result": result, "filename": filename})

    def _form(self, *args: Any) -> UploadForm:
        return UploadForm(*args, label=self.label)

    def _render(self, request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
        urls = {
            "import_url": reverse(f"{self.namespace}:import"),
            "confirm_url": reverse(f"{self.namespace}:import_confirm"),
            "template_url": reverse(f"{self.namespace}:import_template"),
        }
        return render(request, template, {**urls, **context})

    def _panel(self, request: HttpRequest, panel: str, context: dict[str, Any]) -> HttpResponse:
        """The whole page, or only the panel when htmx swapped it in."""
        if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
            return self._render(request, panel, context)
        return self._render(request, self.page, {"form": self._form(), "panel": panel, **context})

    def _stored_path(self, token: str) -> str:
        return f"{self.folder}/{token}.xlsx"

    def _forget_upload(self, request: HttpRequest) -> None:
        pending = request.session.pop(self.session_key, None)
        if pending:
            default_storage.delete(self._stored_path(pending["token"]))
