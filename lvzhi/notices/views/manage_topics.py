"""The office's 网络议政 screens: topics, moderation, marking substantive contributions, the summary, export."""

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
from lvzhi.core.uploads import serve
from lvzhi.notices import services
from lvzhi.notices.export import workbook_response, yes_no
from lvzhi.notices.forms import ReasonForm, SearchForm, SummaryForm, TopicFileForm, TopicForm, show_error
from lvzhi.notices.models import Contribution, Topic, TopicFile
from lvzhi.notices.queries import staff_topics, thread
from lvzhi.notices.views.common import page_of
from lvzhi.org.services.members import current_term


@requires(C.MANAGE_NOTICES)
def topics(request: HttpRequest) -> HttpResponse:
    filters = SearchForm(request.GET, choices={"status": [("", _("全部状态")), *Topic.Status.choices]})
    found = staff_topics(filters.value("q"), filters.value("status"))
    return render(request, "notices/manage_topics.html", {"filters": filters, "page": page_of(request, found)})


def _save(request: HttpRequest, topic: Topic | None) -> HttpResponse:
    term = topic.term if topic else current_term(request.committee)
    form = TopicForm(request.POST if request.method == "POST" else None, instance=topic, term=term)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service(services.TOPIC_FIELDS)
        try:
            with transaction.atomic():
                if topic is None:
                    topic = services.create_topic(
                        committee=request.committee, data=data, audience=form.audience(), actor=request.user
                    )
                else:
                    services.update_topic(topic, data=data, audience=form.audience(), actor=request.user)
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("notices:topic_manage", pk=topic.pk)
    status = 400 if form.errors else 200
    return render(request, "notices/manage_topic_form.html", {"form": form, "topic": topic}, status=status)


@requires(C.MANAGE_NOTICES)
def topic_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@requires(C.MANAGE_NOTICES)
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_or_404(Topic.objects.all(), pk=pk)
    if topic.status != Topic.Status.DRAFT:
        messages.error(request, _("已发布的议题不能修改"))
        return redirect("notices:topic_manage", pk=pk)
    return _save(request, topic)


def _topic_page(
    request: HttpRequest,
    topic: Topic,
    *,
    summary_form: SummaryForm | None = None,
    file_form: TopicFileForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "notices/manage_topic.html",
        {
            "topic": topic,
            "contributions": thread(topic, include_hidden=True),
            "participants": topic.participants.count(),
            "files": topic.files.all(),
            "summary_form": summary_form or SummaryForm(instance=topic),
            "file_form": file_form or TopicFileForm(),
            "reason_form": ReasonForm(),
        },
        status=status,
    )


@requires(C.MANAGE_NOTICES)
def topic_manage(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_or_404(Topic.objects.all(), pk=pk)
    if request.method != "POST":
        return _topic_page(request, topic)
    summary_form = SummaryForm(request.POST, instance=topic)
    if summary_form.is_valid():
        try:
            services.save_summary(
                topic,
                summary=summary_form.cleaned_data["summary"],
                opinion_reference=summary_form.cleaned_data["opinion_reference"],
                actor=request.user,
            )
        except DomainError as exc:
            show_error([summary_form], exc)
        else:
            messages.success(request, _("已保存综述"))
            return redirect("notices:topic_manage", pk=pk)
    return _topic_page(request, topic, summary_form=summary_form, status=400)


@require_POST
@requires(C.MANAGE_NOTICES)
def topic_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a material file; a refused file is explained under the field, on the topic's page."""
    topic = get_or_404(Topic.objects.all(), pk=pk)
    form = TopicFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_topic_file(
                topic, upload=form.cleaned_data["file"], title=form.cleaned_data["title"], actor=request.user
            )
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(request, _("已上传材料，受邀委员可在议题页下载"))
            return redirect("notices:topic_manage", pk=pk)
    return _topic_page(request, topic, file_form=form, status=400)


@requires(C.MANAGE_NOTICES)
def topic_file_manage(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_or_404(TopicFile.objects.all(), pk=pk)
    return serve(found.file, filename=found.title)


TOPIC_ACTIONS = {
    "publish": (services.publish_topic, _("已发布，受邀委员将收到通知")),
    "close": (services.close_topic, _("议题已结束，可以标记有效建言并撰写综述")),
}


@require_POST
@requires(C.MANAGE_NOTICES)
def topic_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    topic = get_or_404(Topic.objects.all(), pk=pk)
    if action not in TOPIC_ACTIONS:
        messages.error(request, _("未知的操作"))
        return redirect("notices:topic_manage", pk=pk)
    service, done = TOPIC_ACTIONS[action]
    try:
        service(topic, actor=request.user)
        messages.success(request, done)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notices:topic_manage", pk=pk)


@require_POST
@requires(C.MANAGE_NOTICES)
def contribution_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    contribution = get_or_404(Contribution.objects.all(), pk=pk)
    try:
        if action == "hide":
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.hide_contribution(contribution, reason=reason, actor=request.user)
            messages.success(request, _("已屏蔽"))
        elif action == "unhide":
            services.unhide_contribution(contribution, actor=request.user)
            messages.success(request, _("已恢复显示"))
        elif action == "mark":
            services.mark_substantive(contribution, actor=request.user)
            messages.success(request, _("已标记为有效建言，已记入该委员履职档案"))
        elif action == "unmark":
            services.unmark_substantive(contribution, actor=request.user)
            messages.success(request, _("已取消标记，相应履职记录已作废"))
        else:
            messages.error(request, _("未知的操作"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notices:topic_manage", pk=contribution.topic_id)


@requires(C.MANAGE_NOTICES)
def topic_export(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_or_404(Topic.objects.all(), pk=pk)
    rows = [
        (
            c.member.name,
            c.created_at,
            _("回复") if c.parent_id else _("发言"),
            c.body,
            yes_no(c.substantive),
            c.hidden_reason if c.hidden else "",
        )
        for c in thread(topic, include_hidden=True)
    ]
    if topic.summary:
        rows.append((_("综述"), topic.summarised_at, "", topic.summary, "", topic.opinion_reference))
    header = [_("委员"), _("时间"), _("类型"), _("内容"), _("有效建言"), _("屏蔽原因/转社情民意")]
    return workbook_response(f"{_('网络议政')}-{topic.pk}.xlsx", _("网络议政"), header, rows)


urlpatterns = [
    path("topics/manage/", topics, name="topics_manage"),
    path("topics/manage/new/", topic_create, name="topic_create"),
    path("topics/manage/<int:pk>/", topic_manage, name="topic_manage"),
    path("topics/manage/<int:pk>/edit/", topic_edit, name="topic_edit"),
    path("topics/manage/<int:pk>/export.xlsx", topic_export, name="topic_export"),
    path("topics/manage/<int:pk>/files/", topic_attach, name="topic_attach"),
    path("topics/manage/files/<int:pk>/", topic_file_manage, name="topic_file_manage"),
    path("topics/manage/<int:pk>/<slug:action>/", topic_action, name="topic_action"),
    path("topics/contributions/<int:pk>/<slug:action>/", contribution_action, name="contribution_action"),
]
