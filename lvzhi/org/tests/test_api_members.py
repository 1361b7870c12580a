"""The member API: sectors, the directory, member records, lifecycle, history and Excel export."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent, User
from lvzhi.org import export
from lvzhi.org.models import Member, Membership, MembershipStatus, Sector, StatusChange
from lvzhi.testing import PASSWORD, World, make_member

API = "/api/v1"
VALID_ID = "11010519491231002X"
STATUS_BODY = {"status": "resigned", "effective_on": "2025-01-01", "decided_by": "常委会议"}
STAFF_ONLY = [
    ("post", "/members"),
    ("patch", "/members/{id}"),
    ("post", "/members/{id}/status"),
    ("get", "/members/{id}/history"),
    ("get", "/members/export.xlsx"),
    ("get", "/members/import/template.xlsx"),
    ("upload", "/members/import?dry_run=false"),
]


def call(world: World, role: str, method: str, path: str, body: dict | None = None):
    client = world.client(role)
    path = API + path.replace("{id}", str(world.member.pk))
    if method == "get":
        return client.get(path, body or {})
    if method == "upload":
        return client.post(path, {"file": SimpleUploadedFile("a.xlsx", export.template_workbook([]))})
    return getattr(client, method)(path, body or {}, content_type="application/json")


def new_member_body(world: World, **extra: object) -> dict:
    return {"name": "王芳", "gender": "female", "sector_id": world.sectors[2].pk, "phone": "13912345678", **extra}


# Sectors and the directory ------------------------------------------------------------------------


def test_sectors_are_the_current_terms_in_order(world):
    body = call(world, Role.MEMBER, "get", "/sectors").json()
    assert body["count"] == 23
    assert body["items"][0] == {"id": world.sectors[0].pk, "code": "S01", "name": "中共"}


def test_staff_see_the_directory_with_mobile_numbers(world):
    body = call(world, Role.LEADER, "get", "/members").json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row == {
        "id": world.member.pk,
        "name": "李明",
        "gender": "male",
        "sector": {"id": world.sectors[0].pk, "name": "中共"},
        "groups": [{"id": world.group.pk, "name": "经济界活动组"}],
        "is_standing_member": False,
        "status": "active",
        "mobile": world.member.mobile,
    }


def test_members_see_a_mobile_only_where_its_owner_agreed(world):
    make_member(world, "赵丽", mobile="13700000001", mobile_in_directory=True)
    make_member(world, "钱军", mobile="13700000002")
    rows = {r["name"]: r for r in call(world, Role.MEMBER, "get", "/members").json()["items"]}
    assert rows["赵丽"]["mobile"] == "13700000001"
    assert "mobile" not in rows["钱军"]


def test_members_do_not_see_departed_members_in_the_directory(world):
    gone = make_member(world, "孙亮", mobile="13700000003")
    Membership.objects.filter(member=gone).update(status=MembershipStatus.RESIGNED)
    names = [r["name"] for r in call(world, Role.MEMBER, "get", "/members").json()["items"]]
    assert "孙亮" not in names
    staff_names = [r["name"] for r in call(world, Role.MEMBER_AFFAIRS, "get", "/members").json()["items"]]
    assert "孙亮" in staff_names


def test_the_directory_filters_by_sector_pinyin_standing_and_pages(world):
    make_member(world, "张伟", sector=world.sectors[3])
    make_member(world, "张敏", sector=world.sectors[3])
    by_sector = call(world, Role.LEADER, "get", "/members", {"sector": world.sectors[3].pk}).json()
    assert by_sector["count"] == 2
    assert call(world, Role.LEADER, "get", "/members", {"q": "zw"}).json()["count"] == 1
    assert call(world, Role.LEADER, "get", "/members", {"standing": "true"}).json()["count"] == 0
    page = call(world, Role.LEADER, "get", "/members", {"page": 2, "page_size": 2}).json()
    assert page["count"] == 3 and len(page["items"]) == 1


def test_the_directory_costs_the_same_queries_for_one_member_or_fifty(world, django_assert_num_queries):
    client = world.client(Role.MEMBER_AFFAIRS)
    client.get(f"{API}/members")  # a new session is refreshed (saved) on its first request only
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{API}/members").json()["count"] == 1
    for i in range(49):
        make_member(world, f"委员{i}", mobile=f"137{i:08d}")
    with django_assert_num_queries(len(one)):
        assert len(client.get(f"{API}/members").json()["items"]) == 50


def test_handling_units_may_not_read_the_directory(world):
    assert call(world, Role.HANDLING_UNIT, "get", "/members").status_code == 403


# Creating a member --------------------------------------------------------------------------------


def test_member_affairs_add_a_member_to_the_current_term(world):
    response = call(world, Role.MEMBER_AFFAIRS, "post", "/members", new_member_body(world, number="0099"))
    assert response.status_code == 201
    body = response.json()
    member = Member.objects.get(pk=body["id"])
    assert (member.name, member.mobile, member.name_initials) == ("王芳", "13912345678", "wf")
    membership = member.memberships.get()
    assert (membership.term, membership.sector, membership.number) == (world.term, world.sectors[2], "0099")
    assert membership.joined_on == datetime.date(world.term.start_year, 1, 1)
    assert body["status"] == "active" and body["sector"]["id"] == world.sectors[2].pk
    assert AuditEvent.objects.filter(action="member.created", object_id=str(member.pk)).exists()


def test_a_member_added_later_in_the_term_is_recorded_as_added_with_a_login(world):
    body = new_member_body(world, joined_on="2024-06-01", username="wangfang", password="Qiang-mima-2026")
    response = call(world, Role.MEMBER_AFFAIRS, "post", "/members", body)
    assert response.status_code == 201
    assert response.json()["status"] == "added"
    user = User.objects.get(username="wangfang")
    assert user.check_password("Qiang-mima-2026") and user.member.name == "王芳"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"sector_id": 0}, "sector_id"),
    ],
)
def test_bad_member_fields_are_refused_with_a_chinese_message(world, extra, field):
    response = call(world, Role.MEMBER_AFFAIRS, "post", "/members", new_member_body(world, **extra))
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Member.objects.filter(name="王芳").exists()


def test_a_sector_of_another_committee_is_not_accepted(world, outsider):
    body = new_member_body(world, sector_id=outsider.sectors[0].pk)
    assert call(world, Role.MEMBER_AFFAIRS, "post", "/members", body).status_code == 400


# Reading a record ---------------------------------------------------------------------------------


def test_staff_who_may_see_sensitive_data_get_the_id_number(world):
    Member.objects.filter(pk=world.member.pk).update(id_number=VALID_ID)
    assert call(world, Role.MEMBER_AFFAIRS, "get", "/members/{id}").json()["id_number"] == VALID_ID
    leader = call(world, Role.LEADER, "get", "/members/{id}").json()
    assert leader["id_number"] is None and leader["name"] == "李明"


def test_a_member_reads_their_own_record_but_not_anothers(world):
    own = call(world, Role.MEMBER, "get", "/members/{id}").json()
    assert own["groups"] == [{"id": world.group.pk, "name": "经济界活动组", "role": "member"}]
    assert own["station"] == {"id": world.station.pk, "name": "城东委员工作室"}
    other = make_member(world, "周杰")
    response = world.client(Role.MEMBER).get(f"{API}/members/{other.pk}")
    assert response.status_code == 404


def test_handling_units_may_not_read_member_records(world):
    assert call(world, Role.HANDLING_UNIT, "get", "/members/{id}").status_code == 403


# Changing a record and its lifecycle --------------------------------------------------------------


def test_patch_changes_only_the_fields_sent_and_keeps_the_history(world):
    body = {"employer": "市第二医院", "sector_id": world.sectors[4].pk, "number": "0007", "phone": "13811112222"}
    response = call(world, Role.MEMBER_AFFAIRS, "patch", "/members/{id}", body)
    assert response.status_code == 200
    member = Member.objects.get(pk=world.member.pk)
    assert (member.employer, member.mobile, member.name) == ("市第二医院", "13811112222", "李明")
    membership = member.memberships.get()
    assert (membership.sector, membership.number) == (world.sectors[4], "0007")
    changes = AuditEvent.objects.get(action="member.updated").data["changes"]
    assert changes["employer"] == ["", "市第二医院"]
    assert changes["membership.sector"] == ["中共", world.sectors[4].name]
    history = call(world, Role.MEMBER_AFFAIRS, "get", "/members/{id}/history").json()
    assert history["items"][0]["action"] == "member.updated"


def test_patch_with_null_empties_text_but_leaves_required_fields_alone(world):
    Member.objects.filter(pk=world.member.pk).update(employer="市医院")
    response = call(world, Role.MEMBER_AFFAIRS, "patch", "/members/{id}", {"employer": None, "joined_on": None})
    assert response.status_code == 200
    assert Member.objects.get(pk=world.member.pk).employer == ""
    assert Membership.objects.get(member=world.member).joined_on == datetime.date(world.term.start_year, 1, 1)


def test_status_change_records_the_lifecycle_step(world):
    body = {"status": "resigned", "effective_on": "2025-03-01", "decided_by": "常委会第十次会议", "note": "工作调动"}
    response = call(world, Role.MEMBER_AFFAIRS, "post", "/members/{id}/status", body)
    assert response.status_code == 200
    assert response.json()["status"] == "resigned"
    step = StatusChange.objects.filter(membership__member=world.member).last()
    assert (step.from_status, step.to_status, step.decided_by) == ("active", "resigned", "常委会第十次会议")


def test_an_impossible_status_change_is_a_conflict(world):
    Membership.objects.filter(member=world.member).update(status=MembershipStatus.DECEASED)
    body = {"status": "active", "effective_on": "2025-03-01", "note": "更正"}
    response = call(world, Role.MEMBER_AFFAIRS, "post", "/members/{id}/status", body)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "member.bad_status_change"


# Export and template ------------------------------------------------------------------------------


def test_export_follows_the_filters_and_shows_id_numbers_only_to_who_may_see_them(world):
    Member.objects.filter(pk=world.member.pk).update(id_number=VALID_ID)
    make_member(world, "吴刚", sector=world.sectors[5])
    response = call(world, Role.MEMBER_AFFAIRS, "get", "/members/export.xlsx", {"sector": world.sectors[0].pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and "身份证号" in rows[0]
    assert rows[1][rows[0].index("身份证号")] == VALID_ID
    leader = call(world, Role.LEADER, "get", "/members/export.xlsx")
    headers = next(load_workbook(BytesIO(leader.content)).active.iter_rows(values_only=True))
    assert "身份证号" not in headers and "手机" in headers


def test_the_template_offers_the_terms_sectors_as_a_dropdown(world):
    response = call(world, Role.MEMBER_AFFAIRS, "get", "/members/import/template.xlsx")
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["委员名单", "选项", "填写说明"]
    assert workbook["选项"].sheet_state == "hidden"
    sectors = [c.value for c in workbook["选项"]["B"][1:] if c.value]
    assert sectors == list(Sector.objects.filter(term=world.term).values_list("name", flat=True))
    validated = {str(v.sqref).split(":")[0] for v in workbook["委员名单"].data_validations.dataValidation}
    assert {"C2", "D2"} <= validated


# Permissions and tenancy --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT])
@pytest.mark.parametrize(("method", "path"), STAFF_ONLY)
def test_members_and_handling_units_are_refused_staff_endpoints(world, role, method, path):
    before = (Member.objects.count(), AuditEvent.objects.count())
    body = {"/members": new_member_body(world), "/members/{id}/status": STATUS_BODY}.get(path, {"employer": "x"})
    assert call(world, role, method, path, None if method == "get" else body).status_code == 403
    assert (Member.objects.count(), AuditEvent.objects.count()) == before


def test_leaders_read_but_do_not_change_members(world):
    assert call(world, Role.LEADER, "get", "/members/{id}/history").status_code == 200
    assert call(world, Role.LEADER, "patch", "/members/{id}", {"employer": "x"}).status_code == 403
    assert call(world, Role.LEADER, "post", "/members", new_member_body(world)).status_code == 403


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MEMBER_AFFAIRS])
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/members/{id}", None),
        ("patch", "/members/{id}", {"employer": "x"}),
        ("post", "/members/{id}/status", STATUS_BODY),
        ("get", "/members/{id}/history", None),
    ],
)
def test_outsiders_get_404_for_every_member_of_another_committee(world, outsider, role, method, path, body):
    response = call(outsider, role, method, path.replace("{id}", str(world.member.pk)), body)
    assert response.status_code == 404
    assert Member.objects.get(pk=world.member.pk).employer == ""
    assert Membership.objects.get(member=world.member).status == MembershipStatus.ACTIVE


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER])
def test_outsider_readers_get_404_for_a_member_of_another_committee(world, outsider, role):
    assert call(outsider, role, "get", f"/members/{world.member.pk}").status_code == 404


def test_outsiders_do_not_see_another_committees_members_in_lists(world, outsider):
    names = [r["name"] for r in outsider.client(Role.ADMIN).get(f"{API}/members").json()["items"]]
    assert names == ["李明"]
    assert outsider.client(Role.ADMIN).get(f"{API}/members").json()["items"][0]["id"] == outsider.member.pk


def test_a_token_client_uses_the_same_rules(world):
    token = world.client(Role.MEMBER).post(
        f"{API}/auth/token",
        {"username": world.users[Role.MEMBER_AFFAIRS].username, "password": PASSWORD},
        content_type="application/json",
    )
    response = Client().get(f"{API}/members", headers={"Authorization": f"Bearer {token.json()['token']}"})
    assert response.status_code == 200 and response.json()["count"] == 1
