import io
import signal

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lvzhi.core import notify
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import NotFound
from lvzhi.core.models import Notification
from lvzhi.core.sms import ConsoleSmsBackend, MemorySmsBackend, SmsMessage
from lvzhi.testing import make_member

INBOX = "/api/v1/me/notifications"


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "lvzhi.core.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    return MemorySmsBackend.outbox


@pytest.fixture
def member(world):
    world.member.email = "liming@example.cn"
    world.member.save()
    return world.member


def tell(world, recipients, **kwargs):
    return notify.notify(committee=world.committee, recipients=recipients, kind="test.kind", title="会议通知", **kwargs)


def test_each_recipient_gets_one_inbox_row_an_email_and_a_text_once_committed(
    world, member, sms, mailoutbox, django_capture_on_commit_callbacks
):
    staff = world.users[Role.LEADER]
    staff.email = "leader@example.cn"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = tell(world, [member, member.user, staff], body="周五上午九点", sms=True)
    assert {r.user for r in rows} == {member.user, staff}
    assert sorted(m.to[0] for m in mailoutbox) == ["leader@example.cn", "liming@example.cn"]
    assert mailoutbox[0].subject == "【示范市政协】会议通知"
    assert [m.to for m in sms] == [member.mobile]
    assert sms[0].text == "【示范市政协】会议通知：周五上午九点"


def test_a_member_without_a_login_is_still_reached_by_text(world, sms, django_capture_on_commit_callbacks):
    offline = make_member(world, "王芳", mobile="13911112222")
    with django_capture_on_commit_callbacks(execute=True):
        rows = tell(world, [offline], sms=True)
    assert rows == []
    assert [m.to for m in sms] == ["13911112222"]


def test_an_action_that_rolls_back_tells_no_one(world, member, sms, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        tell(world, [member], sms=True)
        raise RuntimeError("the action failed")
    assert not Notification.objects.exists()
    assert sms == [] and mailoutbox == []


def test_a_failing_gateway_is_logged_and_does_not_undo_the_action_or_stop_the_email(
    world, member, settings, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "lvzhi.core.tests.test_notify.BrokenGateway"
    with django_capture_on_commit_callbacks(execute=True):
        tell(world, [member], sms=True)
    assert Notification.objects.filter(user=member.user).exists()
    assert [m.to for m in mailoutbox] == [["liming@example.cn"]]
    assert "SMS notification failed" in caplog.text


class BrokenGateway(MemorySmsBackend):
    def send_messages(self, messages):
        raise ConnectionError("gateway down")


@pytest.fixture
def queued(settings, monkeypatch):
    """The production set-up: tasks wait in the database until `manage.py db_worker` runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker installs its own Ctrl-C handler; keep the test process's.
    monkeypatch.setattr(signal, "signal", lambda *args: None)


def work_off_the_queue():
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)


# transactional_db: the worker drops a connection left inside a transaction, as a test's would be.
@pytest.mark.django_db(transaction=True)
def test_the_request_only_queues_the_copies_and_the_worker_sends_them(world, member, sms, mailoutbox, queued):
    others = [make_member(world, f"委员{n}", mobile=f"1390000{n:04d}") for n in range(30)]
    rows = tell(world, [member, *others], body="周五上午九点", sms=True)
    assert len(rows) == 1  # only 李明 has a login
    (job,) = DBTaskResult.objects.all()
    assert job.task_path == "lvzhi.core.notify.deliver_notification"
    assert mailoutbox == [] and sms == []
    work_off_the_queue()
    assert [m.to for m in mailoutbox] == [["liming@example.cn"]]
    assert len(sms) == 31
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
def test_a_failing_gateway_leaves_the_queued_task_marked_failed(world, member, settings, mailoutbox, queued):
    settings.SMS_BACKEND = "lvzhi.core.tests.test_notify.BrokenGateway"
    tell(world, [member], sms=True)
    work_off_the_queue()
    assert [m.to for m in mailoutbox] == [["liming@example.cn"]]
    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.FAILED
    assert "gateway down" in job.traceback


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_queues_nothing(world, member, queued):
    with pytest.raises(RuntimeError), transaction.atomic():
        tell(world, [member], sms=True)
        raise RuntimeError("the action failed")
    assert not DBTaskResult.objects.exists()


def test_the_console_backend_prints_each_message():
    stream = io.StringIO()
    assert ConsoleSmsBackend(stream).send_messages([SmsMessage("139", "你好")]) == 1
    assert stream.getvalue() == "[SMS to 139] 你好\n"


def test_unread_counts_and_marking_read_are_per_user(world, member):
    tell(world, [member])
    tell(world, [member])
    (theirs,) = tell(world, [world.users[Role.LEADER]])
    assert notify.unread_count(member.user, world.committee) == 2
    with pytest.raises(NotFound):
        notify.mark_notification_read(theirs, user=member.user)
    first = notify.inbox(member.user, world.committee).last()
    assert notify.mark_notification_read(first, user=member.user).read_at is not None
    assert notify.unread_count(member.user, world.committee) == 1
    assert notify.mark_all_notifications_read(user=member.user, committee=world.committee) == 1
    assert notify.unread_count(world.users[Role.LEADER], world.committee) == 1


def test_the_inbox_api_lists_newest_first_with_the_unread_count(world, member):
    tell(world, [member], body="第一条")
    tell(world, [member], body="第二条")
    client = world.client(Role.MEMBER)
    data = client.get(INBOX).json()
    assert (data["count"], data["unread"]) == (2, 2)
    assert [n["body"] for n in data["items"]] == ["第二条", "第一条"]
    first = data["items"][1]["id"]
    assert client.post(f"{INBOX}/{first}/read").json()["read_at"] is not None
    assert client.get(INBOX, {"unread": "true"}).json()["count"] == 1
    assert client.post(f"{INBOX}/read-all").json() == {"updated": 1}
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_another_users_or_committees_notification_is_not_found(world, outsider, member):
    (mine,) = tell(world, [member])
    assert world.client(Role.LEADER).post(f"{INBOX}/{mine.pk}/read").status_code == 404
    assert outsider.client(Role.MEMBER).post(f"{INBOX}/{mine.pk}/read").status_code == 404
    assert outsider.client(Role.MEMBER).get(INBOX).json()["count"] == 0


def test_the_inbox_rejects_get_on_marking_read(world, member):
    (mine,) = tell(world, [member])
    assert world.client(Role.MEMBER).get(f"{INBOX}/{mine.pk}/read").status_code == 405
