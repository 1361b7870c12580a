"""Handling through the API: units and their accounts, assignment, reply, countersign, review, evaluation; a
handling unit sees only what was assigned to it."""

import datetime

from django.conf import settings
from django.test import Client

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification, RoleAssignment
from lvzhi.org.models import HandlingUnit
from lvzhi.proposals import services
from lvzhi.proposals.models import Proposal, Reply
from lvzhi.proposals.services.handling import add_months
from lvzhi.proposals.tests.factories import PARKING, office, proposal, unit_of
from lvzhi.testing import PASSWORD, signed_in, today

P = Proposal.Status


def _client(user) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in(user)
    return client


def test_units_and_their_accounts(world):
    client = world.client(Role.PROPOSAL_OFFICE)
    created = client.post("/api/v1/handling-units", {"name": "市教育局"}, content_type="application/json")
    assert created.status_code == 201
    unit_id = created.json()["id"]
    again = client.post("/api/v1/handling-units", {"name": "市教育局"}, content_type="application/json")
    assert again.status_code == 409
    assert (
        world.client(Role.MEMBER)
        .post("/api/v1/handling-units", {"name": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    admin = world.client(Role.ADMIN)
    body = {
        "username": "jiaoyu1",
        "password": PASSWORD,
        "display_name": "教育局联络员",
        "committee": world.committee.code,
    }
    missing = admin.post("/api/v1/users", {**body, "roles": ["handling_unit"]}, content_type="application/json")
    assert missing.status_code == 400 and "handling_unit_id" in missing.json()["error"]["fields"]
    made = admin.post(
        "/api/v1/users",
        {**body, "roles": ["handling_unit"], "handling_unit_id": unit_id},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert RoleAssignment.objects.get(user_id=made.json()["id"]).handling_unit_id == unit_id


def test_from_assignment_to_satisfied(world):
    item = services.accept(proposal(world), actor=office(world))
    lead_unit = unit_of(world)
    co_unit = HandlingUnit.objects.create(committee=world.committee, name="市财政局")
    co_user = world.users[Role.LEADER]  # any login: give it the co-unit's role
    RoleAssignment.objects.create(
        user=co_user, committee=world.committee, role=Role.HANDLING_UNIT, handling_unit=co_unit
    )
    desk = world.client(Role.PROPOSAL_OFFICE)
    too_late = add_months(today(), 7)
    refused = desk.post(
        f"/api/v1/proposals/{item.pk}/assign",
        {"units": [{"unit_id": lead_unit.pk, "role": "lead"}], "due_date": too_late.isoformat()},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "6 个月" in refused.json()["error"]["message"]
    assigned = desk.post(
        f"/api/v1/proposals/{item.pk}/assign",
        {"units": [{"unit_id": lead_unit.pk, "role": "lead"}, {"unit_id": co_unit.pk, "role": "co"}]},
        content_type="application/json",
    )
    assert assigned.status_code == 200 and assigned.json()["status"] == "assigned"
    assert assigned.json()["due_date"] == add_months(today(), 3).isoformat()
    assert Notification.objects.filter(user=world.users[Role.HANDLING_UNIT], kind="proposal.assigned").exists()

    unit = world.client(Role.HANDLING_UNIT)
    reply_body = {
        "grade": "B",
        "content": "已列入明年计划。",
        "contact_mode": "meeting",
        "contacted_on": today().isoformat(),
    }
    # A co-unit does not answer by itself.
    assert (
        _client(co_user)
        .post(f"/api/v1/proposals/{item.pk}/replies", reply_body, content_type="application/json")
        .status_code
        == 409
    )
    made = unit.post(f"/api/v1/proposals/{item.pk}/replies", reply_body, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "countersigning"
    reply_id = made.json()["id"]
    early = desk.post(f"/api/v1/proposals/{item.pk}/replies/{reply_id}/approve", {}, content_type="application/json")
    assert early.status_code == 409
    signed = _client(co_user).post(f"/api/v1/proposals/{item.pk}/replies/{reply_id}/countersign")
    assert signed.json()["status"] == "reviewing"
    approved = desk.post(
        f"/api/v1/proposals/{item.pk}/replies/{reply_id}/approve", {"grade": "A"}, content_type="application/json"
    )
    assert approved.json() == {
        "id": reply_id,
        "status": "published",
        "grade": "A",
        "grade_label": "A类：解决或基本解决",
    }
    item.refresh_from_db()
    assert item.status == P.REPLIED
    assert Notification.objects.filter(user=world.member.user, kind="proposal.replied").exists()

    me = world.client(Role.MEMBER)
    read = me.get(f"/api/v1/proposals/{item.pk}").json()
    assert read["replies"][0]["grade"] == "A"
    blank = me.post(
        f"/api/v1/proposals/{item.pk}/evaluation", {"satisfaction": "unsatisfied"}, content_type="application/json"
    )
    assert blank.status_code == 400
    sent_back = me.post(
        f"/api/v1/proposals/{item.pk}/evaluation",
        {"satisfaction": "unsatisfied", "comment": "没有时间表"},
        content_type="application/json",
    )
    assert sent_back.json()["status"] == "rehandling"
    second = unit.post(
        f"/api/v1/proposals/{item.pk}/replies",
        {**reply_body, "content": "明年三月开工。"},
        content_type="application/json",
    )
    _client(co_user).post(f"/api/v1/proposals/{item.pk}/replies/{second.json()['id']}/countersign")
    desk.post(f"/api/v1/proposals/{item.pk}/replies/{second.json()['id']}/approve", {}, content_type="application/json")
    item.refresh_from_db()
    assert item.status == P.REPLIED
    done = me.post(
        f"/api/v1/proposals/{item.pk}/evaluation", {"satisfaction": "satisfied"}, content_type="application/json"
    )
    assert done.json()["status"] == "closed" and done.json()["satisfaction"] == "satisfied"


def test_the_office_may_return_a_reply(world):
    item = services.accept(proposal(world), actor=office(world))
    services.handling.assign(item, units=[(unit_of(world), "lead")], due_date=None, actor=office(world))
    unit = world.client(Role.HANDLING_UNIT)
    body = {"grade": "C", "content": "暂不能解决。", "contact_mode": "phone", "contacted_on": today().isoformat()}
    reply_id = unit.post(f"/api/v1/proposals/{item.pk}/replies", body, content_type="application/json").json()["id"]
    desk = world.client(Role.PROPOSAL_OFFICE)
    returned = desk.post(
        f"/api/v1/proposals/{item.pk}/replies/{reply_id}/return",
        {"reason": "答复过于简单"},
        content_type="application/json",
    )
    assert returned.json()["status"] == "returned"
    assert Reply.objects.get(pk=reply_id).return_reason == "答复过于简单"
    item.refresh_from_db()
    assert item.status == P.ASSIGNED


def test_a_handling_unit_sees_only_what_was_assigned_to_it(world, outsider):
    mine = services.accept(proposal(world), actor=office(world))
    services.handling.assign(mine, units=[(unit_of(world), "lead")], due_date=None, actor=office(world))
    other_unit = HandlingUnit.objects.create(committee=world.committee, name="市交通局")
    theirs = services.accept(proposal(world, text=PARKING), actor=office(world))
    services.handling.assign(theirs, units=[(other_unit, "lead")], due_date=None, actor=office(world))
    unit = world.client(Role.HANDLING_UNIT)
    listing = unit.get("/api/v1/proposals").json()
    assert [p["id"] for p in listing["items"]] == [mine.pk]
    assert unit.get(f"/api/v1/proposals/{theirs.pk}").status_code == 404
    found = unit.get("/api/v1/proposals/similar", {"text": PARKING[0] + PARKING[1]}).json()["items"]
    assert theirs.pk not in [p["id"] for p in found]
    body = {"grade": "A", "content": "x", "contact_mode": "phone", "contacted_on": today().isoformat()}
    assert unit.post(f"/api/v1/proposals/{theirs.pk}/replies", body, content_type="application/json").status_code == 404
    assert outsider.client(Role.HANDLING_UNIT).get(f"/api/v1/proposals/{mine.pk}").status_code == 404


def test_a_unit_can_ask_to_be_reassigned_but_never_passes_it_on(world):
    item = services.accept(proposal(world), actor=office(world))
    services.handling.assign(item, units=[(unit_of(world), "lead")], due_date=None, actor=office(world))
    assignment = item.assignments.get()
    services.handling.request_reassignment(
        assignment,
        reason="不属于本单位职责",
        unit_ids=frozenset({assignment.unit_id}),
        actor=world.users[Role.HANDLING_UNIT],
    )
    other = HandlingUnit.objects.create(committee=world.committee, name="市交通局")
    unit = world.client(Role.HANDLING_UNIT)
    passed_on = unit.post(
        f"/api/v1/proposals/{item.pk}/assign",
        {"units": [{"unit_id": other.pk, "role": "lead"}]},
        content_type="application/json",
    )
    assert passed_on.status_code == 403
    moved = world.client(Role.PROPOSAL_OFFICE).post(
        f"/api/v1/proposals/{item.pk}/assign",
        {"units": [{"unit_id": other.pk, "role": "lead"}]},
        content_type="application/json",
    )
    assert moved.status_code == 200 and [u["name"] for u in moved.json()["units"]] == ["市交通局"]
    assert datetime.date.fromisoformat(moved.json()["due_date"]) > today()
