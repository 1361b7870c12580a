"""The mailbox API: public submission and the writer's link without an account; letters by audience."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.core.capabilities import Role
from lvzhi.liaison import guard, services
from lvzhi.liaison.models import Letter
from lvzhi.liaison.tests.factories import forwarded_letter, letter_input, member_letter, station_letter, unit_of
from lvzhi.testing import make_member

API = "/api/v1"


def _fields(challenge: dict, **data: object) -> dict:
    return {
        "kind": "help",
        "title": "老旧小区加装电梯",
        "content": "三楼以上住着很多老人，希望推动加装电梯。",
        "phone": "13900003333",
        "challenge": challenge["challenge"],
        "solution": guard.solve(challenge["challenge"], challenge["bits"]),
        **data,
    }


def test_a_citizen_writes_through_the_api(world):
    mailbox = services.mailbox_for(world.station)
    client = Client()
    box = client.get(f"{API}/mailboxes/{mailbox.key}").json()
    assert box["is_open"] and box["bits"] == 8
    response = client.post(f"{API}/mailboxes/{mailbox.key}/letters", _fields(box))
    assert response.status_code == 201, response.content
    body = response.json()
    letter = Letter.objects.get(token=body["token"])
    assert body["url"].endswith(f"/liaison/letter/{letter.token}/")
    # The same letter again (a retry): the same token, nothing stored twice.
    again = client.post(
        f"{API}/mailboxes/{mailbox.key}/letters", _fields(client.get(f"{API}/mailboxes/{mailbox.key}").json())
    )
    assert (again.status_code, again.json()["token"]) == (200, body["token"])


def test_refusals_use_the_error_envelope(world, settings):
    settings.MAILBOX_LETTERS_PER_10_MIN = 1
    mailbox = services.mailbox_for(world.member)
    client = Client()

    def challenge() -> dict:
        return client.get(f"{API}/mailboxes/{mailbox.key}").json()

    bad = client.post(f"{API}/mailboxes/{mailbox.key}/letters", {**_fields(challenge()), "solution": "x"})
    assert bad.json()["error"]["code"] == "mailbox.challenge"
    wrong = SimpleUploadedFile("a.pdf", b"MZ" + b"\x00" * 40)
    typed = client.post(f"{API}/mailboxes/{mailbox.key}/letters", {**_fields(challenge()), "attachment": wrong})
    assert (typed.status_code, typed.json()["error"]["code"]) == (400, "mailbox.bad_type")
    assert client.post(f"{API}/mailboxes/{mailbox.key}/letters", _fields(challenge())).status_code == 201
    flood = client.post(f"{API}/mailboxes/{mailbox.key}/letters", _fields(challenge(), title="再来一封"))
    assert (flood.status_code, flood.json()["error"]["code"]) == (429, "mailbox.too_many")
    missing = client.post(f"{API}/mailboxes/{mailbox.key}/letters", {"title": "x"})
    assert missing.status_code == 400
    assert Letter.objects.count() == 1


def test_the_private_link_and_rating(world):
    letter = member_letter(world)
    client = Client()
    assert client.get(f"{API}/letters/private/{letter.token}").json()["status"] == "assigned"
    assert client.get(f"{API}/letters/private/not-a-token").status_code == 404
    early = client.post(f"{API}/letters/private/{letter.token}/rating", {"rating": 3}, content_type="application/json")
    assert early.status_code == 409
    services.answer_letter(letter, answer="已办", actor=world.member.user, member=world.member)
    rated = client.post(f"{API}/letters/private/{letter.token}/rating", {"rating": 2}, content_type="application/json")
    assert (rated.status_code, rated.json()["status"], rated.json()["answer"]) == (200, "rated", "已办")


def test_a_member_lists_and_answers_only_their_letters(world):
    mine = member_letter(world)
    other = make_member(world, "赵强", user=True)
    theirs, _ = services.submit_letter(services.mailbox_for(other), letter_input())
    client = world.client(Role.MEMBER)
    listed = client.get(f"{API}/letters").json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    assert client.get(f"{API}/letters/{theirs.pk}").status_code == 404
    answered = client.post(f"{API}/letters/{mine.pk}/answer", {"answer": "收到"}, content_type="application/json")
    assert answered.json()["status"] == "answered"
    assert (
        client.post(
            f"{API}/letters/{mine.pk}/assign", {"member_id": other.pk}, content_type="application/json"
        ).status_code
        == 403
    )


def test_the_office_sorts_and_forwards_and_the_unit_replies(world):
    letter = station_letter(world)
    office = world.client(Role.MEMBER_AFFAIRS)
    unit = unit_of(world)
    assigned = office.post(
        f"{API}/letters/{letter.pk}/assign", {"member_id": world.member.pk}, content_type="application/json"
    )
    assert assigned.json()["assignee_id"] == world.member.pk
    forwarded = office.post(f"{API}/letters/{letter.pk}/forward", {"unit_id": unit.pk}, content_type="application/json")
    assert forwarded.json()["status"] == "forwarded"
    unit_client = world.client(Role.HANDLING_UNIT)
    assert [r["id"] for r in unit_client.get(f"{API}/letters").json()["results"]] == [letter.pk]
    replied = unit_client.post(
        f"{API}/letters/{letter.pk}/unit-reply", {"reply": "已处理"}, content_type="application/json"
    )
    assert replied.json()["status"] == "handled"
    conflict = unit_client.post(
        f"{API}/letters/{letter.pk}/unit-reply", {"reply": "再次"}, content_type="application/json"
    )
    assert (conflict.status_code, conflict.json()["error"]["code"]) == (409, "letter.bad_status")


def test_the_office_records_a_units_written_reply(world):
    letter = forwarded_letter(world)
    office = world.client(Role.MEMBER_AFFAIRS)
    url = f"{API}/letters/{letter.pk}/unit-reply"
    done = office.post(url, {"reply": "书面答复已收到"}, content_type="application/json")
    assert (done.status_code, done.json()["unit_reply"]) == (200, "书面答复已收到")


def test_a_unit_sees_nothing_of_letters_not_passed_to_it(world):
    forwarded_letter(world)
    other = station_letter(world)
    client = world.client(Role.HANDLING_UNIT)
    assert client.get(f"{API}/letters/{other.pk}").status_code == 404


@pytest.mark.parametrize("role", [Role.PROPOSAL_OFFICE, Role.LEADER, Role.INFORMATION_OFFICER])
def test_roles_without_letters_are_refused(world, role):
    member_letter(world)
    assert world.client(role).get(f"{API}/letters").status_code == 403


def test_another_committee_sees_nothing(world, outsider):
    letter = member_letter(world)
    client = outsider.client(Role.ADMIN)
    assert client.get(f"{API}/letters/{letter.pk}").status_code == 404
    assert client.get(f"{API}/letters").json()["count"] == 0


def test_the_schema_documents_the_mailbox(world):
    paths = Client().get(f"{API}/openapi.json").json()["paths"]
    assert {
        f"{API}/mailboxes/{{key}}/letters",
        f"{API}/letters/private/{{token}}/rating",
        f"{API}/letters/{{letter_id}}/answer",
    } <= set(paths)
