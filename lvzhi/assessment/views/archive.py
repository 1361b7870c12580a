"""The archive pages (一人一档): the member's own, and assessment staff's for the members in their scope,
each with its .xlsx and PDF."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from lvzhi.assessment.archive import Archive, build_archive
from lvzhi.assessment.archive_files import archive_pdf, archive_workbook
from lvzhi.core.apiinput import MAX_YEAR, MIN_YEAR
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.models import Member
from lvzhi.org.queries.members import visible_members

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def asked_year(request: HttpRequest) -> int | None:
    """The ?year= asked for, or None (the whole term); a bad value says so and shows the whole term."""
    raw = request.GET.get("year", "").strip()
    if not raw:
        return None
    if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    messages.error(request, _("年度“%(y)s”无效，已显示本届全部年度") % {"y": raw[:10]})
    return None


def _own(request: HttpRequest) -> Member | None:
    return Member.objects.filter(user=request.user, committee=request.committee).first()


def _page(request: HttpRequest, member: Member, *, own: bool) -> HttpResponse:
    year = asked_year(request)
    archive = build_archive(member, year=year, show_rank=not own)
    term_years = range(archive.term.start_year, archive.term.end_year + 1)
    return render(
        request,
        "assessment/archive/archive.html",
        {"archive": archive, "own": own, "year": year, "term_years": term_years},
    )


def _file(request: HttpRequest, member: Member, kind: str, *, own: bool) -> HttpResponse:
    year = asked_year(request)
    archive: Archive = build_archive(member, year=year, show_rank=not own)
    suffix = f"-{year}" if year else ""
    if kind == "pdf":
        content, content_type = archive_pdf(archive, request.committee.name), "application/pdf"
    else:
        content, content_type = archive_workbook(archive), XLSX
    filename = _("%(name)s履职档案%(suffix)s.%(ext)s") % {"name": member.name, "suffix": suffix, "ext": kind}
    # A PDF opens in the browser's viewer; the workbook downloads.
    disposition = content_disposition_header(kind != "pdf", filename)
    return HttpResponse(content, content_type=content_type, headers={"Content-Disposition": disposition})


@requires(C.PARTICIPATE)
def mine(request: HttpRequest) -> HttpResponse:
    member = _own(request)
    if member is None:
        return render(request, "org/portal_no_record.html")
    return _page(request, member, own=True)


@requires(C.PARTICIPATE)
def mine_xlsx(request: HttpRequest) -> HttpResponse:
    member = _own(request)
    if member is None:
        return render(request, "org/portal_no_record.html")
    return _file(request, member, "xlsx", own=True)


@requires(C.PARTICIPATE)
def mine_pdf(request: HttpRequest) -> HttpResponse:
    member = _own(request)
    if member is None:
        return render(request, "org/portal_no_record.html")
    return _file(request, member, "pdf", own=True)


def _member(request: HttpRequest, pk: int) -> Member:
    """A member in the reader's scope; anyone else's, like another committee's, is not found."""
    return get_or_404(visible_members(request.access), pk=pk)


@requires(C.VIEW_ASSESSMENT)
def member_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _member(request, pk), own=False)


@requires(C.VIEW_ASSESSMENT)
def member_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(request, _member(request, pk), "xlsx", own=False)


@requires(C.VIEW_ASSESSMENT)
def member_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(request, _member(request, pk), "pdf", own=False)


urlpatterns = [
    path("me/", mine, name="mine"),
    path("me/xlsx/", mine_xlsx, name="mine_xlsx"),
    path("me/pdf/", mine_pdf, name="mine_pdf"),
    path("members/<int:pk>/", member_archive, name="member"),
    path("members/<int:pk>/xlsx/", member_xlsx, name="member_xlsx"),
    path("members/<int:pk>/pdf/", member_pdf, name="member_pdf"),
]
