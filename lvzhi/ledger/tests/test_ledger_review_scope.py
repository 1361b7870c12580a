"""A group convenor scoped to a sector group confirms or rejects self-reported duty records only of that
group's members: the service refuses the others (403, in Chinese) and the review queue leaves them out."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import NotAllowed
from lvzhi.core.models import RoleAssignment
from lvzhi.ledger import services as ledger
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.testing import make_member, make_user

API = "/api/v1/duty-records"


@pytest.fixture
def convenor(world):
    """A convenor of the world's sector group (李明 sits in it)."""
    user = make_user(world.committee, Role.GROUP_CONVENOR)
    RoleAssignment.objects.filter(user=user).update(sector_group=world.group)
    return user


def self_report(member, title):
    return ledger.self_report_duty(
        member=member,
        kind=DutyKind.PUBLIC_SERVICE,
        title=title,
        event_date=timezone.localdate(),
        evidence="照片与签到表",
        actor=member.user,
    )


@pytest.fixture
def reports(world):
    """李明's report (in the group) and 周杰's (not in it)."""
    zhou = make_member(world, "周杰", user=True)
    return self_report(world.member, "社区义诊"), self_report(zhou, "助学走访")


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_convenor_confirms_a_report_of_their_groups_member(world, convenor, reports):
    in_group, _other = reports
    ledger.confirm_duty(in_group, actor=convenor, note="属实")
    assert DutyRecord.objects.get(pk=in_group.pk).status == DutyRecord.Status.CONFIRMED


def test_the_service_refuses_a_member_outside_the_group(world, convenor, reports):
    _in_group, other = reports
    with pytest.raises(NotAllowed) as exc:
        ledger.confirm_duty(other, actor=convenor)
    assert exc.value.code == "duty.not_in_scope" and "不在您负责的界别活动组" in exc.value.message
    with pytest.raises(NotAllowed):
        ledger.reject_duty(other, actor=convenor, reason="材料不足")
    assert DutyRecord.objects.get(pk=other.pk).status == DutyRecord.Status.PENDING


def test_an_unscoped_convenor_and_member_affairs_review_everyone(world, reports):
    _in_group, other = reports
    ledger.reject_duty(other, actor=world.users[Role.GROUP_CONVENOR], reason="材料不足")
    ledger.confirm_duty(other, actor=world.users[Role.MEMBER_AFFAIRS])
    assert DutyRecord.objects.get(pk=other.pk).status == DutyRecord.Status.CONFIRMED


def test_the_queue_shows_the_convenor_only_their_groups_reports(world, convenor, reports):
    response = client_of(convenor).get(reverse("ledger:review"))
    assert [r.title for r in response.context["records"]] == ["社区义诊"]
    everyone = world.client(Role.MEMBER_AFFAIRS).get(reverse("ledger:review"))
    assert {r.title for r in everyone.context["records"]} == {"社区义诊", "助学走访"}


def test_the_confirm_button_refuses_outside_the_group_with_the_reason(world, convenor, reports):
    _in_group, other = reports
    response = client_of(convenor).post(reverse("ledger:confirm", args=[other.pk]), follow=True)
    assert "不在您负责的界别活动组" in response.content.decode()
    assert DutyRecord.objects.get(pk=other.pk).status == DutyRecord.Status.PENDING


def test_the_api_answers_403_outside_the_group(world, convenor, reports):
    in_group, other = reports
    client = client_of(convenor)
    refused = client.post(f"{API}/{other.pk}/confirm", {}, content_type="application/json")
    assert refused.status_code == 403
    accepted = client.post(f"{API}/{in_group.pk}/confirm", {}, content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "confirmed"


def test_outsiders_get_404(world, outsider, reports):
    _in_group, other = reports
    assert outsider.client(Role.GROUP_CONVENOR).post(reverse("ledger:confirm", args=[other.pk])).status_code == 404
