"""My notifications (站内消息): the inbox with its unread count, and marking messages read."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from lvzhi.core import notify
from lvzhi.core.apiinput import Id, Page, PageSize
from lvzhi.core.apikit import LocalDateTime, get_or_404, need, paginate
from lvzhi.core.models import Notification

router = Router(tags=["notifications"])


class SourceRef(Schema):
    type: str
    id: int


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    source: SourceRef | None
    created_at: LocalDateTime
    read_at: LocalDateTime | None


class Inbox(Schema):
    count: int
    unread: int
    items: list[NotificationOut]


class ReadAllOut(Schema):
    updated: int


def _out(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "body": n.body,
        "url": n.url,
        "source": {"type": n.source_type, "id": n.source_id} if n.source_id is not None else None,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get("/me/notifications", response=Inbox, summary="My inbox, newest first, with the unread count")
def my_notifications(request: HttpRequest, unread: bool = False, page: Page = 1, page_size: PageSize = 50) -> dict:
    access = need(request)
    messages = notify.inbox(request.user, access.committee)
    if unread:
        messages = messages.filter(read_at__isnull=True)
    count, items = paginate(messages, page, page_size)
    return {
        "count": count,
        "unread": notify.unread_count(request.user, access.committee),
        "items": [_out(n) for n in items],
    }


@router.post("/me/notifications/{int:notification_id}/read", response=NotificationOut, summary="Mark one read")
def read_one(request: HttpRequest, notification_id: Id) -> dict:
    access = need(request)
    message = get_or_404(notify.inbox(request.user, access.committee), pk=notification_id)
    return _out(notify.mark_notification_read(message, user=request.user))


@router.post("/me/notifications/read-all", response=ReadAllOut, summary="Mark all read")
def read_all(request: HttpRequest) -> dict:
    access = need(request)
    return {"updated": notify.mark_all_notifications_read(user=request.user, committee=access.committee)}
