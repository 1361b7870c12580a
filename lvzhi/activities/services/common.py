"""Pieces every activity service shares: locking, the timeline row, and telling people."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity, ActivityEvent, Registration
from lvzhi.activities.transitions import ACTIVITY_MOVES, HOLDS_PLACE
from lvzhi.core.models import AuditEvent, Committee, User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import Workflow
from lvzhi.org.models import Member

RECORDED_AFTERWARDS = _("补录")


def lock_activity(activity: Activity) -> Activity:
    """The activity row, locked until the transaction ends (its committee read along, not locked)."""
    return Activity.objects.select_for_update(of=("self",)).select_related("committee").get(pk=activity.pk)


def has_begun(activity: Activity) -> bool:
    """The meeting is under way: the organiser started it, or its scheduled start has passed."""
    return (
        activity.status in (Activity.Status.IN_PROGRESS, Activity.Status.ENDED) or activity.starts_at <= timezone.now()
    )


def add_event(
    activity: Activity,
    *,
    action: str,
    actor: User | None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ActivityEvent:
    """One timeline row; an activity recorded afterwards says so on every row."""
    if activity.recorded_afterwards:
        note = f"（{RECORDED_AFTERWARDS}）{note}"
    return ActivityEvent.objects.create(
        committee_id=activity.committee_id,
        activity=activity,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=timezone.now(),
        action=action,
        from_status=from_status,
        to_status=to_status or from_status,
        note=note[:300],
        data=data or {},
    )


ACTIVITY = Workflow(ACTIVITY_MOVES, Activity.Status, "activity.bad_status", event=add_event)


def move_activity(
    activity: Activity, action: str, *, actor: User | None, note: str = "", data: dict[str, Any] | None = None
) -> Activity:
    """Check the table, change the status, write the timeline row. The caller holds the row lock."""
    return ACTIVITY.transition(activity, action, actor=actor, note=note, data=data, locked=True)


def log_registration_events(
    action: str,
    registrations: Sequence[Registration],
    *,
    actor: User | None,
    activity: Activity,
    data: Callable[[Registration], dict[str, Any]] | None = None,
) -> None:
    """`log_event` for each registration, in one INSERT (a promotion or a batch marking writes one row per member).
    The registrations' members should be read along: each row names its member."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            committee=activity.committee,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            object_type=Registration._meta.label_lower,
            object_id=str(r.pk),
            object_repr=str(r)[:200],
            data=data(r) if data is not None else {},
        )
        for r in registrations
    )


def when(activity: Activity) -> str:
    start = timezone.localtime(activity.starts_at)
    return start.strftime("%Y-%m-%d %H:%M")


def expected_members(activity: Activity, *, waitlisted: bool = False) -> list[Member]:
    """Members holding a place on the list (and those waiting, when asked): the people to tell."""
    statuses = set(HOLDS_PLACE) | ({Registration.Status.WAITLISTED} if waitlisted else set())
    return [
        r.member
        for r in Registration.objects.filter(activity=activity, status__in=statuses).select_related("member__user")
    ]


def tell(
    activity: Activity,
    members: Iterable[Member],
    *,
    kind: str,
    title: str,
    body: str = "",
    sms: bool = False,
    email: bool = True,
) -> None:
    """Notify members about the activity, unless it is a record of the past (补录): no one needs telling.
    A lower committee's member invited across levels is told in their own committee, where their inbox is."""
    if activity.recorded_afterwards:
        return
    by_committee: dict[int, list[Member]] = {}
    for member in members:
        by_committee.setdefault(member.committee_id, []).append(member)
    committees = {activity.committee_id: activity.committee}
    if set(by_committee) - set(committees):
        committees.update(Committee.objects.in_bulk(set(by_committee) - set(committees)))
    for committee_id, group in by_committee.items():
        notify(
            committee=committees[committee_id],
            recipients=group,
            kind=kind,
            title=title,
            body=body,
            source=activity,
            sms=sms,
            email=email,
        )
