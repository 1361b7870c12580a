"""What the notices views share: paging and serving an attachment."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest

PAGE_SIZE = 30


def page_of(request: HttpRequest, queryset: QuerySet) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def attachment(field_file, title: str) -> FileResponse:
    suffix = "." + field_file.name.rsplit(".", 1)[-1] if "." in field_file.name else ""
    name = title if title.endswith(suffix) else f"{title}{suffix}"
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
