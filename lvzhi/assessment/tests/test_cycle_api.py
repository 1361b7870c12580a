"""The cycle's API: years and moves, the member's lines and disputes, the office's queue and re-check, results;
permissions and tenancy."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.assessment.models import AssessmentYear, LineCheck
from lvzhi.assessment.tests.cycle_factories import STAR, THREE_ONES, YEAR, lines, year_in
from lvzhi.core.capabilities import Role
from lvzhi.testing import make_member

API = "/api/v1/assessment"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_the_office_opens_freezes_and_moves_a_year_and_leaders_approve(world):
    lines(world, world.member, *THREE_ONES)
    office, leader = world.client(Role.MEMBER_AFFAIRS), world.client(Role.LEADER)
    assert post(office, f"{API}/years", {"year": YEAR}).status_code == 201
    assert post(office, f"{API}/years", {"year": YEAR}).status_code == 409
    body = post(office, f"{API}/years/{YEAR}/moves/freeze").json()
    assert (body["status"], body["members"], body["actions"]) == ("checking", 1, ["close_check"])
    assert body["check_until"] and [e["action"] for e in body["timeline"]] == ["open", "freeze"]
    post(office, f"{API}/years/{YEAR}/moves/close_check")
    post(office, f"{API}/years/{YEAR}/moves/submit")
    assert post(office, f"{API}/years/{YEAR}/moves/approve").status_code == 403
    assert post(leader, f"{API}/years/{YEAR}/moves/return").status_code == 422  # a return needs a note
    assert post(leader, f"{API}/years/{YEAR}/moves/approve", {"note": "同意"}).json()["status"] == "published"
    assert [y["status"] for y in leader.get(f"{API}/years").json()] == ["published"]
    assert post(office, f"{API}/years/{YEAR}/moves/freeze").status_code == 409
    assert post(office, f"{API}/years/{YEAR}/moves/fly").status_code == 400


def test_the_member_reads_their_lines_disputes_one_and_the_office_resolves_it(world):
    rows = lines(world, world.member, *THREE_ONES, ("plenary", "absent"))
    year_in(world, "checking")
    member, office = world.client(Role.MEMBER), world.client(Role.MEMBER_AFFAIRS)
    mine = member.get(f"{API}/years/{YEAR}/my-lines").json()
    assert (mine["score"], mine["band"], mine["check_open"]) == (45.0, "incompetent", True)
    absent = next(line for line in mine["lines"] if line["role"] == "absent")
    assert absent["points"] == -10 and [b["indicator"] for b in absent["breakdown"]] == ["N1"]
    sent = member.post(
        f"{API}/years/{YEAR}/my-lines/{absent['id']}/dispute",
        {"reason": "我出席了", "evidence_file": SimpleUploadedFile("e.pdf", PDF)},
    )
    assert sent.status_code == 201 and sent.json()["status"] == "open"
    assert post(member, f"{API}/years/{YEAR}/my-lines/{rows[0].pk}/confirm").json()["status"] == "confirmed"
    assert post(member, f"{API}/years/{YEAR}/my-lines/confirm-all").json() == {"confirmed": len(rows) - 2}

    queue = office.get(f"{API}/disputes?year={YEAR}&status=open").json()
    assert queue["count"] == 1 and queue["items"][0]["evidence_file"] is True
    dispute_id = queue["items"][0]["id"]
    bad = post(office, f"{API}/disputes/{dispute_id}/resolve", {"decision": "replace", "note": "出席"})
    assert bad.status_code == 422
    done = post(
        office,
        f"{API}/disputes/{dispute_id}/resolve",
        {"decision": "replace", "note": "经核签到表", "kind": "plenary", "role": "present"},
    ).json()
    assert (done["status"], done["score_before"], done["score_after"]) == ("corrected", 45.0, 70.0)
    assert member.get(f"{API}/years/{YEAR}/my-lines").json()["score"] == 70.0


def test_member_and_staff_operations_are_refused_to_the_other_side(world):
    lines(world, world.member, *THREE_ONES)
    year_in(world, "checking")
    member, office = world.client(Role.MEMBER), world.client(Role.MEMBER_AFFAIRS)
    assert member.get(f"{API}/disputes").status_code == 403
    assert member.get(f"{API}/years/{YEAR}").status_code == 403
    assert post(member, f"{API}/years/{YEAR}/moves/close_check").status_code == 403
    assert office.get(f"{API}/years/{YEAR}/my-lines").status_code == 403
    other = make_member(world, "王芳", user=True)
    record = world.member.duty_records.first()
    client = world.client(Role.MEMBER)
    client.force_login(other.user)
    assert post(client, f"{API}/years/{YEAR}/my-lines/{record.pk}/confirm").status_code == 404


def test_another_committee_gets_404(world, outsider):
    lines(world, world.member, *THREE_ONES)
    year_in(world, "checking")
    record = world.member.duty_records.first()
    admin = outsider.client(Role.ADMIN)
    assert admin.get(f"{API}/years/{YEAR}").status_code == 404
    assert admin.get(f"{API}/years").json() == []
    assert post(outsider.client(Role.MEMBER), f"{API}/years/{YEAR}/my-lines/{record.pk}/confirm").status_code == 404
    assert admin.get(f"{API}/disputes").json()["count"] == 0


@pytest.fixture
def published(world):
    star = make_member(world, "赵星")
    lines(world, star, *STAR)
    year_in(world, "published", year=YEAR - 1)
    year_in(world, "published")
    return star


def test_results_nominations_and_talks(world, published, django_assert_max_num_queries):
    office = world.client(Role.MEMBER_AFFAIRS)
    assert post(office, f"{API}/years/{YEAR}/nominations", {"member_id": published.pk}).status_code == 201
    assert post(office, f"{API}/years/{YEAR}/nominations", {"member_id": published.pk}).status_code == 409
    assert post(office, f"{API}/years/{YEAR}/nominations", {"member_id": world.member.pk}).status_code == 422
    talk = {"member_id": world.member.pk, "held_on": datetime.date.today().isoformat(), "talker": "秘书长"}
    assert post(office, f"{API}/years/{YEAR}/talks", {**talk, "content": "提醒"}).status_code == 201
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    assert post(office, f"{API}/years/{YEAR}/talks", {**talk, "held_on": future, "content": "x"}).status_code == 422
    with django_assert_max_num_queries(12):
        body = office.get(f"{API}/years/{YEAR}/results").json()
    low = body["low_scorers"]
    assert [(x["name"], x["previous_score"], x["two_years"]) for x in low] == [("李明", 0.0, True)]
    assert [x["name"] for x in body["excellent"]] == ["赵星"]
    assert len(body["nominations"]) == 1 and body["talks"][0]["talker"] == "秘书长"


def test_results_are_not_used_before_publication(world):
    lines(world, world.member, *THREE_ONES)
    year_in(world, "checking")
    office = world.client(Role.MEMBER_AFFAIRS)
    assert office.get(f"{API}/years/{YEAR}/results").json()["published"] is False
    assert (
        post(
            office,
            f"{API}/years/{YEAR}/talks",
            {"member_id": world.member.pk, "held_on": "2026-01-05", "talker": "秘书长", "content": "x"},
        ).status_code
        == 409
    )
    assert AssessmentYear.objects.get().status == "checking" and not LineCheck.objects.exists()
