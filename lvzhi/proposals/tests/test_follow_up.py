"""Deadlines after assignment: the overdue list, 催办 by hand and by the daily run with escalation to the office,
and follow-up items (跟踪落实/回头看) of B/C replies."""

import datetime
import io

from django.core.management import call_command

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification
from lvzhi.proposals import queries
from lvzhi.proposals.models import Assignment, FollowUp, Proposal
from lvzhi.proposals.services import follow_up, handling
from lvzhi.proposals.tests.factories import assigned, office, replied
from lvzhi.testing import today

P = Proposal.Status


def _overdue(world, days: int = 3):
    item, assignment = assigned(world)
    Assignment.objects.filter(pk=assignment.pk).update(due_date=today() - datetime.timedelta(days=days))
    assignment.refresh_from_db()
    return item, assignment


def test_the_overdue_list_shows_late_replies_and_late_evaluations(world, django_assert_max_num_queries):
    late, _assignment = _overdue(world)
    on_time, _other = assigned(world)
    Assignment.objects.filter(proposal=on_time).update(due_date=today() + datetime.timedelta(days=30))
    waiting = replied(world, "A")
    Proposal.objects.filter(pk=waiting.pk).update(replied_at=waiting.replied_at - datetime.timedelta(days=40))
    desk = world.client(Role.PROPOSAL_OFFICE)
    with django_assert_max_num_queries(25):
        page = desk.get("/proposals/manage/overdue/")
    body = page.content.decode()
    assert page.status_code == 200
    assert f"/proposals/manage/{late.pk}/" in body and f"/proposals/manage/{on_time.pk}/" not in body
    assert f"/proposals/manage/{waiting.pk}/" in body
    api = desk.get("/api/v1/proposals/overdue").json()
    assert [r["proposal_id"] for r in api["replies"]] == [late.pk]
    assert [e["proposal_id"] for e in api["evaluations"]] == [waiting.pk]
    assert world.client(Role.MEMBER).get("/proposals/manage/overdue/").status_code == 403
    assert world.client(Role.HANDLING_UNIT).get("/api/v1/proposals/overdue").status_code == 403


def test_a_published_reply_takes_the_assignment_off_the_list(world):
    item = replied(world, "B")
    Assignment.objects.filter(proposal=item).update(due_date=today() - datetime.timedelta(days=1))
    assert not queries.overdue_assignments(today=today()).exists()


def test_the_office_chases_a_unit_by_hand(world, outsider):
    item, assignment = _overdue(world)
    desk = world.client(Role.PROPOSAL_OFFICE)
    chased = desk.post(
        f"/api/v1/proposals/{item.pk}/assignments/{assignment.pk}/chase",
        {"note": "请本周内答复"},
        content_type="application/json",
    )
    assert chased.status_code == 200 and chased.json()["chased_at"]
    told = Notification.objects.get(user=world.users[Role.HANDLING_UNIT], kind="proposal.chase")
    assert "逾期" in told.title and "请本周内答复" in told.body
    assert item.events.filter(action="chase").exists()
    assert desk.post(f"/proposals/manage/assignments/{assignment.pk}/chase/").status_code == 302
    assert (
        world.client(Role.HANDLING_UNIT).post(f"/proposals/manage/assignments/{assignment.pk}/chase/").status_code
        == 403
    )
    assert (
        outsider.client(Role.PROPOSAL_OFFICE).post(f"/proposals/manage/assignments/{assignment.pk}/chase/").status_code
        == 404
    )


def test_the_daily_run_reminds_chases_and_escalates_once(world):
    _overdue(world)
    _soon, upcoming = assigned(world)
    Assignment.objects.filter(pk=upcoming.pk).update(due_date=today() + datetime.timedelta(days=1))
    counts = follow_up.send_proposal_reminders(world.committee, today())
    assert (counts.reminded, counts.escalated) == (2, 1)
    assert Notification.objects.filter(user=world.users[Role.PROPOSAL_OFFICE], kind="proposal.overdue").count() == 1
    again = follow_up.send_proposal_reminders(world.committee, today())
    assert (again.reminded, again.escalated) == (0, 0)
    tomorrow = follow_up.send_proposal_reminders(world.committee, today() + datetime.timedelta(days=1))
    assert tomorrow.escalated == 0 and tomorrow.reminded >= 1
    out = io.StringIO()
    call_command("proposal_reminders", stdout=out)
    assert "催办" in out.getvalue()


def test_rehandling_gives_the_units_a_month(world):
    item = replied(world, "A")
    handling.evaluate(item, satisfaction="unsatisfied", comment="没有落实", actor=world.member.user)
    assert Assignment.objects.get(proposal=item).due_date == handling.add_months(today(), 1)
    assert not queries.overdue_assignments(today=today()).exists()


