"""Attachment checks for reports until the shared upload kit (core/uploads.py) lands: type by content, size, count.

The file's own bytes decide its type (a renamed .exe stays refused); names are never trusted or reused.
"""

import io
import uuid
import zipfile
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from lvzhi.core.errors import Unprocessable

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED_LABEL = "PDF、Word（.docx）、JPEG、PNG"


def sniff(head: bytes, file: UploadedFile) -> str | None:
    """The file's type from its first bytes: pdf, jpg, png or docx (a zip holding word/document.xml)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        file.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(file.read())) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def checked_attachments(files: Sequence[UploadedFile], *, already: int = 0) -> list[tuple[UploadedFile, str, str]]:
    """Each file with its type and a random stored name, or Unprocessable (422) naming the first bad file."""
    if len(files) + already > MAX_FILES:
        message = _("附件最多 %(n)s 个") % {"n": MAX_FILES}
        raise Unprocessable("opinion.too_many_files", message, fields={"attachments": [message]})
    result = []
    for file in files:
        if file.size > MAX_BYTES:
            message = _("附件“%(name)s”超过 10 MB") % {"name": file.name}
            raise Unprocessable("opinion.file_too_large", message, fields={"attachments": [message]})
        file.seek(0)
        kind = sniff(file.read(8), file)
        file.seek(0)
        if kind is None:
            message = _("附件“%(name)s”的格式不支持，请上传 %(allowed)s 文件") % {
                "name": file.name,
                "allowed": ALLOWED_LABEL,
            }
            raise Unprocessable("opinion.file_type", message, fields={"attachments": [message]})
        result.append((file, kind, f"{uuid.uuid4().hex}.{kind}"))
    return result
