"""A notice's life: drafted with an audience and attachments, published (its audience fixed and told), read,
reminded, withdrawn."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import Workflow
from lvzhi.notices.models import Notice, NoticeEvent, NoticeFile, NoticeRecipient
from lvzhi.notices.queries import audience_members
from lvzhi.notices.services.audience import AudienceSpec, set_audience
from lvzhi.notices.transitions import NOTICE_MOVES, NoticeAction
from lvzhi.org.models import Member
from lvzhi.org.services.members import current_term

NA = NoticeAction
NOTICE_FIELDS = ("kind", "title", "content", "confidential", "publish_at", "expires_at")
MAX_FILE_BYTES = 20 * 1024 * 1024


def add_event(notice: Notice, **kwargs: Any) -> NoticeEvent:
    kwargs["note"] = kwargs.get("note", "")[:300]
    kwargs["data"] = kwargs.get("data") or {}
    return NoticeEvent.objects.create(committee_id=notice.committee_id, notice=notice, **kwargs)


NOTICE = Workflow(NOTICE_MOVES, Notice.Status, "notice.bad_status", event=add_event)


def _validate(notice: Notice) -> None:
    try:
        notice.full_clean(exclude=["committee", "term", "created_by"], validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(
            "notice.invalid",
            "；".join(exc.messages),
            fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()},
        ) from None
    if not notice.title.strip():
        raise DomainError("notice.invalid", _("请填写标题"), fields={"title": [_("必填")]})
    if notice.publish_at and notice.expires_at and notice.expires_at <= notice.publish_at:
        raise DomainError("notice.invalid", _("有效期须晚于发布时间"), fields={"expires_at": [_("须晚于发布时间")]})


def _check_fields(data: dict[str, Any]) -> None:
    unknown = set(data).difference(NOTICE_FIELDS)
    if unknown:
        raise DomainError("notice.bad_field", _("不可设置的字段：%(f)s") % {"f": "、".join(sorted(unknown))})


@transaction.atomic
def create_notice(*, committee: Committee, data: dict[str, Any], audience: AudienceSpec, actor: User) -> Notice:
    """A draft; nobody sees it until it is published."""
    _check_fields(data)
    notice = Notice(committee=committee, term=current_term(committee), created_by=actor, **data)
    _validate(notice)
    notice.save()
    set_audience(notice, audience, code="notice.bad_audience")
    add_event(notice, action="create", actor=actor, to_status=notice.status)
    return notice


@transaction.atomic
def update_notice(notice: Notice, *, data: dict[str, Any], audience: AudienceSpec | None, actor: User) -> Notice:
    _check_fields(data)
    notice = NOTICE.lock(notice)
    NOTICE.check(NA.UPDATE, notice.status, code="notice.not_editable")
    for field, value in data.items():
        setattr(notice, field, value)
    _validate(notice)
    notice.save()
    if audience is not None:
        set_audience(notice, audience, code="notice.bad_audience")
    add_event(notice, action=NA.UPDATE, actor=actor, from_status=notice.status, to_status=notice.status)
    return notice


@transaction.atomic
def add_notice_file(notice: Notice, *, upload: UploadedFile, title: str, actor: User) -> NoticeFile:
    notice = NOTICE.lock(notice)
    NOTICE.check(NA.ATTACH, notice.status, code="notice.bad_status")
    if upload.size and upload.size > MAX_FILE_BYTES:
        raise DomainError("notice.file_too_large", _("附件不能超过 20 MB"), fields={"file": [_("文件过大")]})
    attachment = NoticeFile.objects.create(
        committee_id=notice.committee_id, notice=notice, title=(title or upload.name)[:200], file=upload
    )
    add_event(
        notice, action=NA.ATTACH, actor=actor, from_status=notice.status, to_status=notice.status, note=attachment.title
    )
    return attachment


def _tell(notice: Notice, members: list[Member], title: str) -> None:
    notify(
        committee=notice.committee,
        recipients=members,
        kind="notices.notice",
        title=title,
        body=notice.title,
        source=notice,
    )


@transaction.atomic
def publish_notice(notice: Notice, *, actor: User) -> Notice:
    """Fix the audience as recipient rows and tell them. A notice timed for later (定时发布) stays out of sight and
    untold until its time: `announce_due_notices` tells them then, so no message leads to a page not open yet."""
    notice = NOTICE.lock(notice)
    NOTICE.check(NA.PUBLISH, notice.status)
    now = timezone.now()
    if notice.expires_at and notice.expires_at <= now:
        raise DomainError("notice.expired", _("有效期已过，请修改有效期后再发布"), fields={"expires_at": [_("已过期")]})
    members = list(audience_members(notice).select_related("user"))
    if not members:
        raise DomainError("notice.empty_audience", _("面向范围内没有委员"), fields={"audience": [_("无人可收")]})
    already = set(NoticeRecipient.objects.filter(notice=notice).values_list("member_id", flat=True))
    NoticeRecipient.objects.filter(notice=notice).exclude(member__in=members).delete()
    NoticeRecipient.objects.bulk_create(
        NoticeRecipient(committee_id=notice.committee_id, notice=notice, member=m)
        for m in members
        if m.pk not in already
    )
    if notice.publish_at is None:
        notice.publish_at = now
    due = notice.publish_at <= now
    notice.announced_at = now if due else None
    NOTICE.transition(
        notice,
        NA.PUBLISH,
        actor=actor,
        fields=["publish_at", "announced_at"],
        locked=True,
        data={"recipients": len(members), **({} if due else {"scheduled": notice.publish_at.isoformat()})},
    )
    if due:
        _tell_published(notice, members)
    return notice


def _tell_published(notice: Notice, members: list[Member]) -> None:
    _tell(notice, members, _("%(kind)s：%(title)s") % {"kind": notice.get_kind_display(), "title": notice.title})


def announce_due_notices(now: datetime.datetime | None = None) -> int:
    """Tell the audiences of timed notices whose time has come (every committee); returns how many notices.

    Run every few minutes (`manage.py announce_notices`). Each notice is claimed by a conditional update of
    `announced_at`, so two overlapping runs, or a run after a crash, never tell anyone twice. A notice withdrawn
    or expired before its time is not told at all."""
    now = now or timezone.now()
    with scopes_disabled():
        due = list(
            Notice.objects.filter(status=Notice.Status.PUBLISHED, announced_at__isnull=True, publish_at__lte=now)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .select_related("committee")
            .order_by("publish_at", "id")
        )
    told = 0
    for notice in due:
        with scope(committee=notice.committee), transaction.atomic():
            claimed = Notice.objects.filter(
                pk=notice.pk, status=Notice.Status.PUBLISHED, announced_at__isnull=True
            ).update(announced_at=now)
            if not claimed:
                continue
            members = list(
                Member.objects.filter(
                    pk__in=NoticeRecipient.objects.filter(notice=notice).values("member_id")
                ).select_related("user")
            )
            _tell_published(notice, members)
            add_event(
                notice,
                action="announce",
                actor=None,
                from_status=notice.status,
                to_status=notice.status,
                data={"told": len(members)},
            )
            told += 1
    return told


@transaction.atomic
def withdraw_notice(notice: Notice, *, actor: User, reason: str = "") -> Notice:
    """Members no longer see it; the read receipts stay for the record."""
    return NOTICE.transition(notice, NA.WITHDRAW, actor=actor, note=reason)


@transaction.atomic
def remind_unread(notice: Notice, *, actor: User) -> int:
    """Tell those who have not read it yet; returns how many were reminded."""
    notice = NOTICE.lock(notice)
    NOTICE.check(NA.REMIND, notice.status)
    if notice.announced_at is None:
        # A timed notice not yet out: a reminder would lead members to a page they cannot open.
        raise Conflict("notice.not_yet_published", _("通知尚未到发布时间，不能提醒"))
    unread = list(
        Member.objects.filter(
            pk__in=NoticeRecipient.objects.filter(notice=notice, read_at__isnull=True).values("member_id")
        ).select_related("user")
    )
    if not unread:
        raise DomainError("notice.all_read", _("面向范围内的委员均已阅读，无需提醒"))
    notice.reminded_at = timezone.now()
    notice.save(update_fields=["reminded_at", "updated_at"])
    _tell(notice, unread, _("请阅读：%(title)s") % {"title": notice.title})
    add_event(
        notice,
        action=NA.REMIND,
        actor=actor,
        from_status=notice.status,
        to_status=notice.status,
        data={"reminded": len(unread)},
    )
    return len(unread)


@transaction.atomic
def mark_notice_read(notice: Notice, *, member: Member) -> NoticeRecipient:
    """The member's read receipt; reading again keeps the first time."""
    NOTICE.check(NA.READ, notice.status)
    receipt = NoticeRecipient.objects.select_for_update().get(notice=notice, member=member)
    if receipt.read_at is None:
        receipt.read_at = timezone.now()
        receipt.save(update_fields=["read_at"])
    return receipt
