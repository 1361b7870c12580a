"""委员风采 and 征文: stories published with the member's consent; essays submitted, selected and published
(a published essay is a media item in the duty ledger)."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import Workflow
from lvzhi.ledger.services import record_duty, void_duties_for_source
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.notices.models import Essay, EssayCall, Story
from lvzhi.notices.transitions import ESSAY_MOVES, STORY_MOVES, EssayAction, StoryAction
from lvzhi.org.models import Member

STORY = Workflow(STORY_MOVES, Story.Status, "story.bad_status", audit_prefix="story")
ESSAY = Workflow(ESSAY_MOVES, Essay.Status, "essay.bad_status", audit_prefix="essay")
MEDIA_DEPT = "委员风采"


def _required(value: str, field: str, message: str, code: str) -> str:
    if not value.strip():
        raise DomainError(code, message, fields={field: [_("必填")]})
    return value.strip()


@transaction.atomic
def create_story(*, committee: Committee, member: Member, data: dict[str, Any], actor: User) -> Story:
    if member.committee_id != committee.pk:
        raise DomainError("story.bad_member", _("委员不存在"), fields={"member": [_("不存在")]})
    title = _required(str(data.get("title", "")), "title", _("请填写标题"), "story.invalid")[:200]
    body = _required(str(data.get("body", "")), "body", _("请填写正文"), "story.invalid")
    return Story.objects.create(
        committee=committee, member=member, title=title, body=body, public=bool(data.get("public")), created_by=actor
    )


@transaction.atomic
def ask_consent(story: Story, *, actor: User) -> Story:
    def tell() -> None:
        notify(
            committee=story.committee,
            recipients=[story.member],
            kind="notices.story",
            title=_("请确认是否同意发布您的委员风采：%(t)s") % {"t": story.title},
            source=story,
        )

    return STORY.transition(story, StoryAction.ASK_CONSENT, actor=actor, after_commit=tell)


@transaction.atomic
def consent_story(story: Story, *, member: Member) -> Story:
    if story.member_id != member.pk:
        raise DomainError("not_found", _("对象不存在"), status=404)
    story.consented_at = timezone.now()
    return STORY.transition(story, StoryAction.CONSENT, actor=member.user, fields=["consented_at"])


@transaction.atomic
def decline_story(story: Story, *, member: Member) -> Story:
    """The member may withdraw consent at any time, even after publication: the story comes down."""
    if story.member_id != member.pk:
        raise DomainError("not_found", _("对象不存在"), status=404)
    story.consented_at = None
    story.published_at = None
    return STORY.transition(story, StoryAction.DECLINE, actor=member.user, fields=["consented_at", "published_at"])


@transaction.atomic
def publish_story(story: Story, *, actor: User) -> Story:
    story.published_at = timezone.now()
    return STORY.transition(story, StoryAction.PUBLISH, actor=actor, fields=["published_at"])


@transaction.atomic
def unpublish_story(story: Story, *, actor: User) -> Story:
    story.published_at = None
    return STORY.transition(story, StoryAction.UNPUBLISH, actor=actor, fields=["published_at"])


@transaction.atomic
def create_call(*, committee: Committee, data: dict[str, Any], actor: User) -> EssayCall:
    title = _required(str(data.get("title", "")), "title", _("请填写征文主题"), "essay.invalid")[:200]
    deadline = data.get("deadline")
    if deadline is None or deadline <= timezone.now():
        raise DomainError("essay.invalid", _("截止时间须晚于现在"), fields={"deadline": [_("须晚于现在")]})
    call = EssayCall.objects.create(
        committee=committee, title=title, description=str(data.get("description", "")), deadline=deadline
    )
    return call


@transaction.atomic
def submit_essay(call: EssayCall, *, member: Member, title: str, body: str) -> Essay:
    call = EssayCall.objects.select_for_update().get(pk=call.pk)
    if call.status != EssayCall.Status.OPEN or call.deadline <= timezone.now():
        raise Conflict("essay.closed", _("征文已截止"))
    title = _required(title, "title", _("请填写题目"), "essay.invalid")[:200]
    body = _required(body, "body", _("请填写正文"), "essay.invalid")
    return Essay.objects.create(committee_id=call.committee_id, call=call, member=member, title=title, body=body)


@transaction.atomic
def decide_essay(essay: Essay, action: str, *, actor: User, published_in: str = "") -> Essay:
    """Select, reject, publish or unpublish; publishing writes a media row to the ledger, unpublishing voids it."""
    if action not in set(EssayAction):
        raise DomainError("essay.bad_action", _("未知的操作"))
    if action == EssayAction.PUBLISH:
        essay.published_in = _required(published_in, "published_in", _("请填写刊发载体"), "essay.invalid")[:200]
    essay = ESSAY.transition(
        essay, action, actor=actor, fields=["published_in"] if action == EssayAction.PUBLISH else ()
    )
    if action == EssayAction.PUBLISH:
        record_duty(
            committee=essay.committee,
            member=essay.member,
            kind=DutyKind.MEDIA,
            role=DutyRole.LEAD_AUTHOR,
            event_date=timezone.localdate(),
            title=_("征文刊发：%(t)s") % {"t": essay.title},
            source=essay,
            recorded_by=actor,
            recorded_by_dept=MEDIA_DEPT,
            evidence=essay.published_in,
        )
        notify(
            committee=essay.committee,
            recipients=[essay.member],
            kind="notices.essay",
            title=_("您的征文《%(t)s》已刊发") % {"t": essay.title},
            source=essay,
            email=False,
        )
    elif action == EssayAction.UNPUBLISH:
        void_duties_for_source(essay, actor=actor, reason=_("征文撤稿"))
    return essay
