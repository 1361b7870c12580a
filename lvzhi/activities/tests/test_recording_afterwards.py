import datetime

import pytest
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.tests.factories import crowd
from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import ActivityKind


@pytest.fixture
def staff(world):
    return world.users[Role.MEMBER_AFFAIRS]


def test_an_activity_that_took_place_is_recorded_with_its_attendance_and_says_so(world, staff):
    members = crowd(world, 3)
    held_on = timezone.now() - datetime.timedelta(days=40)
    activity = services.create_activity(
        committee=world.committee,
        data={
            "title": "三月视察",
            "kind": ActivityKind.INSPECTION,
            "mode": Activity.Mode.INVITE,
            "starts_at": held_on,
            "ends_at": held_on + datetime.timedelta(hours=3),
            "recorded_afterwards": True,
        },
        audience=services.Audience(member_ids=tuple(m.pk for m in members)),
        actor=staff,
    )
    services.publish_activity(activity, actor=staff)
    for member, attendance in zip(members, ["present", "late", "excused"], strict=True):
        registration = activity.registrations.get(member=member)
        services.set_attendance(registration, attendance=attendance, actor=staff, note="据签到表补录")
    services.close_activity(activity, actor=staff)

    assert not Notification.objects.exists()  # nobody is told about a meeting long past
    rows = DutyRecord.objects.filter(source_id=activity.pk).order_by("member_id")
    assert [(r.role, r.event_date) for r in rows] == [
        (a, timezone.localtime(held_on).date()) for a in ("present", "late", "excused")
    ]
    notes = list(activity.events.values_list("note", flat=True))
    assert len(notes) == 3 and all(n.startswith("（补录）") for n in notes)
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.ATTENDANCE_CONFIRMED
    assert set(activity.registrations.values_list("status", flat=True)) == {Registration.Status.INVITED}
