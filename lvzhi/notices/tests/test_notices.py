"""Notices (知情明政): audience rules, read receipts, reminders, confidential handling, screens and API."""

import datetime
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Notification
from lvzhi.core.workflow import workflow_cases
from lvzhi.notices import services
from lvzhi.notices.models import Notice, NoticeRecipient
from lvzhi.notices.queries import member_notices, unread_count
from lvzhi.notices.services.notices import NOTICE
from lvzhi.notices.tests.factories import make_notice, staff
from lvzhi.testing import make_member, signed_in, tile

API = "/api/v1"


def client_of(member) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in(member.user)
    return client


@pytest.fixture
def stranger(world):
    """A serving member of the same committee in another sector: outside a notice to the world's sector."""
    return make_member(world, "王芳", sector=world.sectors[1], user=True)


def test_the_audience_is_fixed_at_publication_and_only_it_sees_the_notice(world, stranger):
    notice = make_notice(world, audience=services.AudienceSpec(sector_ids=(world.sectors[0].pk,)))
    assert set(NoticeRecipient.objects.filter(notice=notice).values_list("member_id", flat=True)) == {world.member.pk}
    assert list(member_notices(world.member)) == [notice]
    assert list(member_notices(stranger)) == []
    assert Notification.objects.filter(user=world.member.user, source_type="notices.notice").count() == 1


