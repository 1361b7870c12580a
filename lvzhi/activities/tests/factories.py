"""Building activities and crowds of members for the activities tests (deep graphs only; simple data stays inline)."""

import datetime
import itertools

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment, User
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Member, Membership
from lvzhi.testing import PASSWORD, World

_seq = itertools.count(1)


def hours_from_now(hours: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def make_activity(
    world: World,
    *,
    mode: str = Activity.Mode.MENU,
    kind: str = ActivityKind.RESEARCH,
    starts_in_hours: float = 48,
    hours: float = 2,
    audience: services.Audience | None = None,
    publish: bool = True,
    by: str = Role.MEMBER_AFFAIRS,
    **data: object,
) -> Activity:
    """An activity in the future (published unless asked not to), open to everyone by default."""
    starts_at = hours_from_now(starts_in_hours)
    activity = services.create_activity(
        committee=world.committee,
        data={
            "title": f"活动{next(_seq)}",
            "kind": kind,
            "mode": mode,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=hours),
            "location": "市政协三楼会议室",
            **data,
        },
        audience=audience or services.Audience(all=True),
        actor=world.users[by],
    )
    if publish:
        services.publish_activity(activity, actor=world.users[by])
    return Activity.objects.get(pk=activity.pk)


def move_start(activity: Activity, *, starts_in_minutes: float, minutes: float = 120) -> Activity:
    """Time passes: the activity now starts `starts_in_minutes` from now (negative: it has started)."""
    starts_at = timezone.now() + datetime.timedelta(minutes=starts_in_minutes)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        registration_closes_at=None,
    )
    return Activity.objects.get(pk=activity.pk)


def crowd(world: World, n: int, *, sector_index: int = 0) -> list[Member]:
    """n serving members of the world's term, each with a login, written in bulk (fast for hundreds)."""
    prefix = f"{world.committee.code}-c{next(_seq)}"
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(username=f"{prefix}-{i}", password=password, home_committee=world.committee) for i in range(n)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, committee=world.committee, role=Role.MEMBER) for u in users
    )
    members = Member.objects.bulk_create(
        Member(
            committee=world.committee,
            user=u,
            name=f"委员{i}",
            name_pinyin=f"{prefix}{i:04d}",
            gender="male",
            mobile=f"137{next(_seq):08d}",
        )
        for i, u in enumerate(users)
    )
    Membership.objects.bulk_create(
        Membership(
            committee=world.committee,
            member=m,
            term=world.term,
            sector=world.sectors[sector_index],
            joined_on=datetime.date(world.term.start_year, 1, 1),
        )
        for m in members
    )
    return members
