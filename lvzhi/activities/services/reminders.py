"""The day-before reminder (`manage.py send_reminders`, run from cron or the task queue)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lvzhi.activities.models import Activity
from lvzhi.activities.services.common import expected_members, lock_activity, tell, when
from lvzhi.activities.transitions import BEFORE_START


@transaction.atomic
def remind_participants(activity: Activity) -> bool:
    """Tell everyone holding a place that the activity is tomorrow; once per schedule (a reschedule re-arms it)."""
    activity = lock_activity(activity)
    if activity.reminded_at is not None or activity.status not in BEFORE_START:
        return False
    title = _("明日活动提醒：%(t)s") % {"t": activity.title}
    body = _("时间：%(when)s；地点：%(where)s") % {"when": when(activity), "where": activity.location}
    tell(activity, expected_members(activity), kind="activity.reminder", title=title, body=body, sms=True)
    activity.reminded_at = timezone.now()
    activity.save(update_fields=["reminded_at"])
    return True


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind the participants of every committee's activities that start tomorrow (Asia/Shanghai); returns
    how many activities were reminded. A cross-committee job, so it lists without a scope and then
    works inside each activity's own committee."""
    tomorrow = timezone.localdate(now or timezone.now()) + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    with scopes_disabled():
        due = list(
            Activity.objects.filter(
                starts_at__gte=start,
                starts_at__lt=end,
                status__in=BEFORE_START,
                reminded_at__isnull=True,
                recorded_afterwards=False,
            ).select_related("committee")
        )
    reminded = 0
    for activity in due:
        with scope(committee=activity.committee):
            reminded += remind_participants(activity)
    return reminded
