"""The organisation's structure and the committee's users over /api/v1/ (API.md "Organisation")."""

import pytest
from django.test import Client

from lvzhi.core.capabilities import Role
from lvzhi.core.models import ApiToken, AuditEvent, RoleAssignment, User
from lvzhi.org.models import RegionalGroup, Sector, SectorGroup, Session, SpecialCommittee, Station, StationDuty, Term
from lvzhi.org.services import stations as station_services

API = "/api/v1"
JSON = "application/json"


@pytest.fixture
def admin(world):
    return world.client(Role.ADMIN)


@pytest.fixture
def eight(world):
    return station_services.add_checklist_preset(committee=world.committee, preset="八有", actor=None)


def post(client, path, body):
    return client.post(f"{API}{path}", body, content_type=JSON)


def patch(client, path, body):
    return client.patch(f"{API}{path}", body, content_type=JSON)


def test_terms_are_listed_with_their_sessions(world, admin):
    post(admin, "/sessions", {"year": 2022, "opens_on": "2022-01-08"})
    data = admin.get(f"{API}/terms").json()
    assert data["count"] == 1
    term = data["items"][0]
    assert (term["number"], term["is_current"], term["sessions"][0]["opens_on"]) == (1, True, "2022-01-08")


def test_a_new_term_is_started_with_a_preset(world, admin):
    response = post(admin, "/terms", {"start_year": 2027, "sectors_from": "national34"})
    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["end_year"], body["is_current"]) == (2, 2031, False)
    assert Sector.objects.filter(term_id=body["id"]).count() == 34
    assert Term.objects.get(pk=world.term.pk).is_current
    assert AuditEvent.objects.filter(action="term.prepared", object_id=str(body["id"])).exists()


