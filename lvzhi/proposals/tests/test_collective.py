"""Collective proposals (集体提案) with up to three named drafters, and attachments checked by their bytes."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.proposals import services
from lvzhi.proposals.models import Attachment, Drafter, Proposal
from lvzhi.proposals.services import collective
from lvzhi.proposals.tests.factories import colleague, draft_by, office
from lvzhi.testing import signed_in

P = Proposal.Status


def _client(user) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in(user)
    return client


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_member_makes_a_draft_collective_with_drafters_through_the_api(world, outsider):
    draft = draft_by(world)
    a, b, c, d = (colleague(world) for _ in range(4))
    me = world.client(Role.MEMBER)
    url = f"/api/v1/proposals/{draft.pk}/collective"
    body = {"collective_kind": "sector", "collective_name": "经济界", "drafter_ids": [a.pk, b.pk]}
    made = me.put(url, body, content_type="application/json")
    assert made.status_code == 200, made.content
    assert made.json()["proposer_kind"] == "collective"
    assert [x["member_id"] for x in made.json()["drafters"]] == [a.pk, b.pk]
    too_many = me.put(url, {**body, "drafter_ids": [a.pk, b.pk, c.pk, d.pk]}, content_type="application/json")
    assert too_many.status_code == 400 and "1 至 3" in too_many.json()["error"]["message"]
    none = me.put(url, {**body, "drafter_ids": []}, content_type="application/json")
    assert none.status_code == 400
    nameless = me.put(url, {**body, "collective_name": ""}, content_type="application/json")
    assert nameless.status_code == 400
    bad_kind = me.put(url, {**body, "collective_kind": "club"}, content_type="application/json")
    assert bad_kind.status_code == 400
    stranger = outsider.member
    foreign = me.put(url, {**body, "drafter_ids": [stranger.pk]}, content_type="application/json")
    assert foreign.status_code == 400
    assert list(Drafter.objects.values_list("member_id", flat=True).order_by("pk")) == [a.pk, b.pk]
    assert outsider.client(Role.MEMBER).put(url, body, content_type="application/json").status_code == 404
    other = colleague(world)
    assert _client(other.user).put(url, body, content_type="application/json").status_code == 404
    back = me.put(url, {"collective_kind": None}, content_type="application/json")
    assert back.json()["proposer_kind"] == "individual" and not Drafter.objects.exists()


def test_a_collective_proposal_needs_its_drafters_to_submit_and_credits_them(world):
    draft = draft_by(world)
    drafter = colleague(world)
    Proposal.objects.filter(pk=draft.pk).update(
        proposer_kind="collective", collective_kind="party", collective_name="民盟"
    )
    draft.refresh_from_db()
    refused = world.client(Role.MEMBER).post(f"/api/v1/proposals/{draft.pk}/submit")
    assert refused.status_code == 400 and "主笔" in refused.json()["error"]["message"]
    collective.set_collective(draft, kind="party", name="民盟市委", drafters=[drafter], actor=world.member.user)
    submitted = services.submit_proposal(draft, actor=world.member.user)
    accepted = services.accept(submitted, actor=office(world))
    rows = list(accepted.events.values_list("action", flat=True))
    assert "collective" in rows
    assert list(DutyRecord.objects.filter(kind="proposal").values_list("member_id", "role")) == [
        (drafter.pk, "lead_author")
    ]


def test_the_screen_sets_collective_and_shows_it(world):
    draft = draft_by(world)
    drafter = colleague(world)
    me = world.client(Role.MEMBER)
    page = me.get(f"/proposals/{draft.pk}/edit/").content.decode()
    assert 'data-testid="collective"' in page and 'data-testid="attachments"' in page
    refused = me.post(
        f"/proposals/{draft.pk}/collective/", {"collective_kind": "sector", "collective_name": "x"}, follow=True
    )
    assert "主笔" in refused.content.decode()
    me.post(
        f"/proposals/{draft.pk}/collective/",
        {"collective_kind": "sector", "collective_name": "经济界", "drafters": [drafter.pk]},
    )
    draft.refresh_from_db()
    assert draft.proposer_kind == "collective" and draft.collective_name == "经济界"


def test_attachments_are_checked_by_their_bytes_and_limited(world, outsider):
    draft = draft_by(world)
    me = world.client(Role.MEMBER)
    url = f"/api/v1/proposals/{draft.pk}/attachments"
    fake = me.post(url, {"file": SimpleUploadedFile("调研报告.pdf", b"MZ\x90\x00 not a pdf")})
    assert fake.status_code == 422 and "只能上传" in fake.json()["error"]["message"]
    empty = me.post(url, {"file": SimpleUploadedFile("空.pdf", b"")})
    assert empty.status_code in (400, 422)
    made = me.post(url, {"file": SimpleUploadedFile("调研报告.pdf", PDF)})
    assert made.status_code == 201 and made.json()["name"] == "调研报告.pdf"
    attachment_id = made.json()["id"]
    for n in range(4):
        me.post(url, {"file": SimpleUploadedFile(f"附件{n}.pdf", PDF)})
    sixth = me.post(url, {"file": SimpleUploadedFile("多余.pdf", PDF)})
    assert sixth.status_code == 400 and "最多 5 个" in sixth.json()["error"]["message"]
    assert Attachment.objects.count() == 5
    got = me.get(f"{url}/{attachment_id}")
    assert got.status_code == 200 and got["X-Content-Type-Options"] == "nosniff"
    assert outsider.client(Role.MEMBER).get(f"{url}/{attachment_id}").status_code == 404
    assert outsider.client(Role.MEMBER).post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    # The screens: the member downloads and removes, the office downloads once submitted.
    assert me.get(f"/proposals/{draft.pk}/attachments/{attachment_id}/").status_code == 200
    me.post(f"/proposals/{draft.pk}/attachments/{attachment_id}/remove/")
    assert Attachment.objects.count() == 4
    bad = me.post(f"/proposals/{draft.pk}/attachments/", {"file": SimpleUploadedFile("x.pdf", b"<html>")}, follow=True)
    assert "只能上传" in bad.content.decode() and Attachment.objects.count() == 4
    services.submit_proposal(draft, actor=world.member.user)
    left = Attachment.objects.first()
    assert (
        world.client(Role.PROPOSAL_OFFICE).get(f"/proposals/manage/{draft.pk}/attachments/{left.pk}/").status_code
        == 200
    )
    assert world.client(Role.HANDLING_UNIT).get(f"/proposals/unit/{draft.pk}/attachments/{left.pk}/").status_code == 404
    late = me.post(url, {"file": SimpleUploadedFile("晚.pdf", PDF)})
    assert late.status_code == 409
    assert me.delete(f"{url}/{left.pk}").status_code == 409
