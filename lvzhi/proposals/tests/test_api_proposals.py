"""The proposals API (API.md): draft with co-signers, confirm, submit, read the timeline; bad input changes nothing."""

from django.conf import settings
from django.test import Client

from lvzhi.core.capabilities import Role
from lvzhi.proposals.models import CONTENT_MAX, Proposal
from lvzhi.proposals.tests.factories import ELEVATOR, colleague, proposal
from lvzhi.testing import signed_in


def _client(user) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in(user)
    return client


def test_draft_cosign_submit_and_read(world):
    wang = colleague(world)
    me = world.client(Role.MEMBER)
    title, content = ELEVATOR
    created = me.post(
        "/api/v1/proposals",
        {"title": title, "content": content, "category": "society", "cosigner_ids": [wang.pk]},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft" and body["cosigners"] == [
        {"member_id": wang.pk, "name": wang.name, "status": "invited"}
    ]
    pid = body["id"]
    confirmed = _client(wang.user).post(f"/api/v1/proposals/{pid}/cosign")
    assert confirmed.status_code == 200 and confirmed.json()["proposer_kind"] == "joint"
    submitted = me.post(f"/api/v1/proposals/{pid}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    read = me.get(f"/api/v1/proposals/{pid}").json()
    assert [e["action"] for e in read["timeline"]] == ["create", "invite", "cosign", "submit"]
    assert read["timeline"][-1]["from"] == "draft" and read["timeline"][-1]["to"] == "submitted"
    assert me.get("/api/v1/proposals").json()["count"] == 1


def test_bad_input_is_refused_in_chinese_and_changes_nothing(world):
    me = world.client(Role.MEMBER)
    too_long = me.post("/api/v1/proposals", {"content": "字" * (CONTENT_MAX + 1)}, content_type="application/json")
    assert too_long.status_code == 400 and too_long.json()["error"]["fields"]["content"] == ["内容过长"]
    wrong = me.post("/api/v1/proposals", {"category": "sports"}, content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["error"]["fields"]["category"] == ["取值不在允许范围内"]
    assert not Proposal.objects.exists()
    empty = me.post("/api/v1/proposals", {}, content_type="application/json").json()
    refused = me.post(f"/api/v1/proposals/{empty['id']}/submit")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {"title": ["请填写案由"], "content": ["请填写正文"]}
    assert Proposal.objects.get().status == "draft"


def test_others_cannot_read_or_change_a_draft(world, outsider):
    item = proposal(world, Proposal.Status.DRAFT)
    stranger = colleague(world)
    assert _client(stranger.user).get(f"/api/v1/proposals/{item.pk}").status_code == 404
    assert (
        _client(stranger.user)
        .patch(f"/api/v1/proposals/{item.pk}", {"title": "x"}, content_type="application/json")
        .status_code
        == 404
    )
    assert outsider.client(Role.ADMIN).get(f"/api/v1/proposals/{item.pk}").status_code == 404
    # The office does not see drafts either: they are the member's until submitted.
    assert world.client(Role.PROPOSAL_OFFICE).get(f"/api/v1/proposals/{item.pk}").status_code == 404
    item.refresh_from_db()
    assert item.title == ELEVATOR[0]


def test_a_handling_unit_sees_no_unassigned_proposal(world):
    item = proposal(world)
    client = world.client(Role.HANDLING_UNIT)
    assert client.get("/api/v1/proposals").json()["count"] == 0
    assert client.get(f"/api/v1/proposals/{item.pk}").status_code == 404