def test_follow_up_items_from_a_b_reply_through_looking_again(world, outsider):
    item = replied(world, "B")
    reply = item.replies.get()
    desk = world.client(Role.PROPOSAL_OFFICE)
    url = f"/api/v1/proposals/{item.pk}/follow-ups"
    due = (today() + datetime.timedelta(days=90)).isoformat()
    past = desk.post(
        url, {"reply_id": reply.pk, "commitment": "明年开工", "due_date": "2000-01-01"}, content_type="application/json"
    )
    assert past.status_code == 400 and "落实期限" in past.json()["error"]["message"]
    blank = desk.post(url, {"reply_id": reply.pk, "commitment": " ", "due_date": due}, content_type="application/json")
    assert blank.status_code == 400
    made = desk.post(
        url, {"reply_id": reply.pk, "commitment": "明年三月开工", "due_date": due}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["status"] == "open"
    item_id = made.json()["id"]
    assert Notification.objects.filter(user=world.users[Role.HANDLING_UNIT], kind="proposal.follow_up").exists()
    # Only the unit reports, and only its own items.
    assert (
        world.client(Role.MEMBER)
        .post(f"/api/v1/follow-ups/{item_id}/report", {"progress": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        outsider.client(Role.HANDLING_UNIT)
        .post(f"/api/v1/follow-ups/{item_id}/report", {"progress": "x"}, content_type="application/json")
        .status_code
        == 404
    )
    early = desk.post(f"/api/v1/follow-ups/{item_id}/review", {"verified": True}, content_type="application/json")
    assert early.status_code == 409
    unit = world.client(Role.HANDLING_UNIT)
    reported = unit.post(
        f"/api/v1/follow-ups/{item_id}/report", {"progress": "已开工建设"}, content_type="application/json"
    )
    assert reported.json()["status"] == "done"
    no_note = desk.post(f"/api/v1/follow-ups/{item_id}/review", {"verified": False}, content_type="application/json")
    assert no_note.status_code == 400
    reopened = desk.post(
        f"/api/v1/follow-ups/{item_id}/review",
        {"verified": False, "note": "只完成一半"},
        content_type="application/json",
    )
    assert reopened.json()["status"] == "open"
    unit.post(f"/proposals/unit/{item.pk}/", {"action": "follow_up", "item": item_id, "progress": "全部完成"})
    desk.post(f"/proposals/manage/follow-ups/{item_id}/review/", {"verified": "yes", "note": "现场核实"})
    assert FollowUp.objects.get().status == "verified"
    actions = list(item.events.values_list("action", flat=True))
    assert {"follow_up_add", "follow_up_report", "follow_up_reopen", "follow_up_verify"} <= set(actions)


def test_a_class_a_reply_has_no_follow_up_and_overdue_items_are_chased(world):
    a = replied(world, "A")
    refused = world.client(Role.PROPOSAL_OFFICE).post(
        f"/api/v1/proposals/{a.pk}/follow-ups",
        {
            "reply_id": a.replies.get().pk,
            "commitment": "x",
            "due_date": (today() + datetime.timedelta(days=9)).isoformat(),
        },
        content_type="application/json",
    )
    assert refused.status_code == 409
    b = replied(world, "C")
    item = follow_up.add_follow_up(
        b.replies.get(),
        commitment="留作参考，条件成熟时实施",
        due_date=today() + datetime.timedelta(days=5),
        actor=office(world),
    )
    FollowUp.objects.filter(pk=item.pk).update(due_date=today() - datetime.timedelta(days=1))
    assert follow_up.send_proposal_reminders(world.committee, today()).follow_ups == 1
    assert follow_up.send_proposal_reminders(world.committee, today()).follow_ups == 0
    page = world.client(Role.PROPOSAL_OFFICE).get("/proposals/manage/overdue/").content.decode()
    assert "留作参考" in page


def test_the_office_desk_shows_overdue_replies(world):
    _overdue(world)
    desk = world.client(Role.PROPOSAL_OFFICE).get("/desk/").content.decode()
    assert 'data-testid="tile-overdue"' in desk and "1 件提案逾期未答复" in desk


def test_a_replied_proposal_is_not_chased(world):
    item = replied(world, "A")
    assignment = item.assignments.get()
    desk = world.client(Role.PROPOSAL_OFFICE)
    refused = desk.post(
        f"/api/v1/proposals/{item.pk}/assignments/{assignment.pk}/chase", {}, content_type="application/json"
    )
    assert refused.status_code == 409 and "无需催办" in refused.json()["error"]["message"]
    assert not Notification.objects.filter(kind="proposal.chase").exists()


def test_the_overdue_api_costs_the_same_for_many_rows(world, django_assert_max_num_queries):
    for _ in range(6):
        _overdue(world)
    for _ in range(3):
        waiting = replied(world, "A")
        Proposal.objects.filter(pk=waiting.pk).update(replied_at=waiting.replied_at - datetime.timedelta(days=40))
    desk = world.client(Role.PROPOSAL_OFFICE)
    with django_assert_max_num_queries(20):
        body = desk.get("/api/v1/proposals/overdue").json()
    assert (len(body["replies"]), len(body["evaluations"])) == (6, 3)
    with django_assert_max_num_queries(25):
        assert desk.get("/proposals/manage/overdue/").status_code == 200


def test_the_lead_proposer_is_reminded_once_before_the_rating_window_closes(world):
    item = replied(world, "A")
    due = handling.feedback_due(item)
    assert follow_up.send_proposal_reminders(world.committee, today()).evaluations == 0  # not yet
    near = due - datetime.timedelta(days=1)
    assert follow_up.send_proposal_reminders(world.committee, near).evaluations == 1
    assert follow_up.send_proposal_reminders(world.committee, near).evaluations == 0
    told = Notification.objects.get(user=world.member.user, kind="proposal.evaluation_due")
    assert due.isoformat() in told.body
