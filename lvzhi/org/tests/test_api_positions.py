"""The positions API: GET/POST /members/{id}/positions and POST /members/{id}/positions/{position_id}/end."""

import datetime

import pytest

from lvzhi.core.capabilities import Role
from lvzhi.org.models import Position
from lvzhi.org.services.members import add_position
from lvzhi.testing import make_member

API = "/api/v1"


@pytest.fixture
def liaison(world):
    return add_position(
        world.member.memberships.get(), title="liaison", started_on=datetime.date(2023, 2, 1), actor=None
    )


def positions_url(member):
    return f"{API}/members/{member.pk}/positions"


def end_url(member, position):
    return f"{positions_url(member)}/{position.pk}/end"


def test_staff_list_a_members_positions_with_their_term(world, liaison):
    body = world.client(Role.LEADER).get(positions_url(world.member)).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == liaison.pk and item["title"] == "liaison" and item["title_label"] == "联络员"
    assert item["started_on"] == "2023-02-01" and item["ended_on"] is None
    assert item["term"] == {"number": world.term.number, "start_year": world.term.start_year}


def test_a_member_reads_their_own_positions_but_not_anothers(world, liaison):
    client = world.client(Role.MEMBER)
    assert client.get(positions_url(world.member)).json()["count"] == 1
    other = make_member(world, "周杰")
    assert client.get(positions_url(other)).status_code == 403


def test_staff_appoint_through_the_api(world):
    body = {"title": "vice_chair", "started_on": "2024-01-15", "decided_by": "二次全会", "note": "专职"}
    response = world.client(Role.MEMBER_AFFAIRS).post(
        positions_url(world.member), body, content_type="application/json"
    )
    assert response.status_code == 201
    position = Position.objects.get()
    assert response.json()["id"] == position.pk
    assert (position.title, position.note, position.decided_by) == ("vice_chair", "专职", "二次全会")


def test_a_duplicate_open_position_is_409(world, liaison):
    body = {"title": "liaison", "started_on": "2024-01-15"}
    response = world.client(Role.ADMIN).post(positions_url(world.member), body, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "position.duplicate"


def test_bad_input_is_400_with_fields(world):
    body = {"title": "emperor", "started_on": "not a date"}
    response = world.client(Role.ADMIN).post(positions_url(world.member), body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"title", "started_on"}
    assert not Position.objects.exists()


def test_staff_end_a_position_through_the_api(world, liaison):
    body = {"ended_on": "2024-12-31", "decided_by": "常委会议"}
    response = world.client(Role.MEMBER_AFFAIRS).post(
        end_url(world.member, liaison), body, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["ended_on"] == "2024-12-31"
    liaison.refresh_from_db()
    assert liaison.ended_on == datetime.date(2024, 12, 31)


def test_an_end_before_the_start_is_400(world, liaison):
    body = {"ended_on": "2023-01-31"}
    response = world.client(Role.ADMIN).post(end_url(world.member, liaison), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "position.end_before_start"
    liaison.refresh_from_db()
    assert liaison.ended_on is None


def test_a_position_of_another_member_is_404_under_this_one(world, liaison):
    other = make_member(world, "周杰")
    body = {"ended_on": "2024-12-31"}
    response = world.client(Role.ADMIN).post(end_url(other, liaison), body, content_type="application/json")
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.LEADER, Role.GROUP_CONVENOR, Role.MEMBER])
def test_roles_without_manage_members_get_403(world, liaison, role):
    client = world.client(role)
    add = client.post(
        positions_url(world.member), {"title": "other", "started_on": "2024-01-01"}, content_type="application/json"
    )
    end = client.post(end_url(world.member, liaison), {"ended_on": "2024-12-31"}, content_type="application/json")
    assert (add.status_code, end.status_code) == (403, 403)
    assert Position.objects.count() == 1


def test_outsiders_get_404(world, outsider, liaison):
    client = outsider.client(Role.ADMIN)
    assert client.get(positions_url(world.member)).status_code == 404
    add = client.post(
        positions_url(world.member), {"title": "other", "started_on": "2024-01-01"}, content_type="application/json"
    )
    end = client.post(end_url(world.member, liaison), {"ended_on": "2024-12-31"}, content_type="application/json")
    assert (add.status_code, end.status_code) == (404, 404)
    assert Position.objects.count() == 1
