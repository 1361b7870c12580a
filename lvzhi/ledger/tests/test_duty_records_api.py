import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from lvzhi.activities.tests.factories import crowd
from lvzhi.core.capabilities import Role
from lvzhi.ledger import services as ledger
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.testing import picture

RECORDS = "/api/v1/duty-records"


@pytest.fixture
def attended(world):
    """The member attended the 2025 plenary (recorded by the office)."""
    return ledger.record_duty(
        committee=world.committee,
        member=world.member,
        kind=DutyKind.PLENARY,
        role=DutyRole.PRESENT,
        event_date=datetime.date(2025, 1, 8),
        title="四届四次全体会议",
        source=world.term,
        recorded_by=world.users[Role.MEMBER_AFFAIRS],
    )


@pytest.fixture
def reported(world):
    return ledger.self_report_duty(
        member=world.member,
        kind=DutyKind.PUBLIC_SERVICE,
        title="敬老院义诊",
        event_date=timezone.localdate(),
        evidence="照片",
        actor=world.member.user,
    )


def ledger_url(member):
    return f"/api/v1/members/{member.pk}/duty-records"


def test_a_member_reads_their_own_ledger_by_year(world, attended, reported):
    data = world.client(Role.MEMBER).get(ledger_url(world.member), {"year": 2025}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert {k: item[k] for k in ("id", "kind", "date", "status", "source", "points")} == {
        "id": attended.pk,
        "kind": "plenary",
        "date": "2025-01-08",
        "status": "confirmed",
        "source": {"type": "org.term", "id": world.term.pk},
        "points": 30.0,  # the default scheme's B1: the only plenary of the year, attended
    }
    this_year = world.client(Role.MEMBER).get(ledger_url(world.member)).json()
    assert this_year["count"] == 2
    # A self-report waiting for staff earns nothing until confirmed
    assert next(i["points"] for i in this_year["items"] if i["id"] == reported.pk) is None


def test_staff_read_any_members_ledger_but_a_member_only_their_own(world, attended):
    assert world.client(Role.MEMBER_AFFAIRS).get(ledger_url(world.member)).json()["count"] == 1
    (other,) = crowd(world, 1)
    response = world.client(Role.MEMBER).get(ledger_url(other))
    assert (response.status_code, response.json()["error"]["code"]) == (403, "duty.not_visible")
    assert world.client(Role.HANDLING_UNIT).get(ledger_url(world.member)).status_code == 403


def test_another_committee_sees_none_of_it(world, outsider, attended, reported):
    assert outsider.client(Role.ADMIN).get(ledger_url(world.member)).status_code == 404
    staff = outsider.client(Role.MEMBER_AFFAIRS)
    for action, body in (("confirm", {}), ("reject", {"reason": "无"})):
        assert staff.post(f"{RECORDS}/{reported.pk}/{action}", body, content_type="application/json").status_code == 404
    photo = SimpleUploadedFile("证明.jpg", picture("JPEG"))
    assert outsider.client(Role.MEMBER).post(f"{RECORDS}/{reported.pk}/evidence", {"file": photo}).status_code == 404
    assert staff.get(RECORDS).json()["count"] == 0


def test_a_member_self_reports_and_staff_confirm(world):
    member = world.client(Role.MEMBER)
    body = {
        "kind": "contact",
        "title": "走访界别群众",
        "date": timezone.localdate().isoformat(),
        "evidence": "走访记录",
    }
    created = member.post(RECORDS, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    record_id = created.json()["id"]
    staff = world.client(Role.MEMBER_AFFAIRS)
    assert [i["id"] for i in staff.get(RECORDS).json()["items"]] == [record_id]
    confirmed = staff.post(f"{RECORDS}/{record_id}/confirm", {"note": "属实"}, content_type="application/json")
    assert (confirmed.json()["status"], confirmed.json()["review_note"]) == ("confirmed", "属实")
    again = staff.post(f"{RECORDS}/{record_id}/confirm", {}, content_type="application/json")
    assert (again.status_code, again.json()["error"]["code"]) == (409, "duty.not_confirmable")


def test_staff_reject_with_a_reason_and_the_member_adds_evidence(world, reported):
    staff = world.client(Role.GROUP_CONVENOR)
    rejected = staff.post(f"{RECORDS}/{reported.pk}/reject", {"reason": "缺少证明"}, content_type="application/json")
    assert rejected.json()["status"] == "disputed"
    photo = SimpleUploadedFile("证明.jpg", picture("JPEG"), content_type="image/jpeg")
    added = world.client(Role.MEMBER).post(f"{RECORDS}/{reported.pk}/evidence", {"file": photo})
    assert added.json()["status"] == "pending" and added.json()["evidence_file"]


def test_what_members_cannot_report_and_who_cannot_review(world, reported):
    member = world.client(Role.MEMBER)
    body = {"kind": "plenary", "title": "全会", "date": "2025-01-08", "evidence": "照片"}
    response = member.post(RECORDS, body, content_type="application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "duty.not_self_reportable")
    assert world.client(Role.MEMBER_AFFAIRS).post(RECORDS, body, content_type="application/json").status_code == 403
    assert member.get(RECORDS).status_code == 403
    assert member.post(f"{RECORDS}/{reported.pk}/confirm", {}, content_type="application/json").status_code == 403
    leader = world.client(Role.LEADER)
    assert (
        leader.post(f"{RECORDS}/{reported.pk}/reject", {"reason": "x"}, content_type="application/json").status_code
        == 403
    )
    (other,) = crowd(world, 1)
    stranger = Client()
    stranger.force_login(other.user)
    photo = SimpleUploadedFile("证明.jpg", picture("JPEG"))
    assert stranger.post(f"{RECORDS}/{reported.pk}/evidence", {"file": photo}).status_code == 403
    assert DutyRecord.objects.get(pk=reported.pk).status == "pending"


def test_get_is_refused_on_the_review_endpoints(world, reported):
    staff = world.client(Role.MEMBER_AFFAIRS)
    for action in ("confirm", "reject"):
        assert staff.get(f"{RECORDS}/{reported.pk}/{action}").status_code == 405