def test_bad_input_gets_the_error_envelope(world, admin):
    response = post(admin, "/terms", {"start_year": 2027, "sectors_from": "moon"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation.invalid"
    clash = post(admin, "/terms", {"start_year": 2027, "number": 1})
    assert (clash.status_code, clash.json()["error"]["code"]) == (409, "term.number_taken")


def test_sessions_default_to_the_current_term_and_can_be_patched(world, admin):
    created = post(admin, "/sessions", {"year": 2023})
    assert created.status_code == 201
    session_id = created.json()["id"]
    assert created.json()["term_id"] == world.term.pk
    changed = patch(admin, f"/sessions/{session_id}", {"closes_on": "2023-01-12"})
    assert changed.json()["closes_on"] == "2023-01-12"
    assert str(Session.objects.get(pk=session_id).closes_on) == "2023-01-12"
    assert admin.get(f"{API}/sessions", {"term": world.term.pk}).json()["count"] == 1


def test_special_committees_are_created_and_renamed(world, admin):
    created = post(admin, "/special-committees", {"name": "社会和法制委员会", "order": 3})
    assert created.status_code == 201
    body_id = created.json()["id"]
    renamed = patch(admin, f"/special-committees/{body_id}", {"name": "社会和法治委员会"})
    assert renamed.json()["name"] == "社会和法治委员会"
    assert SpecialCommittee.objects.get(pk=body_id).order == 3
    assert admin.get(f"{API}/special-committees").json()["count"] == 2


def test_a_sector_group_spans_sectors_and_names_its_supervising_committee(world, admin):
    ids = [world.sectors[3].pk, world.sectors[4].pk]
    created = post(
        admin,
        "/sector-groups",
        {"name": "农业界活动组", "sector_ids": ids, "special_committee_id": world.special_committee.pk},
    )
    assert created.status_code == 201
    body = created.json()
    assert sorted(s["id"] for s in body["sectors"]) == sorted(ids)
    assert body["special_committee"]["name"] == world.special_committee.name
    changed = patch(admin, f"/sector-groups/{body['id']}", {"sector_ids": [ids[0]], "special_committee_id": None})
    assert ([s["id"] for s in changed.json()["sectors"]], changed.json()["special_committee"]) == ([ids[0]], None)
    assert SectorGroup.objects.get(pk=body["id"]).sectors.count() == 1


def test_a_sector_group_with_an_unknown_sector_is_404(world, admin, outsider):
    response = post(admin, "/sector-groups", {"name": "错组", "sector_ids": [outsider.sectors[0].pk]})
    assert response.status_code == 404
    assert not SectorGroup.objects.filter(name="错组").exists()


def test_regional_groups_are_created_listed_and_patched(world, admin):
    created = post(admin, "/regional-groups", {"name": "北片联络组", "kind": "liaison", "area": "北片"})
    assert created.status_code == 201
    group_id = created.json()["id"]
    assert patch(admin, f"/regional-groups/{group_id}", {"kind": "work_committee"}).json()["kind"] == "work_committee"
    assert RegionalGroup.objects.get(pk=group_id).kind == "work_committee"
    assert admin.get(f"{API}/regional-groups").json()["items"][0]["name"] == "北片联络组"


def test_stations_carry_their_checklist_ticks_and_rota(world, admin, eight):
    created = post(
        admin,
        "/stations",
        {
            "name": "滨江委员工作室",
            "kind": "studio",
            "host_unit": "滨江社区",
            "address": "江滨路2号",
            "checklist_id": eight.pk,
        },
    )
    assert created.status_code == 201
    station_id = created.json()["id"]
    ticked = patch(admin, f"/stations/{station_id}", {"checklist_done": eight.items[:3]})
    assert ticked.json()["checklist_done"] == eight.items[:3]
    duty = post(admin, f"/stations/{station_id}/rota", {"weekday": 2, "member_id": world.member.pk})
    assert duty.status_code == 201
    listed = {s["id"]: s for s in admin.get(f"{API}/stations").json()["items"]}[station_id]
    assert listed["rota"][0]["member_name"] == world.member.name
    removed = admin.delete(f"{API}/stations/{station_id}/rota/{duty.json()['id']}")
    assert removed.status_code == 204
    assert not StationDuty.objects.filter(station_id=station_id).exists()
    assert Station.objects.get(pk=station_id).checklist_done == eight.items[:3]


def test_checklists_are_listed_created_and_reworded(world, admin, eight):
    created = post(admin, "/checklists", {"name": "三有", "items": ["有场所", "有人员", "有活动"]})
    assert created.status_code == 201
    reworded = patch(admin, f"/checklists/{created.json()['id']}", {"items": ["有场所", "有制度"]})
    assert reworded.json()["items"] == ["有场所", "有制度"]
    assert admin.get(f"{API}/checklists").json()["count"] == 2


def test_members_read_the_lists_but_cannot_write(world):
    member = world.client(Role.MEMBER)
    assert member.get(f"{API}/stations").status_code == 200
    for path, body in [("/terms", {"start_year": 2027}), ("/special-committees", {"name": "x"})]:
        response = post(member, path, body)
        assert (response.status_code, response.json()["error"]["code"]) == (403, "permission.denied")
    assert patch(member, f"/special-committees/{world.special_committee.pk}", {"name": "y"}).status_code == 403
    assert SpecialCommittee.objects.get(pk=world.special_committee.pk).name == world.special_committee.name


def test_leaders_may_not_change_stations(world):
    leader = world.client(Role.LEADER)
    assert patch(leader, f"/stations/{world.station.pk}", {"name": "改名"}).status_code == 403
    assert post(leader, f"/stations/{world.station.pk}/rota", {"weekday": 0, "member_id": 1}).status_code == 403


def test_outsiders_get_404_for_this_committees_objects(world, outsider):
    client = outsider.client(Role.ADMIN)
    assert patch(client, f"/terms/{world.term.pk}", {"end_year": 2030}).status_code == 404
    assert patch(client, f"/special-committees/{world.special_committee.pk}", {"name": "x"}).status_code == 404
    assert patch(client, f"/sector-groups/{world.group.pk}", {"name": "x"}).status_code == 404
    assert patch(client, f"/stations/{world.station.pk}", {"name": "x"}).status_code == 404
    assert post(client, "/sessions", {"term_id": world.term.pk, "year": 2023}).status_code == 404
    assert (
        post(client, f"/stations/{outsider.station.pk}/rota", {"weekday": 0, "member_id": world.member.pk}).status_code
        == 404
    )
    assert Term.objects.get(pk=world.term.pk).end_year == 2026


def test_users_are_listed_with_roles_and_scopes(world, admin, outsider):
    data = admin.get(f"{API}/users").json()
    names = {u["username"] for u in data["items"]}
    assert world.users[Role.LEADER].username in names
    assert outsider.users[Role.ADMIN].username not in names
    assert world.client(Role.MEMBER_AFFAIRS).get(f"{API}/users").status_code == 403


def test_a_role_is_given_with_a_scope_and_taken_away(world, admin):
    staff = world.users[Role.COMMITTEE_STAFF]
    given = post(
        admin,
        f"/users/{staff.pk}/roles",
        {"role": "committee_staff", "special_committee_id": world.special_committee.pk},
    )
    assert given.status_code == 201
    assert given.json()["special_committee"]["id"] == world.special_committee.pk
    assert AuditEvent.objects.filter(action="user.role_assigned", object_id=str(staff.pk)).exists()
    again = post(
        admin,
        f"/users/{staff.pk}/roles",
        {"role": "committee_staff", "special_committee_id": world.special_committee.pk},
    )
    assert (again.status_code, again.json()["error"]["code"]) == (409, "user.role_exists")
    taken = admin.delete(f"{API}/users/{staff.pk}/roles/{given.json()['id']}")
    assert taken.status_code == 204
    assert not RoleAssignment.objects.filter(pk=given.json()["id"]).exists()


def test_an_account_is_deactivated_and_its_password_reset_over_the_api(world, admin):
    leader = world.users[Role.LEADER]
    ApiToken.issue(leader)
    assert patch(admin, f"/users/{leader.pk}", {"is_active": False}).json()["is_active"] is False
    assert not ApiToken.objects.filter(user=leader).exists()
    weak = post(admin, f"/users/{leader.pk}/password", {"password": "123"})
    assert (weak.status_code, weak.json()["error"]["code"]) == (400, "user.weak_password")
    assert "密码" in weak.json()["error"]["message"]
    assert post(admin, f"/users/{leader.pk}/password", {"password": "Lanting-2026-xu"}).status_code == 204
    assert User.objects.get(pk=leader.pk).check_password("Lanting-2026-xu")


def test_outsiders_cannot_touch_this_committees_accounts(world, outsider):
    client = outsider.client(Role.ADMIN)
    leader = world.users[Role.LEADER]
    role = RoleAssignment.objects.get(user=leader)
    assert post(client, f"/users/{leader.pk}/roles", {"role": "admin"}).status_code == 404
    assert client.delete(f"{API}/users/{leader.pk}/roles/{role.pk}").status_code == 404
    assert patch(client, f"/users/{leader.pk}", {"is_active": False}).status_code == 404
    assert post(client, f"/users/{leader.pk}/password", {"password": "Lanting-2026-xu"}).status_code == 404
    assert User.objects.get(pk=leader.pk).is_active
    assert RoleAssignment.objects.filter(pk=role.pk).exists()


def test_a_bearer_token_works_like_a_session(world):
    _token, raw = ApiToken.issue(world.users[Role.MEMBER_AFFAIRS])
    response = Client().get(f"{API}/special-committees", headers={"Authorization": f"Bearer {raw}"})
    assert response.json()["items"][0]["name"] == world.special_committee.name
