"""Creating and editing a member record: the record, the current term's tenure and seats, an optional login."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent, User
from lvzhi.org.models import GroupSeat, Member, Membership, MembershipStatus, SpecialCommitteeSeat
from lvzhi.testing import make_member

CREATE = reverse("org:member_create")


@pytest.fixture
def new_member(world):
    """What a staff member types for a new member, seated in the world's special committee and group."""
    return {
        "name": "张伟",
        "gender": "male",
        "ethnicity": "汉族",
        "political_affiliation": "12",
        "employer": "示范大学",
        "mobile": "13900000001",
        "id_number": "33010219900101104x",
        "number": "0101",
        "sector": world.sectors[2].pk,
        "appointment": "new",
        "is_standing_member": "on",
        "station": world.station.pk,
        "special_committees": [world.special_committee.pk],
        "groups": [world.group.pk],
    }


def edit_url(member):
    return reverse("org:member_edit", args=[member.pk])


def test_create_saves_record_tenure_seats_and_redirects_to_it(world, new_member):
    response = world.client(Role.MEMBER_AFFAIRS).post(CREATE, new_member)
    member = Member.objects.get(name="张伟")
    assert response.status_code == 302
    assert response.url == reverse("org:member_detail", args=[member.pk])
    assert (member.name_initials, member.id_number, member.user) == ("zw", "33010219900101104X", None)
    membership = member.memberships.get()
    assert (membership.term, membership.sector, membership.number) == (world.term, world.sectors[2], "0101")
    assert membership.is_standing_member and membership.station == world.station
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.joined_on.year == world.term.start_year
    assert SpecialCommitteeSeat.objects.get(membership=membership).role == SpecialCommitteeSeat.Role.MEMBER
    assert GroupSeat.objects.get(membership=membership).group == world.group
    assert AuditEvent.objects.filter(object_id=str(member.pk), action="member.created").exists()


def test_create_with_a_login(world, new_member):
    world.client(Role.ADMIN).post(CREATE, {**new_member, "username": "zhangwei", "password": "Lvzhi-2026-pw"})
    user = User.objects.get(username="zhangwei")
    assert Member.objects.get(name="张伟").user == user
    assert user.check_password("Lvzhi-2026-pw")


def test_joining_after_the_first_plenary_is_recorded_as_added(world, new_member):
    world.client(Role.MEMBER_AFFAIRS).post(CREATE, {**new_member, "joined_on": f"{world.term.start_year + 1}-06-01"})
    assert Membership.objects.get(member__name="张伟").status == MembershipStatus.ADDED


def test_a_taken_number_is_refused_in_chinese_and_nothing_typed_is_lost(world, new_member):
    Membership.objects.filter(member=world.member).update(number="0101")
    response = world.client(Role.MEMBER_AFFAIRS).post(CREATE, new_member)
    assert response.status_code == 200
    html = response.content.decode()
    assert "委员编号已存在" in html
    assert 'value="张伟"' in html and 'value="示范大学"' in html and 'value="0101"' in html
    assert not Member.objects.filter(name="张伟").exists()


def test_bad_input_gets_chinese_messages(world, new_member):
    bad = {**new_member, "name": "", "mobile": "12345", "id_number": "123", "sector": ""}
    response = world.client(Role.MEMBER_AFFAIRS).post(CREATE, bad)
    html = response.content.decode()
    assert "手机号应为以1开头的11位数字" in html
    assert "身份证号应为18位" in html
    assert "此项必填" in html
    assert 'value="示范大学"' in html
    assert not Member.objects.filter(employer="示范大学").exists()


@pytest.mark.parametrize("phone", ["0571-88881234", "(0571) 8888 1234", "+86 571 88881234 分机 12", "88881234转6"])
def test_an_office_phone_takes_digits_and_common_separators(world, new_member, phone):
    response = world.client(Role.MEMBER_AFFAIRS).post(CREATE, {**new_member, "office_phone": phone})
    assert response.status_code == 302
    assert Member.objects.get(name="张伟").office_phone == phone


