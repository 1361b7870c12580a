"""One notification service: an in-app inbox with unread counts, plus e-mail and SMS copies.

Inbox rows are written inside the caller's transaction, so a rolled-back action tells no one.
E-mail and SMS go through a background task (django-tasks) enqueued only after that transaction commits:
a notice to a thousand members does not hold up the request, and a failing gateway never undoes the action.
"""

import logging
from collections.abc import Iterable
from functools import partial
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lvzhi.core import hotpath
from lvzhi.core.errors import NotFound
from lvzhi.core.models import Committee, Notification, User
from lvzhi.core.sms import SmsMessage, send_sms

logger = logging.getLogger(__name__)

SMS_MAX_CHARS = 300


class Contactable(Protocol):
    """A recipient that is not itself a login (a member record): it says where its messages go."""

    def notification_contact(self) -> tuple[User | None, str, str]: ...


def _contact(recipient: User | Contactable) -> tuple[User | None, str, str]:
    """The login to put an inbox row under, the e-mail address and the mobile number of a recipient."""
    if isinstance(recipient, User):
        return recipient, recipient.email, recipient.mobile or ""
    return recipient.notification_contact()


def notify(
    *,
    committee: Committee,
    recipients: Iterable[User | Contactable],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    source: models.Model | None = None,
    email: bool = True,
    sms: bool = False,
) -> list[Notification]:
    """Tell each recipient once (a member and their login count as one); returns the inbox rows written."""
    source_type, source_id = (source._meta.label_lower, source.pk) if source is not None else ("", None)
    rows: list[Notification] = []
    users: set[int] = set()
    addresses: dict[str, None] = {}
    mobiles: dict[str, None] = {}
    for recipient in recipients:
        user, address, mobile = _contact(recipient)
        if user is not None and user.pk not in users:
            users.add(user.pk)
            rows.append(
                Notification(
                    committee=committee,
                    user=user,
                    kind=kind,
                    title=title[:200],
                    body=body,
                    url=url,
                    source_type=source_type,
                    source_id=source_id,
                )
            )
        if email and address:
            addresses[address] = None
        if sms and mobile:
            mobiles[mobile] = None
    Notification.objects.bulk_create(rows)
    if addresses or mobiles:
        enqueue = partial(
            deliver_notification.enqueue,
            committee_name=committee.name,
            title=str(title),
            body=str(body),
            addresses=list(addresses),
            mobiles=list(mobiles),
        )
        # robust: the action has committed by now, so a queue that cannot be reached is logged, not a 500.
        transaction.on_commit(enqueue, robust=True)
    return rows


@task()
def deliver_notification(
    *, committee_name: str, title: str, body: str, addresses: list[str], mobiles: list[str]
) -> None:
    """Send the e-mail and SMS copies of one notification.

    A failing channel does not stop the other; afterwards the failures are raised together, so the task is
    recorded as failed (with its traceback, in the admin's task results) as well as logged here."""
    subject = f"【{committee_name}】{title}"
    failures: list[Exception] = []
    try:
        send_mass_mail(
            [(subject, body or title, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses], fail_silently=False
        )
    except Exception as error:
        logger.exception("e-mail notification failed: %s", title)
        failures.append(error)
    text = f"{subject}{'：' + body if body else ''}"[:SMS_MAX_CHARS]
    try:
        send_sms([SmsMessage(to=m, text=text) for m in mobiles])
    except Exception as error:
        logger.exception("SMS notification failed: %s", title)
        failures.append(error)
    if failures:
        raise ExceptionGroup("notification delivery failed", failures)


def inbox(user: User, committee: Committee) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, committee=committee).order_by("-created_at", "-id")


def unread_count(user: User, committee: Committee) -> int:
    """The navbar's badge, on every page: a written-out query (core.hotpath)."""
    table = Notification._meta.db_table
    query = f'SELECT COUNT(*) FROM "{table}" WHERE user_id = %s AND committee_id = %s AND read_at IS NULL'
    return hotpath.scalar(Notification, query, [user.pk, committee.pk]) or 0


@transaction.atomic
def mark_notification_read(notification: Notification, *, user: User) -> Notification:
    if notification.user_id != user.pk:
        raise NotFound("not_found", _("对象不存在"))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_notifications_read(*, user: User, committee: Committee) -> int:
    return Notification.objects.filter(user=user, committee=committee, read_at__isnull=True).update(
        read_at=timezone.now()
    )
