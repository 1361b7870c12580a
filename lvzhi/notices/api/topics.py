"""网络议政: topics, contributions and replies, moderation, substantive marks and the summary."""

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from lvzhi.core.apiinput import Id
from lvzhi.core.apikit import get_or_404, need, need_any
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.uploads import serve
from lvzhi.notices import services
from lvzhi.notices.api.notices import audience_spec, me
from lvzhi.notices.api.schemas import (
    ContributionIn,
    ContributionOut,
    HideReasonIn,
    SummaryIn,
    TopicFileOut,
    TopicIn,
    TopicOut,
)
from lvzhi.notices.models import Contribution, Topic, TopicFile
from lvzhi.notices.queries import member_topics, thread

router = Router()


def _managed(request: HttpRequest, topic_id: Id) -> Topic:
    need(request, C.MANAGE_NOTICES)
    return get_or_404(Topic.objects.all(), pk=topic_id)


def _contribution(request: HttpRequest, contribution_id: Id) -> Contribution:
    need(request, C.MANAGE_NOTICES)
    return get_or_404(Contribution.objects.all(), pk=contribution_id)


def _out(c: Contribution) -> dict:
    return {
        "id": c.pk,
        "member_id": c.member_id,
        "member_name": c.member.name,
        "parent_id": c.parent_id,
        "body": c.body,
        "created_at": c.created_at,
        "hidden": c.hidden,
        "substantive": c.substantive,
    }


@router.post("/topics", response={201: TopicOut}, summary="Create a deliberation topic (draft)")
def create_topic(request: HttpRequest, payload: TopicIn) -> Status:
    access = need(request, C.MANAGE_NOTICES)
    topic = services.create_topic(
        committee=access.committee,
        data=payload.dict(exclude={"audience"}),
        audience=audience_spec(payload.audience),
        actor=request.user,
    )
    return Status(201, topic)


@router.post("/topics/{topic_id}/publish", response=TopicOut, summary="Publish to the invited members")
def publish_topic(request: HttpRequest, topic_id: Id) -> Topic:
    return services.publish_topic(_managed(request, topic_id), actor=request.user)


@router.post("/topics/{topic_id}/close", response=TopicOut, summary="Close the discussion")
def close_topic(request: HttpRequest, topic_id: Id) -> Topic:
    return services.close_topic(_managed(request, topic_id), actor=request.user)


@router.put("/topics/{topic_id}/summary", response=TopicOut, summary="Write the summary (and a 社情民意 reference)")
def summary(request: HttpRequest, topic_id: Id, payload: SummaryIn) -> Topic:
    return services.save_summary(
        _managed(request, topic_id),
        summary=payload.summary,
        opinion_reference=payload.opinion_reference,
        actor=request.user,
    )


@router.get("/me/topics", response=list[TopicOut], summary="Topics I am invited to")
def my_topics(request: HttpRequest) -> list[Topic]:
    return list(member_topics(me(request))[:100])


@router.get("/topics/{topic_id}/contributions", response=list[ContributionOut], summary="The discussion")
def contributions(request: HttpRequest, topic_id: Id) -> list[dict]:
    access = need(request)
    topic = get_or_404(Topic.objects.all(), pk=topic_id)
    if not access.can(C.MANAGE_NOTICES):
        topic = get_or_404(member_topics(me(request)), pk=topic_id)
    return [_out(c) for c in thread(topic, include_hidden=access.can(C.MANAGE_NOTICES))]


@router.post("/topics/{topic_id}/contributions", response={201: ContributionOut}, summary="Post or reply")
def contribute(request: HttpRequest, topic_id: Id, payload: ContributionIn) -> Status:
    need(request)
    get_or_404(Topic.objects.all(), pk=topic_id)  # another committee's topic is not found, whoever asks
    member = me(request)
    topic = get_or_404(member_topics(member), pk=topic_id)
    parent = None
    if payload.parent is not None:
        parent = Contribution.objects.filter(topic=topic, pk=payload.parent).first()
        if parent is None:
            raise DomainError("topic.bad_parent", _("回复的发言不存在"), fields={"parent": [_("不存在")]})
    created = services.post_contribution(topic, member=member, body=payload.body, parent=parent)
    return Status(201, _out(created))


@router.post("/contributions/{contribution_id}/hide", response=ContributionOut, summary="Hide (with a reason)")
def hide(request: HttpRequest, contribution_id: Id, payload: HideReasonIn) -> dict:
    found = _contribution(request, contribution_id)
    return _out(services.hide_contribution(found, reason=payload.reason, actor=request.user))


@router.post("/contributions/{contribution_id}/substantive", response=ContributionOut, summary="Mark substantive")
def mark(request: HttpRequest, contribution_id: Id) -> dict:
    return _out(services.mark_substantive(_contribution(request, contribution_id), actor=request.user))


@router.delete("/contributions/{contribution_id}/substantive", response=ContributionOut, summary="Unmark")
def unmark(request: HttpRequest, contribution_id: Id) -> dict:
    return _out(services.unmark_substantive(_contribution(request, contribution_id), actor=request.user))


def _readable(request: HttpRequest, topic_id: Id) -> Topic:
    """The topic for staff, or for a member taking part in it; another committee's is not found, whoever asks."""
    need(request)
    topic = get_or_404(Topic.objects.all(), pk=topic_id)
    if need_any(request, C.MANAGE_NOTICES, C.PARTICIPATE).can(C.MANAGE_NOTICES):
        return topic
    return get_or_404(member_topics(me(request)), pk=topic_id)


@router.get("/topics/{topic_id}/files", response=list[TopicFileOut], summary="The topic's material files")
def topic_files(request: HttpRequest, topic_id: Id) -> list[TopicFile]:
    return list(_readable(request, topic_id).files.all())


@router.post("/topics/{topic_id}/files", response={201: TopicFileOut}, summary="Upload a material file (staff)")
def attach_file(request: HttpRequest, topic_id: Id, file: File[UploadedFile], title: Form[str] = "") -> Status:
    attached = services.attach_topic_file(_managed(request, topic_id), upload=file, title=title, actor=request.user)
    return Status(201, attached)


@router.get("/topics/{topic_id}/files/{file_id}", summary="Download a material file")
def topic_file(request: HttpRequest, topic_id: Id, file_id: Id) -> FileResponse:
    found = get_or_404(TopicFile.objects.filter(topic=_readable(request, topic_id)), pk=file_id)
    return serve(found.file, filename=found.title)
