"""Plenary speeches (大会发言): a member submits; the office selects oral or written delivery (each a ledger row)
or does not use it; a changed selection voids the old row."""

import datetime

import pytest

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict
from lvzhi.core.workflow import workflow_cases
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.org.models import Session
from lvzhi.proposals.models import Speech
from lvzhi.proposals.services import speeches
from lvzhi.proposals.services.speeches import SPEECH
from lvzhi.proposals.tests.factories import office
from lvzhi.testing import today

S = Speech.Status


def _session(world) -> Session:
    session, _ = Session.objects.get_or_create(
        committee=world.committee,
        term=world.term,
        number=5,
        defaults={"year": today().year, "opens_on": today() + datetime.timedelta(days=20)},
    )
    return session


def _speech(world, status: str = S.SUBMITTED) -> Speech:
    return Speech.objects.create(
        committee=world.committee,
        session=_session(world),
        member=world.member,
        title="关于营商环境",
        content="发言稿",
        status=status,
    )


def _live(kind=DutyKind.SPEECH) -> list[tuple[int, str]]:
    rows = DutyRecord.objects.filter(kind=kind).exclude(status=DutyRecord.Status.VOIDED)
    return list(rows.values_list("member_id", "role"))


def test_submit_select_change_and_ledger(world, outsider):
    me = world.client(Role.MEMBER)
    session = _session(world)
    made = me.post(
        "/api/v1/speeches",
        {"session_id": session.pk, "title": "关于营商环境的发言", "content": "正文"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["status"] == "submitted"
    speech_id = made.json()["id"]
    desk = world.client(Role.PROPOSAL_OFFICE)
    oral = desk.post(f"/api/v1/speeches/{speech_id}/decision", {"decision": "oral"}, content_type="application/json")
    assert oral.json()["status"] == "oral"
    assert _live() == [(world.member.pk, DutyRole.SPEAKER)]
    desk.post(
        f"/api/v1/speeches/{speech_id}/decision",
        {"decision": "written", "note": "书面印发"},
        content_type="application/json",
    )
    assert _live() == [(world.member.pk, DutyRole.WRITTEN)]
    assert DutyRecord.objects.filter(kind=DutyKind.SPEECH, status=DutyRecord.Status.VOIDED).count() == 1
    desk.post(f"/api/v1/speeches/{speech_id}/decision", {"decision": "decline"}, content_type="application/json")
    assert _live() == []
    again = desk.post(
        f"/api/v1/speeches/{speech_id}/decision", {"decision": "decline"}, content_type="application/json"
    )
    assert again.status_code == 409
    assert [e.action for e in Speech.objects.get().events.all()] == ["submit", "oral", "written", "decline"]
    assert (
        me.post(
            f"/api/v1/speeches/{speech_id}/decision", {"decision": "oral"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        outsider.client(Role.PROPOSAL_OFFICE)
        .post(f"/api/v1/speeches/{speech_id}/decision", {"decision": "oral"}, content_type="application/json")
        .status_code
        == 404
    )
    assert [s["id"] for s in me.get("/api/v1/speeches").json()["items"]] == [speech_id]
    assert outsider.client(Role.PROPOSAL_OFFICE).get("/api/v1/speeches").json()["count"] == 0


def test_bad_speeches_are_refused_with_a_message(world, outsider):
    me = world.client(Role.MEMBER)
    session = _session(world)
    blank = me.post(
        "/api/v1/speeches", {"session_id": session.pk, "title": " ", "content": "x"}, content_type="application/json"
    )
    assert blank.status_code == 400
    foreign = me.post(
        "/api/v1/speeches",
        {"session_id": _session(outsider).pk, "title": "t", "content": "x"},
        content_type="application/json",
    )
    assert foreign.status_code == 400 and "请选择大会" in foreign.json()["error"]["message"]
    Session.objects.filter(pk=session.pk).update(closes_on=today() - datetime.timedelta(days=1))
    closed = me.post(
        "/api/v1/speeches", {"session_id": session.pk, "title": "t", "content": "x"}, content_type="application/json"
    )
    assert closed.status_code == 400 and "已闭幕" in closed.json()["error"]["message"]
    assert (
        world.client(Role.PROPOSAL_OFFICE)
        .post(
            "/api/v1/speeches",
            {"session_id": session.pk, "title": "t", "content": "x"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    assert not Speech.objects.exists()


def test_the_member_withdraws_only_their_undecided_speech(world):
    speech = _speech(world)
    me = world.client(Role.MEMBER)
    assert me.post(f"/api/v1/speeches/{speech.pk}/withdraw").json()["status"] == "withdrawn"
    decided = _speech(world, S.ORAL)
    assert me.post(f"/api/v1/speeches/{decided.pk}/withdraw").status_code == 409


CASES = workflow_cases(SPEECH)


@pytest.mark.parametrize(("action", "status", "allowed"), [c for c in CASES if c[0] != "submit"])
def test_every_speech_move_is_allowed_exactly_when_the_table_says(world, action, status, allowed):
    if not status:
        return  # a speech exists from its submission on
    speech = _speech(world, status)
    try:
        if action == "withdraw":
            speeches.withdraw_speech(speech, actor=world.member.user)
        else:
            speeches.decide_speech(speech, decision=action, note="", actor=office(world))
        moved = True
    except Conflict:
        moved = False
    assert moved == allowed


def test_the_screens(world, django_assert_max_num_queries):
    session = _session(world)
    me = world.client(Role.MEMBER)
    assert "speech-form" in me.get("/proposals/speeches/").content.decode()
    refused = me.post("/proposals/speeches/", {"session": session.pk, "title": "", "content": "x"}, follow=True)
    assert "请填写题目" in refused.content.decode() and not Speech.objects.exists()
    me.post("/proposals/speeches/", {"session": session.pk, "title": "关于乡村振兴", "content": "正文"})
    speech = Speech.objects.get()
    for _ in range(5):
        _speech(world)
    desk = world.client(Role.PROPOSAL_OFFICE)
    with django_assert_max_num_queries(15):
        page = desk.get("/proposals/manage/speeches/")
    assert "关于乡村振兴" in page.content.decode()
    desk.post(f"/proposals/manage/speeches/{speech.pk}/", {"decision": "written"})
    speech.refresh_from_db()
    assert speech.status == S.WRITTEN
    assert me.get("/proposals/manage/speeches/").status_code == 403
    assert world.client(Role.PROPOSAL_OFFICE).get("/proposals/speeches/").status_code == 403


def test_the_speech_list_costs_the_same_for_many_rows(world, outsider, django_assert_max_num_queries):
    for _ in range(8):
        _speech(world)
    with django_assert_max_num_queries(12):
        body = world.client(Role.PROPOSAL_OFFICE).get("/api/v1/speeches").json()
    assert body["count"] == 8
    assert outsider.client(Role.MEMBER).get("/api/v1/speeches").json()["count"] == 0