def test_words_in_the_office_phone_or_a_bad_email_get_clear_messages(world, new_member):
    bad = {**new_member, "office_phone": "abc", "email": "not-an-address", "mobile": "12812345678"}
    html = world.client(Role.MEMBER_AFFAIRS).post(CREATE, bad).content.decode()
    assert "办公电话只能包含数字" in html
    assert "请输入有效的电子邮箱地址" in html
    assert "手机号应为以1开头的11位数字" in html
    assert not Member.objects.filter(name="张伟").exists()


def test_a_login_needs_both_fields_and_a_strong_password(world, new_member):
    client = world.client(Role.MEMBER_AFFAIRS)
    html = client.post(CREATE, {**new_member, "username": "zhangwei"}).content.decode()
    assert "设置登录账号时请填写初始密码" in html
    response = client.post(CREATE, {**new_member, "username": "zhangwei", "password": "12345678"})
    assert response.status_code == 200
    assert 'value="zhangwei"' in response.content.decode()
    assert not Member.objects.filter(name="张伟").exists()
    assert not User.objects.filter(username="zhangwei").exists()


def test_a_sector_of_another_committee_is_refused(world, outsider, new_member):
    response = world.client(Role.MEMBER_AFFAIRS).post(CREATE, {**new_member, "sector": outsider.sectors[0].pk})
    assert response.status_code == 200
    assert not Member.objects.filter(name="张伟").exists()


def test_edit_shows_the_record_and_saves_changes_with_history(world):
    member = make_member(world, "张伟", employer="示范大学")
    client = world.client(Role.MEMBER_AFFAIRS)
    page = client.get(edit_url(member)).content.decode()
    assert 'value="示范大学"' in page
    data = {
        "name": "张伟",
        "gender": "male",
        "political_affiliation": "13",
        "employer": "示范医院",
        "number": "0200",
        "sector": world.sectors[1].pk,
        "appointment": "reappointed",
        "joined_on": f"{world.term.start_year}-01-01",
        "groups": [world.group.pk],
    }
    response = client.post(edit_url(member), data)
    assert response.status_code == 302
    member.refresh_from_db()
    membership = member.memberships.get()
    assert member.employer == "示范医院"
    assert (membership.number, membership.sector, membership.appointment) == ("0200", world.sectors[1], "reappointed")
    assert list(membership.sector_groups.all()) == [world.group]
    changes = AuditEvent.objects.get(object_id=str(member.pk), action="member.updated").data["changes"]
    assert changes["employer"] == ["示范大学", "示范医院"]
    assert "membership.number" in changes
    assert AuditEvent.objects.filter(object_id=str(member.pk), action="member.seats_changed").exists()


def test_edit_keeps_a_seats_role_and_removes_unticked_seats(world):
    membership = world.member.memberships.get()
    GroupSeat.objects.filter(membership=membership).update(role=GroupSeat.Role.CONVENOR)
    client = world.client(Role.MEMBER_AFFAIRS)
    data = {
        "name": "李明",
        "gender": "male",
        "political_affiliation": "13",
        "sector": membership.sector_id,
        "appointment": "new",
        "joined_on": membership.joined_on.isoformat(),
        "mobile": world.member.mobile,
        "groups": [world.group.pk],
        "station": world.station.pk,
    }
    assert client.post(edit_url(world.member), data).status_code == 302
    assert GroupSeat.objects.get(membership=membership).role == GroupSeat.Role.CONVENOR
    assert not SpecialCommitteeSeat.objects.filter(membership=membership).exists()


def test_get_does_not_write(world):
    before = AuditEvent.objects.count()
    world.client(Role.MEMBER_AFFAIRS).get(CREATE)
    world.client(Role.MEMBER_AFFAIRS).get(edit_url(world.member))
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER, Role.HANDLING_UNIT])
def test_roles_without_the_capability_get_403(world, new_member, role):
    client = world.client(role)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, new_member).status_code == 403
    assert client.post(edit_url(world.member), {"name": "改名"}).status_code == 403
    assert not Member.objects.filter(name__in=["张伟", "改名"]).exists()


def test_outsiders_get_404(world, outsider):
    client = outsider.client(Role.ADMIN)
    assert client.get(edit_url(world.member)).status_code == 404
    assert client.post(edit_url(world.member), {"name": "改名"}).status_code == 404
    world.member.refresh_from_db()
    assert world.member.name == "李明"
