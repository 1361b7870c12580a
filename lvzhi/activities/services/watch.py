"""The organisers' daily watch (`manage.py remind_organisers`): activities below their minimum size (名额下限)
before the registration deadline, and activities that are over but whose attendance was never closed, so the
ledger does not silently miss them. Cross-committee jobs: they list without a scope, then work inside each
activity's own committee."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.queries import awaiting_close
from lvzhi.activities.services.common import add_event, lock_activity, move_activity, when
from lvzhi.activities.transitions import ACTIVITY_MOVES, HOLDS_PLACE
from lvzhi.core.capabilities import ROLE_CAPABILITIES, Role
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.models import RoleAssignment, User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import ensure_move

A = Activity.Status
# The warning goes out this long before the registration deadline: time enough to rally members or extend.
UNDERSIZE_WARNING = datetime.timedelta(days=3)
SIGNING_UP = (A.PUBLISHED, A.REGISTRATION_CLOSED)
_MANAGERS = [role for role, caps in ROLE_CAPABILITIES.items() if C.MANAGE_ACTIVITIES in caps]


def organisers(activity: Activity) -> list[User]:
    """Who answers for the activity: whoever created it and the staff of its organising unit (special committee,
    sector group, regional group or station); the committee's member-affairs office when nobody else is named."""
    scoped = Q(pk__in=[])
    if activity.organiser_special_committee_id:
        scoped |= Q(special_committee_id=activity.organiser_special_committee_id)
    if activity.organiser_group_id:
        scoped |= Q(sector_group_id=activity.organiser_group_id)
    if activity.organiser_regional_group_id:
        scoped |= Q(regional_group_id=activity.organiser_regional_group_id)
    if activity.organiser_station_id:
        scoped |= Q(station_id=activity.organiser_station_id)
    ids = set(
        RoleAssignment.objects.filter(scoped, committee_id=activity.committee_id, role__in=_MANAGERS).values_list(
            "user_id", flat=True
        )
    )
    if activity.created_by_id:
        ids.add(activity.created_by_id)
    if not ids:
        ids = set(
            RoleAssignment.objects.filter(committee_id=activity.committee_id, role=Role.MEMBER_AFFAIRS).values_list(
                "user_id", flat=True
            )
        )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def places_taken(activity: Activity) -> int:
    return Registration.objects.filter(activity=activity, status__in=HOLDS_PLACE).count()


def undersized(activity: Activity) -> bool:
    """Still signing up and below its minimum size."""
    return (
        activity.min_participants is not None
        and activity.status in SIGNING_UP
        and places_taken(activity) < activity.min_participants
    )


@transaction.atomic
def warn_undersized(activity: Activity) -> bool:
    """Tell the organisers, once per deadline, that sign-ups are below the minimum; on the timeline too."""
    activity = lock_activity(activity)
    if activity.undersize_warned_at is not None or not undersized(activity):
        return False
    taken = places_taken(activity)
    closes = timezone.localtime(activity.registration_closes_at).strftime("%Y-%m-%d %H:%M")
    notify(
        committee=activity.committee,
        recipients=organisers(activity),
        kind="activity.undersized",
        title=_("报名人数不足：%(t)s") % {"t": activity.title},
        body=_("已报名 %(n)s 人，低于名额下限 %(min)s 人；报名将于 %(closes)s 截止。可延长报名或取消活动。")
        % {"n": taken, "min": activity.min_participants, "closes": closes},
        source=activity,
    )
    add_event(
        activity,
        action="undersize_warned",
        actor=None,
        from_status=activity.status,
        data={"places": taken, "min": activity.min_participants},
    )
    activity.undersize_warned_at = timezone.now()
    activity.save(update_fields=["undersize_warned_at"])
    return True


def send_undersize_warnings(*, now: datetime.datetime | None = None) -> int:
    """Warn about every activity whose registration closes within UNDERSIZE_WARNING and is below its minimum."""
    now = now or timezone.now()
    with scopes_disabled():
        due = list(
            Activity.objects.filter(
                status__in=SIGNING_UP,
                min_participants__isnull=False,
                registration_closes_at__gt=now,
                registration_closes_at__lte=now + UNDERSIZE_WARNING,
                undersize_warned_at__isnull=True,
            ).select_related("committee")
        )
    warned = 0
    for activity in due:
        with scope(committee=activity.committee):
            warned += warn_undersized(activity)
    return warned


def remind_to_close(*, now: datetime.datetime | None = None) -> int:
    """Remind the organisers of each activity still waiting for its attendance, once a day; returns how many."""
    today = timezone.localdate(now or timezone.now())
    with scopes_disabled():
        due = list(
            Activity.objects.filter(awaiting_close())
            .exclude(close_reminded_on=today)
            .select_related("committee")
            .order_by("ends_at")
        )
    for activity in due:
        with scope(committee=activity.committee), transaction.atomic():
            notify(
                committee=activity.committee,
                recipients=organisers(activity),
                kind="activity.needs_closing",
                title=_("请确认考勤：%(t)s") % {"t": activity.title},
                body=_("活动（%(when)s）已结束，考勤确认后才计入委员履职记录。") % {"when": when(activity)},
                source=activity,
                email=False,
            )
            Activity.objects.filter(pk=activity.pk).update(close_reminded_on=today)
    return len(due)


@transaction.atomic
def extend_registration(activity: Activity, *, closes_at: datetime.datetime, actor: User) -> Activity:
    """延长报名: a later deadline (before the start); sign-ups reopen if they had closed, and the minimum-size
    warning is re-armed for the new deadline."""
    activity = lock_activity(activity)
    ensure_move(ACTIVITY_MOVES, "extend_registration", activity.status, statuses=A, code="activity.bad_status")
    if closes_at <= timezone.now():
        raise DomainError(
            "activity.deadline_in_past", _("新的报名截止时间已过"), fields={"closes_at": [_("请选择将来的时间")]}
        )
    if closes_at > activity.starts_at:
        raise DomainError(
            "activity.deadline_after_start",
            _("报名截止时间不能晚于活动开始时间"),
            fields={"closes_at": [_("不能晚于开始时间")]},
        )
    old = activity.registration_closes_at
    activity.registration_closes_at = closes_at
    activity.undersize_warned_at = None
    activity.save(update_fields=["registration_closes_at", "undersize_warned_at", "updated_at"])
    data = {"old_deadline": old.isoformat() if old else None, "new_deadline": closes_at.isoformat()}
    return move_activity(activity, "extend_registration", actor=actor, data=data)
