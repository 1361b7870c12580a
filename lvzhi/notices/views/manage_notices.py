"""The office's notices screens: list, write, publish, attachments, read receipts, reminders, export."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.notices import services
from lvzhi.notices.export import workbook_response
from lvzhi.notices.forms import FileForm, NoticeForm, SearchForm, show_error
from lvzhi.notices.models import Notice, NoticeFile
from lvzhi.notices.queries import receipts, staff_notices
from lvzhi.notices.views.common import attachment, page_of
from lvzhi.org.services.members import current_term


@requires(C.MANAGE_NOTICES)
def manage_list(request: HttpRequest) -> HttpResponse:
    filters = SearchForm(
        request.GET,
        choices={
            "kind": [("", _("全部类别")), *Notice.Kind.choices],
            "status": [("", _("全部状态")), *Notice.Status.choices],
        },
    )
    notices = staff_notices(filters.value("q"), filters.value("kind"), filters.value("status"))
    return render(request, "notices/manage_list.html", {"filters": filters, "page": page_of(request, notices)})


def _save(request: HttpRequest, notice: Notice | None) -> HttpResponse:
    term = notice.term if notice else current_term(request.committee)
    form = NoticeForm(request.POST if request.method == "POST" else None, instance=notice, term=term)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service(services.NOTICE_FIELDS)
        try:
            with transaction.atomic():
                if notice is None:
                    notice = services.create_notice(
                        committee=request.committee, data=data, audience=form.audience(), actor=request.user
                    )
                else:
                    services.update_notice(notice, data=data, audience=form.audience(), actor=request.user)
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(request, _("已保存：%(t)s") % {"t": notice.title})
            return redirect("notices:manage_detail", pk=notice.pk)
    status = 400 if form.errors else 200
    return render(request, "notices/manage_form.html", {"form": form, "notice": notice}, status=status)


@requires(C.MANAGE_NOTICES)
def manage_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@requires(C.MANAGE_NOTICES)
def manage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_or_404(Notice.objects.all(), pk=pk)
    if notice.status == Notice.Status.PUBLISHED:
        messages.error(request, _("已发布的通知不能修改，请先撤回"))
        return redirect("notices:manage_detail", pk=pk)
    return _save(request, notice)


@requires(C.MANAGE_NOTICES)
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_or_404(Notice.objects.select_related("created_by"), pk=pk)
    return render(
        request,
        "notices/manage_detail.html",
        {
            "notice": notice,
            "receipts": receipts(notice),
            "files": notice.files.all(),
            "events": notice.events.select_related("actor").order_by("-at", "-id")[:50],
            "file_form": FileForm(),
        },
    )


ACTIONS = {
    "publish": (services.publish_notice, _("已发布，面向范围内的委员将收到通知")),
    "withdraw": (services.withdraw_notice, _("已撤回，委员不再看到此通知")),
}


@require_POST
@requires(C.MANAGE_NOTICES)
def manage_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    notice = get_or_404(Notice.objects.all(), pk=pk)
    try:
        if action == "remind":
            count = services.remind_unread(notice, actor=request.user)
            messages.success(request, _("已提醒 %(n)s 位未读委员") % {"n": count})
        elif action in ACTIONS:
            service, done = ACTIONS[action]
            service(notice, actor=request.user)
            messages.success(request, done)
        else:
            messages.error(request, _("未知的操作"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notices:manage_detail", pk=pk)


@require_POST
@requires(C.MANAGE_NOTICES)
def manage_attach(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_or_404(Notice.objects.all(), pk=pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件"))
        return redirect("notices:manage_detail", pk=pk)
    try:
        services.add_notice_file(
            notice, upload=form.cleaned_data["file"], title=form.cleaned_data["title"], actor=request.user
        )
        messages.success(request, _("已上传附件"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notices:manage_detail", pk=pk)


@requires(C.MANAGE_NOTICES)
def manage_file(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_or_404(NoticeFile.objects.all(), pk=pk)
    return attachment(found.file, found.title)


@requires(C.MANAGE_NOTICES)
def manage_receipts_export(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_or_404(Notice.objects.all(), pk=pk)
    name = _("涉密通知 %(n)s") % {"n": notice.pk} if notice.confidential else notice.title
    found = receipts(notice)
    rows = [(name, r.member.name, _("已读"), r.read_at) for r in found.read]
    rows += [(name, r.member.name, _("未读"), None) for r in found.unread]
    header = [_("通知"), _("委员"), _("状态"), _("阅读时间")]
    return workbook_response(f"{_('阅读回执')}-{notice.pk}.xlsx", _("阅读回执"), header, rows)


urlpatterns = [
    path("manage/", manage_list, name="manage_list"),
    path("manage/new/", manage_create, name="manage_create"),
    path("manage/<int:pk>/", manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", manage_edit, name="manage_edit"),
    path("manage/<int:pk>/files/", manage_attach, name="manage_attach"),
    path("manage/files/<int:pk>/", manage_file, name="manage_file"),
    path("manage/<int:pk>/receipts.xlsx", manage_receipts_export, name="manage_receipts_export"),
    path("manage/<int:pk>/<slug:action>/", manage_action, name="manage_action"),
]
