"""定时发布: a notice published for a later time is out of sight and untold until then; `manage.py announce_notices`
then tells its audience, exactly once, in every committee."""

import datetime
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification
from lvzhi.notices import services
from lvzhi.notices.models import Notice, NoticeEvent
from lvzhi.notices.queries import member_notices, unread_count
from lvzhi.notices.tests.factories import make_notice, staff
from lvzhi.testing import make_member

API = "/api/v1"
LEAD = datetime.timedelta(minutes=10)


def told(member, notice) -> int:
    return Notification.objects.filter(user=member.user, source_type="notices.notice", source_id=notice.pk).count()


def office_reminds(world, notice):
    return world.client(Role.MEMBER_AFFAIRS).post(f"{API}/notices/{notice.pk}/remind")


def later(delta: datetime.timedelta):
    """The clock moved on by `delta` (for the visibility queries and the command alike)."""
    return mock.patch.object(timezone, "now", return_value=timezone.now() + delta)


def test_a_timed_notice_is_unseen_and_untold_before_its_time_and_told_exactly_once_after(world):
    other = make_member(world, "王芳", user=True)
    notice = make_notice(
        world,
        title="定时：全会日程",
        publish_at=timezone.now() + LEAD,
        audience=services.AudienceSpec(member_ids=(world.member.pk, other.pk)),
    )
    assert notice.status == Notice.Status.PUBLISHED and notice.announced_at is None

    # Before its time: nowhere to be seen, nobody told, and the command leaves it alone.
    member = world.client(Role.MEMBER)
    assert list(member_notices(world.member)) == [] and unread_count(world.member) == 0
    assert member.get(f"{API}/me/notices").json() == []
    assert member.get(f"{API}/notices/{notice.pk}").status_code == 404
    assert member.get(reverse("notices:detail", args=[notice.pk])).status_code == 404
    assert notice.title not in member.get(reverse("notices:mine")).content.decode()
    assert services.announce_due_notices() == 0
    assert office_reminds(world, notice).status_code == 409  # nothing to remind of yet
    assert told(world.member, notice) == told(other, notice) == 0

    with later(LEAD + datetime.timedelta(minutes=1)):
        assert list(member_notices(world.member)) == [notice]
        assert services.announce_due_notices() == 1
        # A second run (the next cron tick, or two overlapping ones) tells nobody again.
        assert services.announce_due_notices() == 0
        out = StringIO()
        call_command("announce_notices", stdout=out)
        assert "已推送 0 条" in out.getvalue()
    assert told(world.member, notice) == told(other, notice) == 1
    assert Notice.objects.get(pk=notice.pk).announced_at is not None
    assert NoticeEvent.objects.filter(notice=notice, action="announce").get().data == {"told": 2}


def test_the_command_tells_a_due_notice_once_and_says_how_many(world):
    notice = make_notice(world, publish_at=timezone.now() + LEAD)
    with later(LEAD * 2):
        out = StringIO()
        call_command("announce_notices", stdout=out)
        call_command("announce_notices", stdout=StringIO())
    assert "已推送 1 条" in out.getvalue()
    assert told(world.member, notice) == 1


def test_an_immediate_notice_is_told_at_publication_and_never_again_by_the_command(world):
    notice = make_notice(world)
    assert notice.announced_at is not None and told(world.member, notice) == 1
    assert services.announce_due_notices() == 0
    assert told(world.member, notice) == 1


def test_a_timed_notice_withdrawn_or_expired_before_its_time_is_never_told(world):
    withdrawn = make_notice(world, title="撤回的", publish_at=timezone.now() + LEAD)
    services.withdraw_notice(withdrawn, actor=staff(world))
    expiring = make_notice(
        world, title="过期的", publish_at=timezone.now() + LEAD, expires_at=timezone.now() + LEAD * 2
    )
    with later(LEAD * 3):
        assert services.announce_due_notices() == 0
    assert told(world.member, withdrawn) == told(world.member, expiring) == 0


def test_republishing_a_withdrawn_notice_for_later_waits_for_the_new_time(world):
    notice = make_notice(world)
    services.withdraw_notice(notice, actor=staff(world))
    services.update_notice(notice, data={"publish_at": timezone.now() + LEAD}, audience=None, actor=staff(world))
    notice = services.publish_notice(Notice.objects.get(pk=notice.pk), actor=staff(world))
    assert notice.announced_at is None and list(member_notices(world.member)) == []
    with later(LEAD * 2):
        assert services.announce_due_notices() == 1
    assert told(world.member, notice) == 2  # once at first publication, once for the corrected notice


def test_the_command_covers_every_committee_in_its_own_scope(world, outsider):
    ours = make_notice(world, publish_at=timezone.now() + LEAD)
    theirs = make_notice(outsider, publish_at=timezone.now() + LEAD)
    with later(LEAD * 2):
        assert services.announce_due_notices() == 2
    assert told(world.member, ours) == 1 and told(outsider.member, theirs) == 1
    assert told(world.member, theirs) == 0 and told(outsider.member, ours) == 0


def test_staff_see_a_timed_notice_marked_as_scheduled(world):
    notice = make_notice(world, publish_at=timezone.now() + LEAD)
    office = world.client(Role.MEMBER_AFFAIRS)
    assert "定时发布" in office.get(reverse("notices:manage_detail", args=[notice.pk])).content.decode()
    assert "定时" in office.get(reverse("notices:manage_list")).content.decode()
    shown = office.get(f"{API}/notices/{notice.pk}").json()
    assert shown["status"] == "published" and shown["announced_at"] is None


def test_a_timed_notice_through_the_api_in_the_issues_shape(world):
    office = world.client(Role.MEMBER_AFFAIRS)
    when = (timezone.localtime() + LEAD).replace(microsecond=0).isoformat()
    created = office.post(
        f"{API}/notices",
        {"title": "定时通知", "audience": {"members": [world.member.pk]}, "publish_at": when},
        content_type="application/json",
    ).json()
    published = office.post(f"{API}/notices/{created['id']}/publish").json()
    assert published["announced_at"] is None
    assert world.client(Role.MEMBER).get(f"{API}/me/notices").json() == []
    with later(LEAD * 2):
        services.announce_due_notices()
        assert [n["id"] for n in world.client(Role.MEMBER).get(f"{API}/me/notices").json()] == [created["id"]]
