"""The member's side: 知情明政 — the notices of my audience, unread first in the count, read on opening."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.notices import services
from lvzhi.notices.forms import SearchForm
from lvzhi.notices.models import Notice, NoticeFile
from lvzhi.notices.queries import member_notice, member_notices
from lvzhi.notices.views.common import attachment, page_of
from lvzhi.org.models import Member
from lvzhi.org.portal import member_required


@requires(C.PARTICIPATE)
@member_required
def my_notices(request: HttpRequest, member: Member) -> HttpResponse:
    filters = SearchForm(
        request.GET,
        choices={
            "kind": [("", _("全部类别")), *Notice.Kind.choices],
            "read": [("", _("全部")), ("unread", _("未读")), ("read", _("已读"))],
        },
    )
    notices = member_notices(member)
    if q := filters.value("q"):
        notices = notices.filter(title__icontains=q)
    if kind := filters.value("kind"):
        notices = notices.filter(kind=kind)
    if read := filters.value("read"):
        notices = notices.filter(read_at__isnull=read == "unread")
    return render(request, "notices/my_list.html", {"filters": filters, "page": page_of(request, notices)})


@requires(C.PARTICIPATE)
@member_required
def my_notice(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    """Opening the notice is reading it: the receipt is written on the first view."""
    notice = member_notice(member, pk)
    if notice is None:
        raise Http404
    services.mark_notice_read(notice, member=member)
    return render(request, "notices/my_detail.html", {"notice": notice, "files": notice.files.all()})


@requires(C.PARTICIPATE)
@member_required
def my_file(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    found = get_or_404(NoticeFile.objects.all(), pk=pk)
    if member_notice(member, found.notice_id) is None:
        raise Http404
    return attachment(found.file, found.title)


urlpatterns = [
    path("", my_notices, name="mine"),
    path("<int:pk>/", my_notice, name="detail"),
    path("files/<int:pk>/", my_file, name="file"),
]
