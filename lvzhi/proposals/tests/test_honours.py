"""Key and excellent proposals (重点/优秀提案) and the 办复满意 ledger row: marks with a reason, timeline rows, the
ledger rows for the people a proposal credits, and unmarking (or a changed rating) voiding them."""

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.proposals import services
from lvzhi.proposals.models import Cosigner, Honour, Proposal
from lvzhi.proposals.services import handling
from lvzhi.proposals.tests.factories import colleague, excellent_proposal, key_proposal, office, proposal, replied
from lvzhi.testing import today

P = Proposal.Status
LIVE = DutyRecord.Status.CONFIRMED


def _rows(kind: str, **extra) -> list[tuple[int, str, str]]:
    rows = DutyRecord.objects.filter(kind=kind, **extra).order_by("member_id", "role")
    return [(r.member_id, r.role, r.status) for r in rows]


def test_a_candidate_writes_no_row_and_the_leaders_meeting_decides(world):
    item = proposal(world)
    confirmed, invited = colleague(world), colleague(world)
    Cosigner.objects.create(committee=world.committee, proposal=item, member=confirmed, status="confirmed")
    Cosigner.objects.create(committee=world.committee, proposal=item, member=invited)
    item = services.accept(item, actor=office(world))
    desk = world.client(Role.PROPOSAL_OFFICE)
    made = desk.post(
        f"/api/v1/proposals/{item.pk}/honours", {"kind": "key", "reason": "事关民生"}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["status"] == "candidate"
    assert not DutyRecord.objects.filter(kind=DutyKind.KEY_PROPOSAL).exists()
    read = world.client(Role.MEMBER).get(f"/api/v1/proposals/{item.pk}").json()
    assert read["honours"] == []  # a shortlist is the office's working list, not yet the proposer's news
    again = desk.post(
        f"/api/v1/proposals/{item.pk}/honours", {"kind": "key", "reason": "再次"}, content_type="application/json"
    )
    assert again.status_code == 409
    honour = Honour.objects.get()
    decided = desk.post(
        "/api/v1/proposals/key-decisions",
        {"year": item.year, "meeting": "第5次主席会议", "held_on": str(today()), "approved_ids": [honour.pk]},
        content_type="application/json",
    )
    assert decided.status_code == 201 and decided.json()["approved_ids"] == [honour.pk]
    assert _rows(DutyKind.KEY_PROPOSAL) == sorted(
        [(world.member.pk, DutyRole.FIRST_PROPOSER, LIVE), (confirmed.pk, DutyRole.COSIGNER, LIVE)]
    )
    row = DutyRecord.objects.filter(kind=DutyKind.KEY_PROPOSAL).first()
    assert (row.source_type, row.source_id) == ("proposals.honour", honour.pk)
    assert list(item.events.filter(action__endswith="_key").values_list("action", flat=True)) == [
        "nominate_key",
        "decide_key",
    ]
    assert Notification.objects.filter(user=world.member.user, kind="proposal.key").exists()
    read = world.client(Role.MEMBER).get(f"/api/v1/proposals/{item.pk}").json()
    assert [h["kind"] for h in read["honours"]] == ["key"]


def test_unmarking_voids_only_the_honours_rows(world):
    item = services.accept(proposal(world), actor=office(world))
    key = key_proposal(world, item)
    excellent_proposal(world, item)
    desk = world.client(Role.PROPOSAL_OFFICE)
    blank = desk.post(
        f"/api/v1/proposals/{item.pk}/honours/{key.pk}/unmark", {"reason": "  "}, content_type="application/json"
    )
    assert blank.status_code == 400 and "不能为空" in str(blank.json()["error"]["fields"])
    done = desk.post(
        f"/api/v1/proposals/{item.pk}/honours/{key.pk}/unmark",
        {"reason": "主席会议调整"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["unmark_reason"] == "主席会议调整"
    assert Notification.objects.filter(user=world.member.user, kind="proposal.unkey").exists()
    assert _rows(DutyKind.KEY_PROPOSAL) == [(world.member.pk, DutyRole.FIRST_PROPOSER, DutyRecord.Status.VOIDED)]
    assert _rows(DutyKind.EXCELLENT_PROPOSAL) == [(world.member.pk, DutyRole.FIRST_PROPOSER, LIVE)]
    assert _rows(DutyKind.PROPOSAL) == [(world.member.pk, DutyRole.FIRST_PROPOSER, LIVE)]
    twice = desk.post(
        f"/api/v1/proposals/{item.pk}/honours/{key.pk}/unmark", {"reason": "再取消"}, content_type="application/json"
    )
    assert twice.status_code == 409
    # Shortlisted and decided again later: a new live row beside the voided one.
    key_proposal(world, item)
    assert DutyRecord.objects.filter(kind=DutyKind.KEY_PROPOSAL, status=LIVE).count() == 1
    assert item.events.filter(action="unmark_key").exists()


def test_candidates_need_an_accepted_proposal_a_kind_and_a_reason(world):
    desk = world.client(Role.PROPOSAL_OFFICE)
    submitted = proposal(world)
    url = f"/api/v1/proposals/{submitted.pk}/honours"
    assert desk.post(url, {"kind": "key", "reason": "x"}, content_type="application/json").status_code == 409
    accepted = services.accept(proposal(world, number=None), actor=office(world))
    url = f"/api/v1/proposals/{accepted.pk}/honours"
    assert desk.post(url, {"kind": "gold", "reason": "x"}, content_type="application/json").status_code == 400
    assert desk.post(url, {"kind": "key"}, content_type="application/json").status_code == 400
    long = desk.post(url, {"kind": "key", "reason": "长" * 301}, content_type="application/json")
    assert long.status_code == 400
    bad_source = desk.post(
        url, {"kind": "excellent", "reason": "x", "source": "mayor"}, content_type="application/json"
    )
    assert bad_source.status_code == 400
    assert Honour.objects.count() == 0 and not DutyRecord.objects.filter(kind=DutyKind.KEY_PROPOSAL).exists()


def test_only_the_office_shortlists_and_other_committees_get_404(world, outsider):
    item = services.accept(proposal(world), actor=office(world))
    body = {"kind": "excellent", "reason": "x"}
    url = f"/api/v1/proposals/{item.pk}/honours"
    assert world.client(Role.MEMBER).post(url, body, content_type="application/json").status_code == 403
    assert world.client(Role.LEADER).post(url, body, content_type="application/json").status_code in (403, 404)
    assert outsider.client(Role.PROPOSAL_OFFICE).post(url, body, content_type="application/json").status_code == 404
    page = world.client(Role.MEMBER).post(f"/proposals/manage/{item.pk}/honours/", body)
    assert page.status_code == 403
    assert outsider.client(Role.PROPOSAL_OFFICE).post(f"/proposals/manage/{item.pk}/honours/", body).status_code == 404
    assert Honour.objects.count() == 0


def test_the_office_nominates_on_the_screen(world):
    item = services.accept(proposal(world), actor=office(world))
    desk = world.client(Role.PROPOSAL_OFFICE)
    shown = desk.get(f"/proposals/manage/{item.pk}/").content.decode()
    assert 'data-testid="mark-form"' in shown
    desk.post(
        f"/proposals/manage/{item.pk}/honours/",
        {"kind": "excellent", "reason": "选题准确，成效显著", "source": "special_committee"},
    )
    honour = Honour.objects.get()
    assert (honour.kind, honour.status, honour.source) == ("excellent", "candidate", "special_committee")
    refused = desk.post(f"/proposals/manage/{item.pk}/honours/{honour.pk}/unmark/", {"reason": ""}, follow=True)
    assert "请写明取消的理由" in refused.content.decode()
    desk.post(f"/proposals/manage/{item.pk}/honours/{honour.pk}/unmark/", {"reason": "撤销"})
    honour.refresh_from_db()
    assert honour.unmarked_at is not None
    assert world.client(Role.MEMBER).get(f"/proposals/{item.pk}/").status_code == 200


def test_a_collective_proposal_credits_its_drafters_as_lead_authors(world):
    drafter = colleague(world)
    item = proposal(world, proposer_kind="collective", collective_kind="sector", collective_name="经济界")
    from lvzhi.proposals.models import Drafter

    Drafter.objects.create(committee=world.committee, proposal=item, member=drafter)
    item = services.accept(item, actor=office(world))
    excellent_proposal(world, item)
    assert _rows(DutyKind.PROPOSAL) == [(drafter.pk, DutyRole.LEAD_AUTHOR, LIVE)]
    assert _rows(DutyKind.EXCELLENT_PROPOSAL) == [(drafter.pk, DutyRole.LEAD_AUTHOR, LIVE)]


def test_a_class_a_reply_rated_satisfied_writes_the_row_and_a_changed_rating_voids_it(world):
    item = replied(world, "A")
    handling.evaluate(item, satisfaction="satisfied", comment="", actor=world.member.user)
    assert _rows(DutyKind.PROPOSAL_SATISFIED) == [(world.member.pk, DutyRole.FIRST_PROPOSER, LIVE)]
    row = DutyRecord.objects.get(kind=DutyKind.PROPOSAL_SATISFIED)
    assert (row.source_type, row.source_id) == ("proposals.proposal", item.pk)
    # The rating changes within the feedback window: the row is voided.
    item.refresh_from_db()
    handling.evaluate(item, satisfaction="basically_satisfied", comment="", actor=world.member.user)
    assert _rows(DutyKind.PROPOSAL_SATISFIED) == [(world.member.pk, DutyRole.FIRST_PROPOSER, DutyRecord.Status.VOIDED)]
    assert _rows(DutyKind.PROPOSAL) == [(world.member.pk, DutyRole.FIRST_PROPOSER, LIVE)]


def test_no_satisfied_row_for_a_class_b_reply_or_a_lesser_rating(world):
    b = replied(world, "B")
    handling.evaluate(b, satisfaction="satisfied", comment="", actor=world.member.user)
    a = replied(world, "A")
    handling.evaluate(a, satisfaction="basically_satisfied", comment="", actor=world.member.user)
    assert not DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_SATISFIED).exists()


def test_the_rating_cannot_change_after_the_feedback_window(world):
    import datetime

    item = replied(world, "A")
    handling.evaluate(item, satisfaction="satisfied", comment="", actor=world.member.user)
    Proposal.objects.filter(pk=item.pk).update(replied_at=item.replied_at - datetime.timedelta(days=60))
    item.refresh_from_db()
    refused = world.client(Role.MEMBER).post(
        f"/api/v1/proposals/{item.pk}/evaluation",
        {"satisfaction": "unsatisfied", "comment": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 409 and "评价期限已过" in refused.json()["error"]["message"]
    assert DutyRecord.objects.get(kind=DutyKind.PROPOSAL_SATISFIED).status == LIVE


def test_the_member_changes_the_rating_on_the_screen_within_the_window(world):
    item = replied(world, "A")
    me = world.client(Role.MEMBER)
    assert "提交评价" in me.get(f"/proposals/{item.pk}/").content.decode()
    me.post(f"/proposals/{item.pk}/evaluate/", {"satisfaction": "satisfied"})
    page = me.get(f"/proposals/{item.pk}/").content.decode()
    assert "修改评价" in page
    me.post(f"/proposals/{item.pk}/evaluate/", {"satisfaction": "basically_satisfied"})
    item.refresh_from_db()
    assert item.satisfaction == "basically_satisfied" and item.status == P.CLOSED
    assert not DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_SATISFIED, status=LIVE).exists()
