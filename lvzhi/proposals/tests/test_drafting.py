"""A member drafts on the phone: the draft saves itself, co-signers confirm online, then the member submits."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification
from lvzhi.proposals import services
from lvzhi.proposals.models import CONTENT_MAX, Cosigner, Proposal
from lvzhi.proposals.tests.factories import ELEVATOR, colleague, draft_by
from lvzhi.testing import signed_in

P = Proposal.Status


def _member_client(world, member):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in(member.user)
    return client


def test_new_starts_a_draft_and_opens_it(world):
    response = world.client(Role.MEMBER).post(reverse("proposals:new"))
    proposal = Proposal.objects.get(lead=world.member)
    assert response.url == reverse("proposals:edit", args=[proposal.pk])
    assert proposal.status == P.DRAFT
    assert proposal.events.get().action == "create"


def test_autosave_keeps_what_was_typed(world):
    proposal = draft_by(world)
    url = reverse("proposals:autosave", args=[proposal.pk])
    response = world.client(Role.MEMBER).post(url, {"content": "正在写的一段话"})
    assert response.status_code == 200 and "saved_at" in response.json()
    proposal.refresh_from_db()
    assert proposal.content == "正在写的一段话"
    assert proposal.title == ELEVATOR[0]  # a field not sent is left as it was
    assert "一段话" in proposal.terms  # segmented once, when saved


def test_autosave_refuses_oversize_text_and_keeps_the_saved_one(world):
    proposal = draft_by(world)
    response = world.client(Role.MEMBER).post(
        reverse("proposals:autosave", args=[proposal.pk]), {"content": "字" * (CONTENT_MAX + 1)}
    )
    assert response.status_code == 400
    assert "不能超过" in response.json()["error"]["message"]
    proposal.refresh_from_db()
    assert proposal.content == ELEVATOR[1]


def test_autosave_of_a_submitted_proposal_is_refused(world):
    proposal = draft_by(world)
    services.submit_proposal(proposal, actor=world.member.user)
    response = world.client(Role.MEMBER).post(reverse("proposals:autosave", args=[proposal.pk]), {"title": "改"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "proposal.not_editable"


def test_another_members_draft_is_not_found(world):
    other = colleague(world)
    proposal = draft_by(world, other)
    client = world.client(Role.MEMBER)
    assert client.get(reverse("proposals:edit", args=[proposal.pk])).status_code == 404
    assert client.post(reverse("proposals:autosave", args=[proposal.pk]), {"title": "x"}).status_code == 404


def test_submit_needs_title_and_content(world):
    proposal = services.create_draft(member=world.member, data={}, actor=world.member.user)
    response = world.client(Role.MEMBER).post(
        reverse("proposals:edit", args=[proposal.pk]), {"title": "", "content": "", "category": "", "submit": "1"}
    )
    assert response.status_code == 200
    assert "请填写案由" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == P.DRAFT


def test_submit_from_the_screen(world):
    proposal = draft_by(world)
    title, content = ELEVATOR
    response = world.client(Role.MEMBER).post(
        reverse("proposals:edit", args=[proposal.pk]),
        {"title": title, "content": content, "category": "society", "submit": "1"},
    )
    assert response.url == reverse("proposals:detail", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.status == P.SUBMITTED and proposal.submitted_at and proposal.indexed_at
    assert Notification.objects.filter(user=world.member.user, kind="proposal.submitted").exists()


def test_cosigners_count_only_after_confirming(world):
    proposal = draft_by(world)
    wang, zhao = colleague(world, "王芳"), colleague(world, "赵强")
    client = world.client(Role.MEMBER)
    for other in (wang, zhao):
        response = client.post(
            reverse("proposals:add_cosigner", args=[proposal.pk]), {"member": other.pk}, HTTP_HX_REQUEST="true"
        )
        assert other.name in response.content.decode()
    assert Notification.objects.filter(user=wang.user, kind="proposal.cosign_invited").exists()
    proposal.refresh_from_db()
    assert proposal.proposer_kind == Proposal.ProposerKind.INDIVIDUAL  # invited is not yet joint

    _member_client(world, wang).post(reverse("proposals:answer", args=[proposal.pk]), {"answer": "confirm"})
    _member_client(world, zhao).post(reverse("proposals:answer", args=[proposal.pk]), {"answer": "decline"})
    proposal.refresh_from_db()
    assert proposal.proposer_kind == Proposal.ProposerKind.JOINT
    statuses = dict(Cosigner.objects.filter(proposal=proposal).values_list("member__name", "status"))
    assert statuses == {wang.name: "confirmed", zhao.name: "declined"}
    assert {e.action for e in proposal.events.all()} >= {"invite", "cosign", "decline"}


def test_only_the_invited_member_may_answer(world):
    proposal = draft_by(world)
    wang = colleague(world)
    services.invite_cosigners(proposal, members=[wang], actor=world.member.user)
    # The lead proposer is not invited: nothing to answer, so not found.
    response = world.client(Role.MEMBER).post(reverse("proposals:answer", args=[proposal.pk]), {"answer": "confirm"})
    assert response.status_code == 404
    assert Cosigner.objects.get(proposal=proposal).status == Cosigner.Status.INVITED


def test_member_search_finds_serving_members_not_yet_invited(world):
    proposal = draft_by(world)
    wang = colleague(world, "王芳")
    response = world.client(Role.MEMBER).get(reverse("proposals:member_search", args=[proposal.pk]), {"q": "王"})
    assert f"invite-{wang.pk}" in response.content.decode()
    services.invite_cosigners(proposal, members=[wang], actor=world.member.user)
    response = world.client(Role.MEMBER).get(reverse("proposals:member_search", args=[proposal.pk]), {"q": "王"})
    assert f"invite-{wang.pk}" not in response.content.decode()


def test_mine_lists_my_proposals_and_invitations(world, django_assert_max_num_queries):
    for _ in range(5):
        draft_by(world)
    other = colleague(world)
    theirs = draft_by(world, other)
    services.invite_cosigners(theirs, members=[world.member], actor=other.user)
    client = world.client(Role.MEMBER)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("proposals:mine"))
    body = response.content.decode()
    assert body.count(ELEVATOR[0]) >= 6
    assert 'data-testid="invitations"' in body


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.MEMBER])
def test_staff_without_a_member_record_cannot_draft(world, role):
    status = world.client(role).post(reverse("proposals:new")).status_code
    assert status in (403, 200)  # 200: the page saying the login has no member record
    assert not Proposal.objects.exists()
