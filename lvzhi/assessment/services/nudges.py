"""Mid-year nudges: from July, members still missing a minimum duty ("三个一") hear so once a month."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.assessment.scoring import score_committee
from lvzhi.assessment.services.schemes import rules_in_force
from lvzhi.core.models import Committee, Notification
from lvzhi.core.notify import notify
from lvzhi.org.models import Member

KIND = "assessment.behind"
FIRST_MONTH = 7  # half the year gone: time enough left to catch up


def send_nudges(committee: Committee, today: datetime.date | None = None) -> int:
    """Tell each assessed member missing a minimum duty, at most once a calendar month; returns how many."""
    today = today or timezone.localdate()
    if today.month < FIRST_MONTH:
        return 0
    rules, _scheme = rules_in_force(committee, today.year)
    labels = {d.code: d.label for d in rules.minimum_duties}
    behind = {s.member_id: s for s in score_committee(committee, today.year, rules) if s.missing_duties}
    if not behind:
        return 0
    told = set(
        Notification.objects.filter(
            committee=committee, kind=KIND, created_at__date__gte=today.replace(day=1)
        ).values_list("user_id", flat=True)
    )
    members = Member.objects.filter(pk__in=behind, user__isnull=False).exclude(user_id__in=told).select_related("user")
    sent = 0
    for member in members:
        missing = "、".join(labels.get(code, code) for code in behind[member.pk].missing_duties)
        notify(
            committee=committee,
            recipients=[member],
            kind=KIND,
            title=_("%(y)s年度基本履职要求尚未完成") % {"y": today.year},
            body=_("尚未完成：%(m)s。可在「我的考核得分」查看可以报名的活动。") % {"m": missing},
            url=reverse("assessment:me"),
        )
        sent += 1
    return sent