def test_a_draft_a_future_and_an_expired_notice_are_not_shown(world):
    make_notice(world, publish=False)
    make_notice(world, title="明日发布", publish_at=timezone.now() + datetime.timedelta(days=1))
    expiring = make_notice(world, expires_at=timezone.now() + datetime.timedelta(hours=1))
    Notice.objects.filter(pk=expiring.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert list(member_notices(world.member)) == []
    # A timed notice sends no message that would open a page the member cannot see yet.
    assert not Notification.objects.filter(user=world.member.user, title__contains="明日发布").exists()


def test_bad_input_gets_a_chinese_message(world):
    with pytest.raises(DomainError, match="面向范围"):
        make_notice(world, audience=services.AudienceSpec())
    with pytest.raises(DomainError, match="不存在"):
        make_notice(world, audience=services.AudienceSpec(member_ids=(999999,)))
    now = timezone.now()
    with pytest.raises(DomainError, match="有效期须晚于发布时间"):
        make_notice(world, publish_at=now, expires_at=now - datetime.timedelta(hours=1))
    assert Notice.objects.count() == 0


def test_reading_writes_one_receipt_and_staff_remind_only_the_unread(world, stranger):
    notice = make_notice(world, audience=services.AudienceSpec(all=True))
    assert unread_count(world.member) == 1
    first = services.mark_notice_read(notice, member=world.member).read_at
    assert services.mark_notice_read(notice, member=world.member).read_at == first
    assert unread_count(world.member) == 0
    before = Notification.objects.filter(user=stranger.user).count()
    assert services.remind_unread(notice, actor=staff(world)) == 1
    assert Notification.objects.filter(user=stranger.user).count() == before + 1
    assert Notification.objects.filter(user=world.member.user, title__startswith="请阅读").count() == 0


WORKFLOW_CASES = workflow_cases(NOTICE)


@pytest.mark.parametrize(("action", "status", "allowed"), WORKFLOW_CASES)
def test_the_notice_table_decides_every_action(world, action, status, allowed):
    if status == "":
        pytest.skip("a notice exists from creation")
    notice = make_notice(world, publish=False)
    # As if published at once (a timed notice not yet out is refused a reminder: test_scheduled).
    Notice.objects.filter(pk=notice.pk).update(status=status, announced_at=timezone.now())
    notice.refresh_from_db()
    NoticeRecipient.objects.create(committee=world.committee, notice=notice, member=world.member)
    calls = {
        "update": lambda: services.update_notice(notice, data={"title": "新标题"}, audience=None, actor=staff(world)),
        "attach": lambda: services.add_notice_file(
            notice, upload=SimpleUploadedFile("a.pdf", b"%PDF"), title="", actor=staff(world)
        ),
        "publish": lambda: services.publish_notice(notice, actor=staff(world)),
        "withdraw": lambda: services.withdraw_notice(notice, actor=staff(world)),
        "remind": lambda: services.remind_unread(notice, actor=staff(world)),
        "read": lambda: services.mark_notice_read(notice, member=world.member),
    }
    if allowed:
        calls[action]()
    else:
        with pytest.raises(DomainError) as refused:
            calls[action]()
        assert refused.value.status == 409


# API, in the shapes the issue names.


def test_api_create_publish_read_and_receipts(world, stranger):
    office = world.client(Role.MEMBER_AFFAIRS)
    response = office.post(
        f"{API}/notices",
        {"title": "政情通报", "content": "一季度经济运行情况", "audience": {"sectors": [world.sectors[0].pk]}},
        content_type="application/json",
    )
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "draft"
    notice_id = created["id"]
    assert office.post(f"{API}/notices/{notice_id}/publish").json()["status"] == "published"

    member = world.client(Role.MEMBER)
    mine = member.get(f"{API}/me/notices").json()
    assert [(n["id"], n["read"]) for n in mine] == [(notice_id, False)]
    assert member.post(f"{API}/notices/{notice_id}/read").json()["read"] is True
    assert member.get(f"{API}/me/notices").json()[0]["read"] is True

    receipts = office.get(f"{API}/notices/{notice_id}/receipts").json()
    assert receipts == {"read": [world.member.pk], "unread": []}

    other = client_of(stranger)
    assert other.get(f"{API}/notices/{notice_id}").status_code == 404
    assert other.post(f"{API}/notices/{notice_id}/read").status_code == 404
    assert other.get(f"{API}/me/notices").json() == []
    assert member.get(f"{API}/notices/{notice_id}/receipts").status_code == 403


def test_api_refuses_bad_input_with_a_chinese_message(world):
    office = world.client(Role.MEMBER_AFFAIRS)
    response = office.post(f"{API}/notices", {"title": "无范围", "audience": {}}, content_type="application/json")
    assert response.status_code == 400
    assert "面向范围" in response.json()["error"]["message"]
    missing = office.post(f"{API}/notices", {"content": "x"}, content_type="application/json")
    assert missing.status_code == 400
    assert missing.json()["error"]["fields"]["title"] == ["此项为必填"]


def test_another_committee_gets_404(world, outsider):
    notice = make_notice(world)
    client = outsider.client(Role.MEMBER_AFFAIRS)
    assert client.get(f"{API}/notices/{notice.pk}/receipts").status_code == 404
    assert client.post(f"{API}/notices/{notice.pk}/publish").status_code == 404
    assert client.get(reverse("notices:manage_detail", args=[notice.pk])).status_code == 404
    assert outsider.client(Role.MEMBER).get(reverse("notices:detail", args=[notice.pk])).status_code == 404


# Screens.


def test_staff_write_and_publish_a_notice_on_screen(world):
    office = world.client(Role.MEMBER_AFFAIRS)
    response = office.post(
        reverse("notices:manage_create"),
        {"kind": "work_news", "title": "市政协召开主席会议", "content": "会议研究了…", "audience_all": "on"},
    )
    notice = Notice.objects.get()
    assert response.status_code == 302
    office.post(reverse("notices:manage_action", args=[notice.pk, "publish"]))
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    page = office.get(reverse("notices:manage_detail", args=[notice.pk]))
    assert "阅读情况：已读 0，未读 1" in page.content.decode()


def test_the_form_says_what_is_wrong(world):
    office = world.client(Role.MEMBER_AFFAIRS)
    response = office.post(reverse("notices:manage_create"), {"kind": "notice", "title": "无范围"})
    assert response.status_code == 400
    assert "请选择面向范围" in response.content.decode()
    assert Notice.objects.count() == 0


def test_the_staff_list_searches_filters_and_stays_within_its_query_budget(world, django_assert_max_num_queries):
    for n in range(5):
        make_notice(world, title=f"学习通知{n}")
    make_notice(world, title="工作动态一则", kind="work_news")
    office = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(12):
        page = office.get(reverse("notices:manage_list"), {"kind": "work_news"})
    text = page.content.decode()
    assert "工作动态一则" in text and "学习通知0" not in text
    assert "学习通知3" in office.get(reverse("notices:manage_list"), {"q": "学习"}).content.decode()


def test_a_member_reads_a_notice_in_the_portal_and_the_home_tile_counts_unread(world):
    notice = make_notice(world)
    member = world.client(Role.MEMBER)
    home = member.get(reverse("portal:member_home"))
    assert tile(home, "notices.unread")["count"] == 1
    assert "1 条未读通知" in home.content.decode()
    listing = member.get(reverse("notices:mine"), {"read": "unread"}).content.decode()
    assert notice.title in listing
    assert "请准时参加" in member.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert NoticeRecipient.objects.get(notice=notice).read_at is not None
    assert "notices.unread" not in [t["key"] for t in member.get(reverse("portal:member_home")).context["tiles"]]


def test_a_member_outside_the_audience_cannot_open_the_notice_or_its_file(world, stranger):
    notice = make_notice(world, confidential=True)
    attachment = services.add_notice_file(
        notice, upload=SimpleUploadedFile("纪要.pdf", b"%PDF-secret"), title="纪要", actor=staff(world)
    )
    other = client_of(stranger)
    assert other.get(reverse("notices:detail", args=[notice.pk])).status_code == 404
    assert other.get(reverse("notices:file", args=[attachment.pk])).status_code == 404
    assert notice.title not in other.get(reverse("notices:mine")).content.decode()
    member = world.client(Role.MEMBER)
    assert b"".join(member.get(reverse("notices:file", args=[attachment.pk])).streaming_content) == b"%PDF-secret"


def test_receipts_export_is_a_workbook_and_never_names_a_confidential_notice(world):
    notice = make_notice(world, title="绝密：人事安排", confidential=True)
    services.mark_notice_read(notice, member=world.member)
    response = world.client(Role.MEMBER_AFFAIRS).get(reverse("notices:manage_receipts_export", args=[notice.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("通知", "委员", "状态", "阅读时间")
    assert rows[1][1:3] == (world.member.name, "已读")
    assert all("人事安排" not in str(cell) for row in rows for cell in row)
