"""委员风采 and 征文: the same operations as the screens. Staff write stories and ask the member's consent; the
member consents or declines; staff publish. Staff open essay calls, members submit, staff select and publish,
and download the results as .xlsx."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lvzhi.core.apiinput import Id, Text
from lvzhi.core.apikit import get_or_404, need, need_any
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.notices import services
from lvzhi.notices.api.notices import me
from lvzhi.notices.api.schemas import (
    EssayCallIn,
    EssayCallOut,
    EssayDecisionIn,
    EssayIn,
    EssayOut,
    EssayStatusCode,
    ShowcaseStoryIn,
    ShowcaseStoryOut,
    StoryStatusCode,
)
from lvzhi.notices.export import essay_results
from lvzhi.notices.models import Essay, EssayCall, Story
from lvzhi.org.models import Member

router = Router()
LIMIT = 200


def _story_out(story: Story) -> dict:
    return {
        "id": story.pk,
        "member_id": story.member_id,
        "member_name": story.member.name,
        "title": story.title,
        "body": story.body,
        "public": story.public,
        "status": story.status,
        "consented_at": story.consented_at,
        "published_at": story.published_at,
    }


def _managed_story(request: HttpRequest, story_id: Id) -> Story:
    need(request, C.MANAGE_NOTICES)
    return get_or_404(Story.objects.select_related("member"), pk=story_id)


def _own_story(request: HttpRequest, story_id: Id) -> tuple[Member, Story]:
    """The member's own story (one staff have asked them about); anyone else's is not found."""
    need(request)
    get_or_404(Story.objects.all(), pk=story_id)  # another committee's: 404 whoever asks
    member = me(request)
    return member, get_or_404(
        Story.objects.filter(member=member).exclude(status=Story.Status.DRAFT).select_related("member"), pk=story_id
    )


@router.get("/stories", response=list[ShowcaseStoryOut], summary="委员风采: the office's stories")
def list_stories(request: HttpRequest, q: Text(100) = "", status: StoryStatusCode | None = None) -> list[dict]:
    need(request, C.MANAGE_NOTICES)
    found = Story.objects.select_related("member").order_by("-created_at", "-id")
    if q:
        found = found.filter(title__icontains=q)
    if status:
        found = found.filter(status=status)
    return [_story_out(s) for s in found[:LIMIT]]


@router.post("/stories", response={201: ShowcaseStoryOut}, summary="Write a story about a member (draft)")
def create_story(request: HttpRequest, payload: ShowcaseStoryIn) -> Status:
    access = need(request, C.MANAGE_NOTICES)
    member = get_or_404(Member.objects.all(), pk=payload.member_id)
    story = services.create_story(
        committee=access.committee, member=member, data=payload.dict(exclude={"member_id"}), actor=request.user
    )
    return Status(201, _story_out(story))


@router.get("/stories/{story_id}", response=ShowcaseStoryOut, summary="One story (staff, its member, or published)")
def get_story(request: HttpRequest, story_id: Id) -> dict:
    access = need(request)
    story = get_or_404(Story.objects.select_related("member"), pk=story_id)
    if access.can(C.MANAGE_NOTICES):
        return _story_out(story)
    member = me(request)
    if story.status != Story.Status.PUBLISHED and (story.member_id != member.pk or story.status == Story.Status.DRAFT):
        raise NotFound("not_found", _("对象不存在"))
    return _story_out(story)


@router.post("/stories/{story_id}/ask-consent", response=ShowcaseStoryOut, summary="Ask the member's consent")
def ask_consent(request: HttpRequest, story_id: Id) -> dict:
    return _story_out(services.ask_consent(_managed_story(request, story_id), actor=request.user))


@router.post("/stories/{story_id}/publish", response=ShowcaseStoryOut, summary="Publish (the member consented)")
def publish_story(request: HttpRequest, story_id: Id) -> dict:
    return _story_out(services.publish_story(_managed_story(request, story_id), actor=request.user))


@router.post("/stories/{story_id}/unpublish", response=ShowcaseStoryOut, summary="Take a published story down")
def unpublish_story(request: HttpRequest, story_id: Id) -> dict:
    return _story_out(services.unpublish_story(_managed_story(request, story_id), actor=request.user))


@router.post("/stories/{story_id}/consent", response=ShowcaseStoryOut, summary="I agree to publication (the member)")
def consent_story(request: HttpRequest, story_id: Id) -> dict:
    member, story = _own_story(request, story_id)
    return _story_out(services.consent_story(story, member=member))


@router.post("/stories/{story_id}/decline", response=ShowcaseStoryOut, summary="I do not agree, or withdraw consent")
def decline_story(request: HttpRequest, story_id: Id) -> dict:
    member, story = _own_story(request, story_id)
    return _story_out(services.decline_story(story, member=member))


@router.get("/showcase", response=list[ShowcaseStoryOut], summary="委员风采: the committee's published stories")
def showcase(request: HttpRequest) -> list[dict]:
    need(request, C.PARTICIPATE)
    found = Story.objects.filter(status=Story.Status.PUBLISHED).select_related("member")
    return [_story_out(s) for s in found.order_by("-published_at", "-id")[:LIMIT]]


@router.get("/me/stories", response=list[ShowcaseStoryOut], summary="Stories about me (asked, consented, published)")
def my_stories(request: HttpRequest) -> list[dict]:
    found = Story.objects.filter(member=me(request)).exclude(status=Story.Status.DRAFT).select_related("member")
    return [_story_out(s) for s in found.order_by("-created_at", "-id")[:LIMIT]]


# 征文


def _is_open(call: EssayCall) -> bool:
    return call.status == EssayCall.Status.OPEN and call.deadline > timezone.now()


def _call_out(call: EssayCall) -> dict:
    return {
        "id": call.pk,
        "title": call.title,
        "description": call.description,
        "deadline": call.deadline,
        "status": call.status,
        "open": _is_open(call),
    }


def _essay_out(essay: Essay) -> dict:
    return {
        "id": essay.pk,
        "call_id": essay.call_id,
        "member_id": essay.member_id,
        "member_name": essay.member.name,
        "title": essay.title,
        "body": essay.body,
        "status": essay.status,
        "published_in": essay.published_in,
        "created_at": essay.created_at,
    }


def _managed_call(request: HttpRequest, call_id: Id) -> EssayCall:
    need(request, C.MANAGE_NOTICES)
    return get_or_404(EssayCall.objects.all(), pk=call_id)


@router.get("/essay-calls", response=list[EssayCallOut], summary="征文: all calls (staff) or the open ones (members)")
def list_calls(request: HttpRequest) -> list[dict]:
    access = need_any(request, C.MANAGE_NOTICES, C.PARTICIPATE)
    found: QuerySet[EssayCall] = EssayCall.objects.order_by("-deadline", "-id")
    if not access.can(C.MANAGE_NOTICES):
        found = found.filter(status=EssayCall.Status.OPEN, deadline__gt=timezone.now())
    return [_call_out(c) for c in found[:LIMIT]]


@router.post("/essay-calls", response={201: EssayCallOut}, summary="Open an essay call")
def create_call(request: HttpRequest, payload: EssayCallIn) -> Status:
    access = need(request, C.MANAGE_NOTICES)
    call = services.create_call(committee=access.committee, data=payload.dict(), actor=request.user)
    return Status(201, _call_out(call))


@router.get("/essay-calls/{call_id}", response=EssayCallOut, summary="One essay call")
def get_call(request: HttpRequest, call_id: Id) -> dict:
    need(request)
    call = get_or_404(EssayCall.objects.all(), pk=call_id)
    need_any(request, C.MANAGE_NOTICES, C.PARTICIPATE)
    return _call_out(call)


@router.get("/essay-calls/{call_id}/essays", response=list[EssayOut], summary="The essays submitted (staff)")
def call_essays(
    request: HttpRequest, call_id: Id, q: Text(100) = "", status: EssayStatusCode | None = None
) -> list[dict]:
    essays = _managed_call(request, call_id).essays.select_related("member").order_by("-created_at", "-id")
    if q:
        essays = essays.filter(title__icontains=q)
    if status:
        essays = essays.filter(status=status)
    return [_essay_out(e) for e in essays[:LIMIT]]


@router.get("/essay-calls/{call_id}/results.xlsx", summary="征文结果 as an Excel file (staff)")
def call_results(request: HttpRequest, call_id: Id) -> HttpResponse:
    return essay_results(_managed_call(request, call_id))


@router.post("/essay-calls/{call_id}/essays", response={201: EssayOut}, summary="Submit an essay (a member)")
def submit_essay(request: HttpRequest, call_id: Id, payload: EssayIn) -> Status:
    need(request)
    call = get_or_404(EssayCall.objects.all(), pk=call_id)
    essay = services.submit_essay(call, member=me(request), title=payload.title, body=payload.body)
    return Status(201, _essay_out(essay))


@router.get("/me/essays", response=list[EssayOut], summary="My essays and what became of them")
def my_essays(request: HttpRequest) -> list[dict]:
    found = Essay.objects.filter(member=me(request)).select_related("member").order_by("-created_at", "-id")
    return [_essay_out(e) for e in found[:LIMIT]]


@router.get("/essays/{essay_id}", response=EssayOut, summary="One essay (staff, or its author)")
def get_essay(request: HttpRequest, essay_id: Id) -> dict:
    access = need(request)
    essay = get_or_404(Essay.objects.select_related("member"), pk=essay_id)
    if not access.can(C.MANAGE_NOTICES) and essay.member_id != me(request).pk:
        raise NotFound("not_found", _("对象不存在"))
    return _essay_out(essay)


@router.post("/essays/{essay_id}/decision", response=EssayOut, summary="Select, reject, publish or unpublish")
def decide(request: HttpRequest, essay_id: Id, payload: EssayDecisionIn) -> dict:
    need(request, C.MANAGE_NOTICES)
    essay = get_or_404(Essay.objects.select_related("member"), pk=essay_id)
    decided = services.decide_essay(essay, payload.action, actor=request.user, published_in=payload.published_in)
    return _essay_out(decided)
