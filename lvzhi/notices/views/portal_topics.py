"""网络议政 for members: the topics I am invited to, the discussion, and posting or replying."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.uploads import serve
from lvzhi.notices import services
from lvzhi.notices.forms import ContributionForm, SearchForm, show_error
from lvzhi.notices.models import Contribution, Topic, TopicFile
from lvzhi.notices.queries import member_topics, thread
from lvzhi.notices.views.common import page_of
from lvzhi.org.models import Member
from lvzhi.org.portal import member_required


@requires(C.PARTICIPATE)
@member_required
def my_topics(request: HttpRequest, member: Member) -> HttpResponse:
    filters = SearchForm(request.GET, choices={"status": [("", _("全部")), *Topic.Status.choices[1:]]})
    found = member_topics(member)
    if q := filters.value("q"):
        found = found.filter(title__icontains=q)
    if status := filters.value("status"):
        found = found.filter(status=status)
    return render(
        request, "notices/my_topics.html", {"filters": filters, "page": page_of(request, found), "now": timezone.now()}
    )


@requires(C.PARTICIPATE)
@member_required
def my_topic(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    topic = member_topics(member).filter(pk=pk).first()
    if topic is None:
        raise Http404
    form = ContributionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            parent_id = form.cleaned_data["parent"]
            parent = Contribution.objects.filter(topic=topic, pk=parent_id).first() if parent_id else None
            try:
                if parent_id and parent is None:
                    raise DomainError("topic.bad_parent", _("回复的发言不存在"), fields={"body": [_("不存在")]})
                services.post_contribution(topic, member=member, body=form.cleaned_data["body"], parent=parent)
            except DomainError as exc:
                show_error([form], exc)
            else:
                messages.success(request, _("发言已发布"))
                return redirect("notices:topic", pk=pk)
        status = 400
    now = timezone.now()
    return render(
        request,
        "notices/my_topic.html",
        {
            "topic": topic,
            "contributions": thread(topic),
            "files": topic.files.all(),
            "form": form,
            "open": topic.status == Topic.Status.PUBLISHED and topic.opens_at <= now < topic.closes_at,
            "member": member,
        },
        status=status,
    )


@requires(C.PARTICIPATE)
@member_required
def topic_file(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    """A topic's material, for the members taking part in it (draft topics are nobody's yet)."""
    found = get_or_404(TopicFile.objects.filter(topic__in=member_topics(member).values("pk")), pk=pk)
    return serve(found.file, filename=found.title)


urlpatterns = [
    path("topics/", my_topics, name="topics"),
    path("topics/<int:pk>/", my_topic, name="topic"),
    path("topics/files/<int:pk>/", topic_file, name="topic_file"),
]
