"""The upload kit: what a file is (by its bytes), how big it may be, and how stored files are served.

Every upload passes `accept(upload, policy)` before it is stored, in the service (so the API and the screens
refuse the same files) and in the form (so the message sits under the field). The browser's file name and
content type prove nothing: the first bytes decide the type, the stored name takes the extension of what the
bytes are, and pictures are opened far enough to read their width and height from the header, so a small
file declaring 40,000 × 40,000 pixels never reaches a browser that would try to decode it.

Stored files are served only by views that first check who may see them (`serve`), always as a download
with `nosniff`, so an upload can never run as a page of this site.
"""

import os
import uuid
import warnings
from dataclasses import dataclass
from typing import Any

import filetype
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from lvzhi.core.errors import Unprocessable

MB = 1024 * 1024
HEAD_BYTES = 8192  # filetype looks into the first 8 KB (Office files name their parts near the start)

IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
CONTENT_TYPES = {**IMAGE_TYPES, **DOCUMENT_TYPES}


@dataclass(frozen=True)
class Policy:
    """What one kind of upload accepts."""

    types: tuple[str, ...]  # extensions of CONTENT_TYPES, by what the bytes are
    max_bytes: int
    described: Any  # what to upload, for messages: "JPEG 或 PNG 图片"
    max_side: int = 8000  # pixels, for pictures
    max_pixels: int = 40_000_000

    @property
    def accept_attr(self) -> str:
        """The file input's `accept`, so the picker offers the right files (the server checks again)."""
        return ",".join([f".{t}" for t in self.types] + [CONTENT_TYPES[t] for t in self.types])

    @property
    def help_text(self) -> str:
        return _("%(what)s，%(mb)s MB 以内") % {"what": self.described, "mb": self.max_bytes // MB}


PHOTO = Policy(types=("jpg", "png"), max_bytes=5 * MB, described=gettext_lazy("JPEG 或 PNG 图片"))
EVIDENCE = Policy(
    types=("jpg", "png", "gif", "webp", "pdf", "doc", "docx", "xls", "xlsx"),
    max_bytes=10 * MB,
    described=gettext_lazy("照片、PDF、Word 或 Excel 文件"),
)
MATERIAL = Policy(
    types=("jpg", "png", "gif", "webp", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx"),
    max_bytes=20 * MB,
    described=gettext_lazy("照片、PDF、Word、Excel 或 PowerPoint 文件"),
)


class UploadRefused(Unprocessable):
    pass


def sniff(head: bytes) -> str | None:
    """The extension the bytes say (among CONTENT_TYPES), or None."""
    kind = filetype.guess(head)
    if kind is None:
        return None
    extension = "jpg" if kind.extension == "jpeg" else kind.extension
    return extension if extension in CONTENT_TYPES else None


def _image_size(upload: UploadedFile) -> tuple[int, int] | None:
    """Width and height from the picture's header; None when Pillow itself finds it absurdly large."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own pixel limit (ours is lower and gives the message) and refuses above twice it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:  # reads the header only, never decodes the pixels
                return image.size
    except Image.DecompressionBombError:
        return None
    finally:
        upload.seek(0)


def accept(upload: UploadedFile, policy: Policy, *, field: str = "file") -> str:
    """Check an upload against `policy` and give it a safe stored name; returns the extension it really has.

    Raises UploadRefused (422, a Chinese message, under `field`) for a file too big, of another type than its
    policy allows, or a picture too large in pixels.
    """

    def refuse(code: str, message: str) -> UploadRefused:
        return UploadRefused(code, message, fields={field: [message]})

    if upload.size is not None and upload.size > policy.max_bytes:
        raise refuse("upload.too_large", _("文件不能超过 %(mb)s MB") % {"mb": policy.max_bytes // MB})
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not head:
        raise refuse("upload.empty", _("文件是空的，请重新选择"))
    extension = sniff(head)
    if extension not in policy.types:
        raise refuse("upload.bad_type", _("只能上传%(what)s") % {"what": policy.described})
    if extension in IMAGE_TYPES:
        try:
            size = _image_size(upload)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise refuse("upload.broken_image", _("图片文件已损坏或无法识别，请重新上传")) from None
        if size is None or max(size) > policy.max_side or size[0] * size[1] > policy.max_pixels:
            shown = _("（%(w)s×%(h)s 像素）") % {"w": size[0], "h": size[1]} if size else ""
            message = _("图片尺寸过大%(shown)s，请缩小到 %(side)s×%(side)s 像素以内") % {
                "shown": shown,
                "side": policy.max_side,
            }
            raise refuse("upload.image_too_large", message)
    upload.name = stored_name(upload.name or "", extension)
    return extension


def stored_name(original: str, extension: str) -> str:
    """The original name's stem (kept for people) with the extension of what the bytes are."""
    stem = os.path.splitext(os.path.basename(original))[0].strip()[:60] or uuid.uuid4().hex[:12]
    return f"{stem}.{extension}"


class UploadField(forms.FileField):
    """A form's file field checked by a policy: the message appears under the field, not as a page error."""

    def __init__(self, *, policy: Policy, **kwargs: Any) -> None:
        self.policy = policy
        kwargs.setdefault("help_text", policy.help_text)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": policy.accept_attr}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            try:
                accept(upload, self.policy)
            except UploadRefused as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from None
        return upload


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def serve(stored: FieldFile, *, filename: str | None = None, cache: str = "private, no-store") -> FileResponse:
    """A stored file as a download: its type from its checked extension, never sniffed, never kept by shared
    caches. The caller has already decided that the user may see it. (An <img> still shows a picture served
    as an attachment: the disposition only matters when the file is opened on its own.)"""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = os.path.basename(stored.name)
    if filename:
        name = stored_name(filename, name.rsplit(".", 1)[-1]) if "." in name else filename
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type_of(stored.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    return response
