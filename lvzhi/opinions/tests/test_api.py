"""The 社情民意 API as API.md lists it, plus the office's and units' operations; errors in the one envelope."""

import pytest

from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.opinions.models import Opinion
from lvzhi.opinions.tests.factories import TEXT, edited, referral, submitted

API = "/api/v1"


def post(client, path, body=None):
    return client.post(API + path, body or {}, content_type="application/json")


def test_a_member_submits_and_reads_it_back(world):
    client = world.client(Role.MEMBER)
    response = post(client, "/opinions", {"title": "关于停车难的建议", "content": TEXT, "category": "society"})
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["source"], body["author_name"]) == ("submitted", "member", world.member.name)
    detail = client.get(f"{API}/opinions/{body['id']}").json()
    assert detail["revisions"][0]["content"] == TEXT and detail["timeline"][0]["action"] == "submit"
    assert client.get(f"{API}/opinions").json()["count"] == 1


def test_bad_input_gets_the_error_envelope_in_chinese_and_writes_nothing(world):
    client = world.client(Role.MEMBER)
    response = post(client, "/opinions", {"title": "标题", "content": "短", "category": "society"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation.invalid" and "正文至少" in error["fields"]["content"][0]
    assert post(client, "/opinions", {"title": "标题"}).json()["error"]["fields"]["content"] == ["此项为必填"]
    assert not Opinion.objects.exists()


def test_the_office_adopts_and_records_an_instruction(world):
    opinion = edited(world)
    client = world.client(Role.INFORMATION_OFFICE)
    adopted = post(client, f"/opinions/{opinion.pk}/adopt", {"level": "province", "mode": "combined", "issue": "第3期"})
    assert adopted.status_code == 201 and adopted.json()["level"] == "province"
    instructed = post(
        client, f"/opinions/{opinion.pk}/instructions", {"leader_level": "city", "date": "2026-03-01", "summary": "阅"}
    )
    assert instructed.status_code == 201
    roles = set(DutyRecord.objects.filter(kind="opinion").values_list("role", flat=True))
    assert roles == {"submitter", "adopted_province", "instructed_city"}
    voided = post(client, f"/adoptions/{adopted.json()['id']}/void", {"reason": "重复登记"})
    assert voided.json()["status"] == "voided"


def test_adopting_a_report_not_yet_edited_is_a_conflict(world):
    opinion = submitted(world)
    response = post(world.client(Role.INFORMATION_OFFICE), f"/opinions/{opinion.pk}/adopt", {"level": "city"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "opinion.bad_status"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.INFORMATION_OFFICER, Role.HANDLING_UNIT, Role.LEADER])
def test_only_the_office_records_outcomes(world, role):
    opinion = edited(world)
    response = post(world.client(role), f"/opinions/{opinion.pk}/adopt", {"level": "city"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission.denied"


def test_staff_other_than_the_office_cannot_submit(world):
    response = post(world.client(Role.PROPOSAL_OFFICE), "/opinions", {"title": "t", "content": TEXT})
    assert response.status_code == 403


def test_another_committee_gets_404(world, outsider):
    opinion = edited(world)
    client = outsider.client(Role.INFORMATION_OFFICE)
    assert client.get(f"{API}/opinions/{opinion.pk}").status_code == 404
    assert post(client, f"/opinions/{opinion.pk}/adopt", {"level": "city"}).status_code == 404


def test_the_unit_answers_through_the_api(world):
    made = referral(world)
    client = world.client(Role.HANDLING_UNIT)
    assert client.get(f"{API}/referrals").json()["count"] == 1
    answered = post(client, f"/referrals/{made.pk}/answer", {"answer": "已办理"})
    assert answered.json()["status"] == "answered"


def test_a_bulletin_through_the_api(world):
    opinion = edited(world)
    office, leader = world.client(Role.INFORMATION_OFFICE), world.client(Role.LEADER)
    bulletin = post(office, "/bulletins", {"opinion_ids": [opinion.pk]}).json()
    assert post(office, f"/bulletins/{bulletin['id']}/approve").json()["status"] == "approved"
    assert post(office, f"/bulletins/{bulletin['id']}/sign").status_code == 403
    assert post(leader, f"/bulletins/{bulletin['id']}/sign").json()["status"] == "signed"
    issued = post(office, f"/bulletins/{bulletin['id']}/issue").json()
    assert (issued["status"], issued["number"]) == ("issued", 1)
    stats = office.get(f"{API}/stats/opinions?year={opinion.year}").json()
    assert stats["issues"] == 1 and {"name": "本级采用", "count": 1} in stats["adopted_by_level"]
