"""网络议政: who may contribute and when, replies, moderation, substantive marks in the ledger, the summary."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Notification
from lvzhi.core.workflow import workflow_cases
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.notices import services
from lvzhi.notices.models import Contribution, Topic
from lvzhi.notices.queries import thread
from lvzhi.notices.services.deliberation import TOPIC
from lvzhi.notices.tests.factories import make_topic, staff
from lvzhi.testing import make_member

API = "/api/v1"


def live_rows(contribution):
    return DutyRecord.objects.filter(source_type="notices.contribution", source_id=contribution.pk).exclude(
        status=DutyRecord.Status.VOIDED
    )


def test_invited_members_contribute_and_reply_while_the_topic_is_open(world):
    other = make_member(world, "王芳", user=True)
    topic = make_topic(world, audience=services.AudienceSpec(member_ids=(world.member.pk, other.pk)))
    first = services.post_contribution(topic, member=world.member, body="建议设立改造专项资金。")
    reply = services.post_contribution(topic, member=other, body="赞同，并建议公开账目。", parent=first)
    deeper = services.post_contribution(topic, member=world.member, body="同意。", parent=reply)
    assert deeper.parent == first  # threads are one level deep
    assert [c.pk for c in thread(topic)] == [first.pk, reply.pk, deeper.pk]
    assert Notification.objects.filter(user=world.member.user, kind="notices.reply").count() == 1


def test_outsiders_early_late_and_empty_contributions_are_refused(world):
    topic = make_topic(world)
    outside = make_member(world, "赵强", sector=world.sectors[2])
    with pytest.raises(DomainError) as refused:
        services.post_contribution(topic, member=outside, body="我也说两句")
    assert refused.value.status == 404
    with pytest.raises(DomainError, match="请填写发言内容"):
        services.post_contribution(topic, member=world.member, body="   ")
    Topic.objects.filter(pk=topic.pk).update(opens_at=timezone.now() + datetime.timedelta(hours=1))
    topic.refresh_from_db()
    with pytest.raises(DomainError, match="尚未开始"):
        services.post_contribution(topic, member=world.member, body="早到")
    Topic.objects.filter(pk=topic.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=2), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    topic.refresh_from_db()
    with pytest.raises(DomainError, match="已结束"):
        services.post_contribution(topic, member=world.member, body="晚到")
    assert Contribution.objects.count() == 0


def test_marking_writes_the_ledger_and_unmarking_voids_it(world):
    topic = make_topic(world)
    contribution = services.post_contribution(topic, member=world.member, body="建议引入物业企业参与。")
    with pytest.raises(DomainError) as early:
        services.mark_substantive(contribution, actor=staff(world))
    assert early.value.status == 409
    services.close_topic(topic, actor=staff(world))
    services.mark_substantive(contribution, actor=staff(world))
    services.mark_substantive(contribution, actor=staff(world))  # twice is still one row
    row = live_rows(contribution).get()
    assert (row.kind, row.member_id) == (DutyKind.ONLINE_DELIBERATION, world.member.pk)
    services.unmark_substantive(contribution, actor=staff(world))
    assert not live_rows(contribution).exists()
    assert DutyRecord.objects.filter(source_id=contribution.pk, status=DutyRecord.Status.VOIDED).count() == 1


def test_staff_hide_with_a_reason_and_members_no_longer_see_it(world):
    topic = make_topic(world)
    contribution = services.post_contribution(topic, member=world.member, body="广告内容")
    with pytest.raises(DomainError, match="请填写屏蔽原因"):
        services.hide_contribution(contribution, reason=" ", actor=staff(world))
    services.hide_contribution(contribution, reason="与议题无关", actor=staff(world))
    assert thread(topic) == []
    assert thread(topic, include_hidden=True)[0].hidden_reason == "与议题无关"


def test_summary_with_a_social_opinion_reference_and_export(world):
    topic = make_topic(world)
    services.post_contribution(topic, member=world.member, body="建议一")
    services.close_topic(topic, actor=staff(world))
    with pytest.raises(DomainError, match="请填写综述"):
        services.save_summary(topic, summary="", actor=staff(world))
    services.save_summary(
        topic, summary="委员建议集中在资金方面。", opinion_reference="社情民意第12期", actor=staff(world)
    )
    response = world.client(Role.MEMBER_AFFAIRS).get(reverse("notices:topic_export", args=[topic.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == world.member.name and rows[1][3] == "建议一"
    assert rows[-1][3] == "委员建议集中在资金方面。" and rows[-1][5] == "社情民意第12期"


@pytest.mark.parametrize(("action", "status", "allowed"), workflow_cases(TOPIC))
def test_the_topic_table_decides_every_action(world, action, status, allowed):
    if status == "":
        pytest.skip("a topic exists from creation")
    topic = make_topic(world)
    contribution = services.post_contribution(topic, member=world.member, body="建议")
    Topic.objects.filter(pk=topic.pk).update(status=status)
    topic.refresh_from_db()
    calls = {
        "update": lambda: services.update_topic(topic, data={"title": "新"}, audience=None, actor=staff(world)),
        "attach": lambda: services.attach_topic_file(
            topic, upload=SimpleUploadedFile("材料.pdf", b"%PDF-1.4"), title="", actor=staff(world)
        ),
        "publish": lambda: services.publish_topic(topic, actor=staff(world)),
        "close": lambda: services.close_topic(topic, actor=staff(world)),
        "contribute": lambda: services.post_contribution(topic, member=world.member, body="再说一句"),
        "moderate": lambda: services.hide_contribution(contribution, reason="无关", actor=staff(world)),
        "mark": lambda: services.mark_substantive(contribution, actor=staff(world)),
        "summarise": lambda: services.save_summary(topic, summary="综述", actor=staff(world)),
    }
    if allowed:
        calls[action]()
    else:
        with pytest.raises(DomainError) as refused:
            calls[action]()
        assert refused.value.status == 409


def test_screens_member_posts_and_staff_mark(world):
    topic = make_topic(world)
    member = world.client(Role.MEMBER)
    assert topic.title in member.get(reverse("notices:topics")).content.decode()
    member.post(reverse("notices:topic", args=[topic.pk]), {"body": "建议分批改造。"})
    empty = member.post(reverse("notices:topic", args=[topic.pk]), {"body": ""})
    assert empty.status_code == 400 and "请填写发言内容" in empty.content.decode()
    contribution = Contribution.objects.get()
    office = world.client(Role.MEMBER_AFFAIRS)
    office.post(reverse("notices:topic_action", args=[topic.pk, "close"]))
    office.post(reverse("notices:contribution_action", args=[contribution.pk, "mark"]))
    assert live_rows(contribution).count() == 1
    page = office.get(reverse("notices:topic_manage", args=[topic.pk])).content.decode()
    assert "有效建言" in page and "建议分批改造" in page


def test_api_journey(world, outsider):
    office = world.client(Role.MEMBER_AFFAIRS)
    now = timezone.now()
    created = office.post(
        f"{API}/topics",
        {
            "title": "优化营商环境",
            "opens_at": (now - datetime.timedelta(minutes=5)).isoformat(),
            "closes_at": (now + datetime.timedelta(days=1)).isoformat(),
            "audience": {"all": True},
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    topic_id = created.json()["id"]
    office.post(f"{API}/topics/{topic_id}/publish")
    member = world.client(Role.MEMBER)
    assert [t["id"] for t in member.get(f"{API}/me/topics").json()] == [topic_id]
    posted = member.post(
        f"{API}/topics/{topic_id}/contributions", {"body": "简化审批"}, content_type="application/json"
    )
    assert posted.status_code == 201
    contribution_id = posted.json()["id"]
    assert member.post(f"{API}/contributions/{contribution_id}/substantive").status_code == 403
    office.post(f"{API}/topics/{topic_id}/close")
    assert office.post(f"{API}/contributions/{contribution_id}/substantive").json()["substantive"] is True
    assert office.delete(f"{API}/contributions/{contribution_id}/substantive").json()["substantive"] is False
    summary = office.put(f"{API}/topics/{topic_id}/summary", {"summary": "综述"}, content_type="application/json")
    assert summary.json()["summary"] == "综述"
    assert outsider.client(Role.MEMBER_AFFAIRS).get(f"{API}/topics/{topic_id}/contributions").status_code == 404
    assert outsider.client(Role.MEMBER).get(reverse("notices:topic", args=[topic_id])).status_code == 404
