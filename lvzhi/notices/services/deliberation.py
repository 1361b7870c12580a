"""网络议政: a topic is published to its participants, they contribute and reply while it is open, staff
moderate, and after closing mark substantive contributions (the duty ledger) and write a summary."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import Conflict, DomainError, NotFound
from lvzhi.core.models import Committee, User
from lvzhi.core.notify import notify
from lvzhi.core.uploads import MATERIAL, accept
from lvzhi.core.workflow import Workflow
from lvzhi.ledger.services import record_duty, void_duties_for_source
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.notices.models import Contribution, Topic, TopicEvent, TopicFile, TopicParticipant
from lvzhi.notices.queries import audience_members
from lvzhi.notices.services.audience import AudienceSpec, set_audience
from lvzhi.notices.transitions import TOPIC_MOVES, TopicAction
from lvzhi.org.models import Member
from lvzhi.org.services.members import current_term

TA = TopicAction
TOPIC_FIELDS = ("title", "description", "materials", "opens_at", "closes_at")
MAX_CONTRIBUTION = 5000
DELIBERATION_DEPT = "网络议政"


def add_event(topic: Topic, **kwargs: Any) -> TopicEvent:
    kwargs["note"] = kwargs.get("note", "")[:300]
    kwargs["data"] = kwargs.get("data") or {}
    return TopicEvent.objects.create(committee_id=topic.committee_id, topic=topic, **kwargs)


TOPIC = Workflow(TOPIC_MOVES, Topic.Status, "topic.bad_status", event=add_event)


def _validate(topic: Topic) -> None:
    try:
        topic.full_clean(exclude=["committee", "term", "created_by"], validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(
            "topic.invalid",
            "；".join(exc.messages),
            fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()},
        ) from None
    if topic.closes_at <= topic.opens_at:
        raise DomainError("topic.invalid", _("结束时间须晚于开始时间"), fields={"closes_at": [_("须晚于开始时间")]})


@transaction.atomic
def create_topic(*, committee: Committee, data: dict[str, Any], audience: AudienceSpec, actor: User) -> Topic:
    unknown = set(data).difference(TOPIC_FIELDS)
    if unknown:
        raise DomainError("topic.bad_field", _("不可设置的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    topic = Topic(committee=committee, term=current_term(committee), created_by=actor, **data)
    _validate(topic)
    topic.save()
    set_audience(topic, audience, code="topic.bad_audience")
    add_event(topic, action="create", actor=actor, to_status=topic.status)
    return topic


@transaction.atomic
def update_topic(topic: Topic, *, data: dict[str, Any], audience: AudienceSpec | None, actor: User) -> Topic:
    topic = TOPIC.lock(topic)
    TOPIC.check(TA.UPDATE, topic.status, code="topic.not_editable")
    for field in set(data) & set(TOPIC_FIELDS):
        setattr(topic, field, data[field])
    _validate(topic)
    topic.save()
    if audience is not None:
        set_audience(topic, audience, code="topic.bad_audience")
    add_event(topic, action=TA.UPDATE, actor=actor, from_status=topic.status, to_status=topic.status)
    return topic


@transaction.atomic
def attach_topic_file(topic: Topic, *, upload: UploadedFile, title: str, actor: User) -> TopicFile:
    """A material for the discussion, checked by the upload kit (type by its bytes, 20 MB) before it is stored."""
    topic = TOPIC.lock(topic)
    TOPIC.check(TA.ATTACH, topic.status)
    if len(title) > 200 or "\x00" in title:
        raise DomainError(
            "topic.invalid", _("材料名称不能超过 200 字，且不能包含空字符"), fields={"title": [_("无效")]}
        )
    accept(upload, MATERIAL)
    title = (title.strip() or upload.name.rsplit(".", 1)[0])[:200]
    attached = TopicFile.objects.create(
        committee_id=topic.committee_id, topic=topic, title=title, file=upload, uploaded_by=actor
    )
    add_event(topic, action=TA.ATTACH, actor=actor, from_status=topic.status, to_status=topic.status, note=title)
    return attached


@transaction.atomic
def publish_topic(topic: Topic, *, actor: User) -> Topic:
    topic = TOPIC.lock(topic)
    TOPIC.check(TA.PUBLISH, topic.status)
    if topic.closes_at <= timezone.now():
        raise DomainError("topic.closed", _("结束时间已过"), fields={"closes_at": [_("须晚于现在")]})
    members = list(audience_members(topic).select_related("user"))
    if not members:
        raise DomainError("topic.empty_audience", _("面向范围内没有委员"), fields={"audience": [_("无人可参与")]})
    TopicParticipant.objects.bulk_create(
        (TopicParticipant(committee_id=topic.committee_id, topic=topic, member=m) for m in members),
        ignore_conflicts=True,
    )
    TOPIC.transition(topic, TA.PUBLISH, actor=actor, locked=True, data={"participants": len(members)})
    notify(
        committee=topic.committee,
        recipients=members,
        kind="notices.topic",
        title=_("网络议政：%(t)s") % {"t": topic.title},
        body=_("%(a)s 至 %(b)s 开放建言")
        % {
            "a": timezone.localtime(topic.opens_at).strftime("%m-%d %H:%M"),
            "b": timezone.localtime(topic.closes_at).strftime("%m-%d %H:%M"),
        },
        source=topic,
    )
    return topic


@transaction.atomic
def close_topic(topic: Topic, *, actor: User) -> Topic:
    return TOPIC.transition(topic, TA.CLOSE, actor=actor)


def is_participant(topic: Topic, member: Member) -> bool:
    return TopicParticipant.objects.filter(topic=topic, member=member).exists()


@transaction.atomic
def post_contribution(topic: Topic, *, member: Member, body: str, parent: Contribution | None = None) -> Contribution:
    TOPIC.check(TA.CONTRIBUTE, topic.status)
    if not is_participant(topic, member):
        raise NotFound("not_found", _("对象不存在"))
    now = timezone.now()
    if now < topic.opens_at:
        raise Conflict(
            "topic.not_open",
            _("议题尚未开始，请于 %(t)s 后发言") % {"t": timezone.localtime(topic.opens_at).strftime("%Y-%m-%d %H:%M")},
        )
    if now >= topic.closes_at:
        raise Conflict("topic.closed", _("议题已结束，不能再发言"))
    body = body.strip()
    if not body:
        raise DomainError("topic.empty_contribution", _("请填写发言内容"), fields={"body": [_("必填")]})
    if len(body) > MAX_CONTRIBUTION:
        raise DomainError(
            "topic.too_long", _("发言不能超过 %(n)s 字") % {"n": MAX_CONTRIBUTION}, fields={"body": [_("内容过长")]}
        )
    if parent is not None and (parent.topic_id != topic.pk or parent.hidden):
        raise DomainError("topic.bad_parent", _("回复的发言不存在"), fields={"parent": [_("不存在")]})
    replied_to = parent
    # Threads are one level deep: a reply to a reply joins the first contribution's replies.
    if parent is not None and parent.parent_id is not None:
        parent = parent.parent
    contribution = Contribution.objects.create(
        committee_id=topic.committee_id, topic=topic, member=member, parent=parent, body=body
    )
    if replied_to is not None and replied_to.member_id != member.pk:
        notify(
            committee=topic.committee,
            recipients=[replied_to.member],
            kind="notices.reply",
            title=_("%(n)s 回复了您在“%(t)s”中的发言") % {"n": member.name, "t": topic.title},
            body=body[:200],
            source=topic,
            email=False,
        )
    return contribution


def _lock(contribution: Contribution) -> tuple[Contribution, Topic]:
    contribution = Contribution.objects.select_for_update().select_related("topic", "member").get(pk=contribution.pk)
    return contribution, contribution.topic


@transaction.atomic
def hide_contribution(contribution: Contribution, *, reason: str, actor: User) -> Contribution:
    contribution, topic = _lock(contribution)
    TOPIC.check(TA.MODERATE, topic.status)
    if not reason.strip():
        raise DomainError("topic.reason_required", _("请填写屏蔽原因"), fields={"reason": [_("必填")]})
    if contribution.substantive:
        raise Conflict("topic.hide_substantive", _("已标记为有效建言的发言不能屏蔽，请先取消标记"))
    contribution.hidden = True
    contribution.hidden_reason = reason.strip()[:200]
    contribution.save(update_fields=["hidden", "hidden_reason"])
    add_event(
        topic,
        action="hide",
        actor=actor,
        from_status=topic.status,
        to_status=topic.status,
        note=contribution.hidden_reason,
        data={"contribution": contribution.pk},
    )
    return contribution


@transaction.atomic
def unhide_contribution(contribution: Contribution, *, actor: User) -> Contribution:
    contribution, topic = _lock(contribution)
    TOPIC.check(TA.MODERATE, topic.status)
    contribution.hidden = False
    contribution.hidden_reason = ""
    contribution.save(update_fields=["hidden", "hidden_reason"])
    add_event(
        topic,
        action="unhide",
        actor=actor,
        from_status=topic.status,
        to_status=topic.status,
        data={"contribution": contribution.pk},
    )
    return contribution


@transaction.atomic
def mark_substantive(contribution: Contribution, *, actor: User) -> Contribution:
    """An online deliberation row in the ledger, whose source is the contribution (so unmarking voids it)."""
    contribution, topic = _lock(contribution)
    TOPIC.check(TA.MARK, topic.status, code="topic.mark_after_close")
    if contribution.hidden:
        raise Conflict("topic.hidden", _("已屏蔽的发言不能标记为有效建言"))
    if not contribution.substantive:
        contribution.substantive = True
        contribution.save(update_fields=["substantive"])
        record_duty(
            committee=topic.committee,
            member=contribution.member,
            kind=DutyKind.ONLINE_DELIBERATION,
            role=DutyRole.SPEAKER,
            event_date=timezone.localdate(contribution.created_at),
            title=_("网络议政建言：%(t)s") % {"t": topic.title},
            source=contribution,
            recorded_by=actor,
            recorded_by_dept=DELIBERATION_DEPT,
        )
        add_event(
            topic,
            action="mark",
            actor=actor,
            from_status=topic.status,
            to_status=topic.status,
            data={"contribution": contribution.pk},
        )
    return contribution


@transaction.atomic
def unmark_substantive(contribution: Contribution, *, actor: User) -> Contribution:
    contribution, topic = _lock(contribution)
    TOPIC.check(TA.MARK, topic.status, code="topic.mark_after_close")
    if contribution.substantive:
        contribution.substantive = False
        contribution.save(update_fields=["substantive"])
        void_duties_for_source(contribution, actor=actor, reason=_("取消有效建言标记"))
        add_event(
            topic,
            action="unmark",
            actor=actor,
            from_status=topic.status,
            to_status=topic.status,
            data={"contribution": contribution.pk},
        )
    return contribution


@transaction.atomic
def save_summary(topic: Topic, *, summary: str, opinion_reference: str = "", actor: User) -> Topic:
    topic = TOPIC.lock(topic)
    TOPIC.check(TA.SUMMARISE, topic.status)
    if not summary.strip():
        raise DomainError("topic.empty_summary", _("请填写综述"), fields={"summary": [_("必填")]})
    topic.summary = summary.strip()
    topic.opinion_reference = opinion_reference.strip()[:200]
    topic.summarised_at = timezone.now()
    topic.save(update_fields=["summary", "opinion_reference", "summarised_at", "updated_at"])
    add_event(
        topic,
        action=TA.SUMMARISE,
        actor=actor,
        from_status=topic.status,
        to_status=topic.status,
        note=topic.opinion_reference,
    )
    return topic
