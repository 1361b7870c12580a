"""委员风采 and 征文: the office's screens, the members' pages, and the public showcase page."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Committee
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.notices import services
from lvzhi.notices.export import essay_results
from lvzhi.notices.forms import EssayCallForm, EssayForm, SearchForm, StoryForm, show_error
from lvzhi.notices.models import Essay, EssayCall, Story
from lvzhi.notices.views.common import page_of
from lvzhi.org.models import Member
from lvzhi.org.portal import member_required
from lvzhi.org.services.members import current_term


def _posted(request: HttpRequest) -> dict | None:
    return request.POST if request.method == "POST" else None


@requires(C.MANAGE_NOTICES)
def stories_manage(request: HttpRequest) -> HttpResponse:
    filters = SearchForm(request.GET, choices={"status": [("", _("全部状态")), *Story.Status.choices]})
    found = Story.objects.select_related("member").order_by("-created_at", "-id")
    if q := filters.value("q"):
        found = found.filter(title__icontains=q)
    if status := filters.value("status"):
        found = found.filter(status=status)
    form = StoryForm(_posted(request), term=current_term(request.committee))
    status_code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.create_story(
                    committee=request.committee,
                    member=form.cleaned_data["member"],
                    data=form.cleaned_data,
                    actor=request.user,
                )
            except DomainError as exc:
                show_error([form], exc)
            else:
                messages.success(request, _("已保存草稿，请向委员征求同意后发布"))
                return redirect("notices:stories_manage")
        status_code = 400
    context = {"filters": filters, "page": page_of(request, found), "form": form}
    return render(request, "notices/manage_stories.html", context, status=status_code)


STORY_ACTIONS = {
    "ask_consent": (services.ask_consent, _("已请委员确认")),
    "publish": (services.publish_story, _("已发布")),
    "unpublish": (services.unpublish_story, _("已撤下")),
}


@require_POST
@requires(C.MANAGE_NOTICES)
def story_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    story = get_or_404(Story.objects.all(), pk=pk)
    if action in STORY_ACTIONS:
        service, done = STORY_ACTIONS[action]
        try:
            service(story, actor=request.user)
            messages.success(request, done)
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("未知的操作"))
    return redirect("notices:stories_manage")


@requires(C.PARTICIPATE)
@member_required
def showcase(request: HttpRequest, member: Member) -> HttpResponse:
    """The committee's 委员风采, and my own stories waiting for my consent."""
    published = Story.objects.filter(status=Story.Status.PUBLISHED).select_related("member")
    mine = Story.objects.filter(member=member).exclude(status=Story.Status.DRAFT)
    return render(request, "notices/showcase.html", {"page": page_of(request, published), "mine": mine})


@require_POST
@requires(C.PARTICIPATE)
@member_required
def story_consent(request: HttpRequest, member: Member, pk: int, action: str) -> HttpResponse:
    story = get_or_404(Story.objects.filter(member=member), pk=pk)
    try:
        if action == "consent":
            services.consent_story(story, member=member)
            messages.success(request, _("已同意发布"))
        elif action == "decline":
            services.decline_story(story, member=member)
            messages.success(request, _("已不同意发布，该内容不会展示"))
        else:
            messages.error(request, _("未知的操作"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notices:showcase")


def public_showcase(request: HttpRequest, code: str) -> HttpResponse:
    """The public page: only stories published with consent and marked public; nothing else of the committee."""
    with scopes_disabled():
        committee = Committee.objects.filter(code=code).first()
    if committee is None:
        raise Http404
    with scope(committee=committee):
        stories = list(
            Story.objects.filter(committee=committee, status=Story.Status.PUBLISHED, public=True)
            .select_related("member")
            .order_by("-published_at", "-id")[:50]
        )
    return render(request, "notices/public_showcase.html", {"committee": committee, "stories": stories})


@requires(C.MANAGE_NOTICES)
def calls_manage(request: HttpRequest) -> HttpResponse:
    form = EssayCallForm(_posted(request))
    status_code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.create_call(committee=request.committee, data=form.cleaned_data, actor=request.user)
            except DomainError as exc:
                show_error([form], exc)
            else:
                messages.success(request, _("已发布征文"))
                return redirect("notices:calls_manage")
        status_code = 400
    calls = EssayCall.objects.order_by("-deadline", "-id")
    context = {"page": page_of(request, calls), "form": form}
    return render(request, "notices/manage_calls.html", context, status=status_code)


@requires(C.MANAGE_NOTICES)
def call_manage(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_or_404(EssayCall.objects.all(), pk=pk)
    filters = SearchForm(request.GET, choices={"status": [("", _("全部状态")), *Essay.Status.choices]})
    essays = call.essays.select_related("member")
    if q := filters.value("q"):
        essays = essays.filter(title__icontains=q)
    if status := filters.value("status"):
        essays = essays.filter(status=status)
    return render(request, "notices/manage_call.html", {"call": call, "essays": essays, "filters": filters})


@requires(C.MANAGE_NOTICES)
def call_export(request: HttpRequest, pk: int) -> HttpResponse:
    return essay_results(get_or_404(EssayCall.objects.all(), pk=pk))


@require_POST
@requires(C.MANAGE_NOTICES)
def essay_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    essay = get_or_404(Essay.objects.all(), pk=pk)
    try:
        services.decide_essay(essay, action, actor=request.user, published_in=request.POST.get("published_in", ""))
        messages.success(request, _("已更新"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notices:call_manage", pk=essay.call_id)


@requires(C.PARTICIPATE)
@member_required
def calls(request: HttpRequest, member: Member) -> HttpResponse:
    open_calls = EssayCall.objects.filter(status=EssayCall.Status.OPEN, deadline__gt=timezone.now())
    mine = Essay.objects.filter(member=member).select_related("call")
    return render(request, "notices/my_calls.html", {"calls": open_calls, "mine": mine})


@requires(C.PARTICIPATE)
@member_required
def call(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    found = get_or_404(EssayCall.objects.all(), pk=pk)
    form = EssayForm(_posted(request))
    status_code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_essay(
                    found, member=member, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
                )
            except DomainError as exc:
                show_error([form], exc)
            else:
                messages.success(request, _("投稿成功"))
                return redirect("notices:calls")
        status_code = 400
    context = {"call": found, "form": form, "open": found.status == "open" and found.deadline > timezone.now()}
    return render(request, "notices/my_call.html", context, status=status_code)


urlpatterns = [
    path("showcase/manage/", stories_manage, name="stories_manage"),
    path("showcase/manage/<int:pk>/<slug:action>/", story_action, name="story_action"),
    path("showcase/", showcase, name="showcase"),
    path("showcase/<int:pk>/<slug:action>/", story_consent, name="story_consent"),
    path("public/<slug:code>/", public_showcase, name="public_showcase"),
    path("essays/manage/", calls_manage, name="calls_manage"),
    path("essays/manage/<int:pk>/", call_manage, name="call_manage"),
    path("essays/manage/<int:pk>/results.xlsx", call_export, name="call_export"),
    path("essays/manage/essay/<int:pk>/<slug:action>/", essay_action, name="essay_action"),
    path("essays/", calls, name="calls"),
    path("essays/<int:pk>/", call, name="call"),
]
