"""消息: every user's inbox lists unread messages first with a count in the navbar; opening a message marks
it read and goes to its page; one or all can be marked read (POST only); nobody sees another's messages."""

import pytest
from django.urls import reverse

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification
from lvzhi.core.notify import notify

INBOX = reverse("inbox")
READ = reverse("inbox_read")


@pytest.fixture
def client(world):
    return world.client(Role.MEMBER)


def tell(world, title, *, source=None, user=None):
    return notify(
        committee=world.committee,
        recipients=[user or world.member.user],
        kind="test.message",
        title=title,
        body="正文",
        source=source,
        email=False,
    )[0]


def test_unread_messages_come_first_and_are_counted_in_the_navbar(world, client):
    old = tell(world, "早先的未读消息")
    done = tell(world, "已读的消息")
    done.read_at = done.created_at
    done.save()
    tell(world, "最新的未读消息")
    html = client.get(INBOX).content.decode()
    assert html.index("最新的未读消息") < html.index("早先的未读消息") < html.index("已读的消息")
    assert 'data-testid="unread-count">2<' in html
    assert html.count('data-unread="1"') == 2
    assert old.title in html


def test_the_unread_badge_shows_on_every_page(world, client):
    tell(world, "一条消息")
    html = client.get(reverse("activities:menu")).content.decode()
    assert 'data-testid="unread-count">1<' in html


def test_opening_a_message_marks_it_read_and_goes_to_its_activity(world, client):
    activity = make_activity(world, title="调研通知")
    message = tell(world, "调研通知已发布", source=activity)
    target = reverse("activities:detail", args=[activity.pk])
    assert f'value="{target}"' in client.get(INBOX).content.decode()
    response = client.post(READ, {"id": message.pk, "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert Notification.objects.get(pk=message.pk).read_at is not None


def test_an_approver_is_led_to_the_leave_queue(world):
    meeting = make_activity(world, mode=Activity.Mode.INVITE)
    services.request_leave(meeting, member=world.member, kind="personal", reason="家中有事", actor=world.member.user)
    html = world.client(Role.MEMBER_AFFAIRS).get(INBOX).content.decode()
    assert "请假待审批" in html and reverse("activities:leave_queue") in html


def test_marking_one_read_with_htmx_returns_the_row(world, client):
    message = tell(world, "要标为已读的消息")
    response = client.post(READ, {"id": message.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "要标为已读的消息" in html and 'data-unread="1"' not in html
    assert Notification.objects.get(pk=message.pk).read_at is not None


def test_marking_all_read(world, client):
    for i in range(3):
        tell(world, f"消息{i}")
    other = tell(world, "别人的消息", user=world.users[Role.MEMBER_AFFAIRS])
    response = client.post(reverse("inbox_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=world.member.user, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=other.pk).read_at is None
    assert "已将 3 条消息标为已读" in client.get(INBOX).content.decode()


def test_someone_elses_message_is_404(world, client):
    other = tell(world, "别人的消息", user=world.users[Role.MEMBER_AFFAIRS])
    assert client.post(READ, {"id": other.pk}).status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_outsiders_get_404_for_our_messages(world, outsider):
    message = tell(world, "本市的消息")
    client = outsider.client(Role.MEMBER)
    assert client.post(READ, {"id": message.pk}).status_code == 404
    assert "本市的消息" not in client.get(INBOX).content.decode()
    assert Notification.objects.get(pk=message.pk).read_at is None


def test_writes_reject_get(world, client):
    message = tell(world, "消息")
    assert client.get(READ + f"?id={message.pk}").status_code == 405
    assert client.get(reverse("inbox_read_all")).status_code == 405
    assert Notification.objects.get(pk=message.pk).read_at is None


def test_every_role_has_an_inbox(world):
    for role in Role.values:
        assert world.client(role).get(INBOX).status_code == 200


def test_the_inbox_costs_the_same_queries_for_one_message_or_thirty(world, client, django_assert_max_num_queries):
    meeting = make_activity(world, mode=Activity.Mode.INVITE)
    leave = services.request_leave(meeting, member=world.member, kind="personal", reason="事", actor=world.member.user)
    for i in range(10):
        tell(world, f"活动{i}", source=meeting)
        tell(world, f"请假{i}", source=leave)
        tell(world, f"普通{i}")
    with django_assert_max_num_queries(12):
        response = client.get(INBOX)
    assert response.content.decode().count('data-testid="message"') == 30
