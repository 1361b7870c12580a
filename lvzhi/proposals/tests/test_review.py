"""Review by the proposal office: numbers without gaps, reasons told to the proposer, merge, convert, withdraw."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification
from lvzhi.ledger.models import DutyRecord
from lvzhi.proposals import services
from lvzhi.proposals.models import NotAcceptReason, Proposal
from lvzhi.proposals.tests.factories import PARKING, colleague, office, proposal
from lvzhi.testing import today

P = Proposal.Status


def test_the_ten_standard_reasons():
    assert len(NotAcceptReason.values) == 10


def test_accepting_numbers_in_order_and_writes_the_ledger(world):
    wang = colleague(world)
    first = proposal(world, P.DRAFT)
    services.invite_cosigners(first, members=[wang], actor=world.member.user)
    services.respond_to_invitation(first.cosigners.get(), confirm=True, actor=wang.user)
    first = services.submit_proposal(first, actor=world.member.user)
    second = proposal(world, text=PARKING)
    a = services.accept(first, actor=office(world))
    b = services.accept(second, actor=office(world))
    assert (a.number, b.number) == (1, 2)
    assert a.number_label == f"{today().year}-001"
    rows = DutyRecord.objects.filter(source_type="proposals.proposal", source_id=first.pk)
    assert sorted(rows.values_list("member__name", "role")) == sorted(
        [(world.member.name, "first_proposer"), (wang.name, "cosigner")]
    )
    assert Notification.objects.filter(user=wang.user, kind="proposal.accepted").exists()


def test_not_accepting_needs_a_reason_and_tells_the_proposer(world):
    item = proposal(world)
    client = world.client(Role.PROPOSAL_OFFICE)
    url = reverse("proposals:manage_detail", args=[item.pk])
    response = client.post(url, {"decision": "reject", "reason_code": "", "note": ""})
    assert "请选择不予立案的理由" in response.content.decode()
    item.refresh_from_db()
    assert item.status == P.SUBMITTED

    client.post(url, {"decision": "reject", "reason_code": "personal", "note": "属个人诉求，建议通过信访渠道反映"})
    item.refresh_from_db()
    assert (item.status, item.not_accept_reason) == (P.NOT_ACCEPTED, "personal")
    note = Notification.objects.get(user=world.member.user, kind="proposal.not_accepted")
    assert "为本人或亲属解决个人问题" in note.body and "信访" in note.body
    page = world.client(Role.MEMBER).get(reverse("proposals:detail", args=[item.pk])).content.decode()
    assert "为本人或亲属解决个人问题" in page


def test_return_for_revision_then_resubmit(world):
    item = proposal(world)
    services.return_for_revision(item, actor=office(world), note="请补充调研数据")
    services.save_draft(item, data={"content": item.content + "据调查，全市约三千个单元。"}, actor=world.member.user)
    services.submit_proposal(item, actor=world.member.user)
    item.refresh_from_db()
    assert item.status == P.SUBMITTED
    assert [e.action for e in item.events.all()][-2:] == ["return", "submit"]


def test_merge_into_an_accepted_lead(world):
    lead = services.accept(proposal(world, text=PARKING), actor=office(world))
    other = colleague(world)
    item = proposal(world, lead=other)
    services.merge(item, into=lead, actor=office(world))
    item.refresh_from_db()
    assert item.status == P.MERGED and item.merged_into == lead
    assert Notification.objects.filter(user=other.user, kind="proposal.merged").exists()
    assert DutyRecord.objects.filter(source_id=item.pk, member=other, role="first_proposer").exists()


def test_merge_into_a_proposal_not_accepted_is_refused(world):
    item, not_lead = proposal(world), proposal(world, text=PARKING)
    with pytest.raises(Exception, match="主提案"):
        services.merge(item, into=not_lead, actor=office(world))
    item.refresh_from_db()
    assert item.status == P.SUBMITTED


def test_convert_needs_consent(world):
    item = proposal(world)
    client = world.client(Role.PROPOSAL_OFFICE)
    url = reverse("proposals:manage_detail", args=[item.pk])
    response = client.post(url, {"decision": "convert", "convert_to": "opinion"})
    assert "征得同意" in response.content.decode()
    client.post(url, {"decision": "convert", "convert_to": "opinion", "consent": "on"})
    item.refresh_from_db()
    assert (item.status, item.converted_to) == (P.CONVERTED, "opinion")
    assert item.events.latest("at", "id").data == {"to": "opinion", "consent": True}


def test_withdrawing_an_accepted_proposal_voids_its_ledger_rows(world):
    item = services.accept(proposal(world), actor=office(world))
    services.withdraw(item, actor=office(world), note="提案人申请撤回")
    assert not DutyRecord.objects.filter(source_id=item.pk).exclude(status="voided").exists()


def test_review_api(world):
    item = proposal(world)
    client = world.client(Role.PROPOSAL_OFFICE)
    url = f"/api/v1/proposals/{item.pk}/review"
    bad = client.post(url, {"decision": "reject"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["reason_code"]
    ok = client.post(url, {"decision": "accept"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted" and ok.json()["number"] == 1
    again = client.post(url, {"decision": "accept"}, content_type="application/json")
    assert again.status_code == 409
    # A member cannot review, even their own proposal.
    mine = world.client(Role.MEMBER).post(url, {"decision": "accept"}, content_type="application/json")
    assert mine.status_code == 403


def test_office_list_and_detail_show_similar_proposals(world, django_assert_max_num_queries):
    earlier = proposal(world, text=("关于老旧小区加装电梯补贴的建议", "建议对老旧小区加装电梯给予财政补贴，简化审批。"))
    item = proposal(world)
    for _ in range(10):
        proposal(world, text=PARKING)
    client = world.client(Role.PROPOSAL_OFFICE)
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("proposals:manage_list"))
    assert listing.content.decode().count(PARKING[0]) == 10
    page = client.get(reverse("proposals:manage_detail", args=[item.pk])).content.decode()
    assert earlier.title in page
