"""Staff keep the ledger: they add a line for a member and void one with a reason, both audited and both in
the member's own ledger; a convenor scoped to a sector group keeps only its members' ledgers."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import AuditEvent, Notification, RoleAssignment
from lvzhi.ledger import services as ledger
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.testing import make_member, make_user

API = "/api/v1/duty-records"
LINE = {
    "kind": "inspection",
    "role": "participant",
    "date": "2025-05-20",
    "title": "河道治理视察",
    "evidence": "签到表",
}


@pytest.fixture
def convenor(world):
    user = make_user(world.committee, Role.GROUP_CONVENOR)
    RoleAssignment.objects.filter(user=user).update(sector_group=world.group)
    return user


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def add(world, **extra):
    return ledger.record_by_staff(
        member=world.member,
        kind=DutyKind.INSPECTION,
        role=DutyRole.PARTICIPANT,
        event_date=datetime.date(2025, 5, 20),
        title="河道治理视察",
        evidence="签到表",
        actor=world.users[Role.MEMBER_AFFAIRS],
        **extra,
    )


def test_a_staff_line_counts_at_once_is_audited_and_tells_the_member(world):
    record = add(world)
    assert (record.status, record.recorded_by, record.confirmed_by) == (
        DutyRecord.Status.CONFIRMED,
        world.users[Role.MEMBER_AFFAIRS],
        world.users[Role.MEMBER_AFFAIRS],
    )
    assert record.recorded_by_dept == ledger.STAFF_DEPT and not record.self_reported
    audit = AuditEvent.objects.get(action="duty.recorded", object_id=str(record.pk))
    assert audit.actor == world.users[Role.MEMBER_AFFAIRS]
    assert Notification.objects.filter(user=world.member.user, title__contains="河道治理视察").exists()


def test_a_void_keeps_the_line_with_its_reason_and_is_audited(world):
    record = ledger.void_by_staff(add(world), actor=world.users[Role.MEMBER_AFFAIRS], reason="重复录入")
    assert (record.status, record.void_reason) == (DutyRecord.Status.VOIDED, "重复录入")
    audit = AuditEvent.objects.get(action="duty.voided", object_id=str(record.pk))
    assert audit.data["reason"] == "重复录入" and audit.actor == world.users[Role.MEMBER_AFFAIRS]
    with pytest.raises(DomainError) as exc:
        ledger.void_by_staff(record, actor=world.users[Role.MEMBER_AFFAIRS], reason="再次")
    assert exc.value.code == "duty.not_voidable"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"title": " "}, "duty.title_required"),
        ({"kind": "nonsense"}, "duty.bad_kind"),
        ({"role": "nonsense"}, "duty.bad_role"),
        ({"event_date": timezone.localdate() + datetime.timedelta(days=1)}, "duty.future_date"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(world, change, code):
    data = {
        "member": world.member,
        "kind": DutyKind.INSPECTION,
        "role": DutyRole.PARTICIPANT,
        "event_date": datetime.date(2025, 5, 20),
        "title": "视察",
        "actor": world.users[Role.MEMBER_AFFAIRS],
        **change,
    }
    with pytest.raises(DomainError) as exc:
        ledger.record_by_staff(**data)
    assert exc.value.code == code and exc.value.message
    assert not DutyRecord.objects.exists()


def test_a_void_needs_a_reason(world):
    record = add(world)
    with pytest.raises(DomainError) as exc:
        ledger.void_by_staff(record, actor=world.users[Role.MEMBER_AFFAIRS], reason="  ")
    assert exc.value.code == "duty.reason_required"
    assert DutyRecord.objects.get(pk=record.pk).status == DutyRecord.Status.CONFIRMED


def test_a_scoped_convenor_keeps_only_their_groups_members(world, convenor):
    outside = make_member(world, "周杰", user=True)
    with pytest.raises(NotAllowed) as exc:
        ledger.record_by_staff(
            member=outside,
            kind="inspection",
            role="participant",
            event_date=datetime.date(2025, 5, 1),
            title="视察",
            actor=convenor,
        )
    assert exc.value.code == "duty.not_in_scope"
    inside = ledger.record_by_staff(
        member=world.member,
        kind="inspection",
        role="participant",
        event_date=datetime.date(2025, 5, 1),
        title="视察",
        actor=convenor,
    )
    assert inside.status == DutyRecord.Status.CONFIRMED
    other_line = ledger.record_by_staff(
        member=outside,
        kind="inspection",
        role="participant",
        event_date=datetime.date(2025, 5, 1),
        title="视察",
        actor=world.users[Role.MEMBER_AFFAIRS],
    )
    with pytest.raises(NotAllowed):
        ledger.void_by_staff(other_line, actor=convenor, reason="错录")
    assert client_of(convenor).get(reverse("ledger:add", args=[outside.pk])).status_code == 404


def test_a_member_cannot_keep_anyones_ledger(world):
    with pytest.raises(NotAllowed):
        ledger.record_by_staff(
            member=world.member,
            kind="inspection",
            role="participant",
            event_date=datetime.date(2025, 5, 1),
            title="视察",
            actor=world.member.user,
        )


# The API, in the shapes.


def test_the_api_records_a_line_for_a_member_and_voids_it_and_the_member_sees_both(world):
    staff = world.client(Role.MEMBER_AFFAIRS)
    response = staff.post(API, {**LINE, "member_id": world.member.pk}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["recorded_by_id"], body["self_reported"]) == (
        "confirmed",
        world.users[Role.MEMBER_AFFAIRS].pk,
        False,
    )
    other = staff.post(
        API, {**LINE, "title": "重复的视察", "member_id": world.member.pk}, content_type="application/json"
    )
    voided = staff.post(f"{API}/{other.json()['id']}/void", {"reason": "重复录入"}, content_type="application/json")
    assert (voided.status_code, voided.json()["status"], voided.json()["void_reason"]) == (200, "voided", "重复录入")
    mine = world.client(Role.MEMBER).get(f"/api/v1/members/{world.member.pk}/duty-records").json()
    assert {(i["title"], i["status"]) for i in mine["items"]} == {
        ("河道治理视察", "confirmed"),
        ("重复的视察", "voided"),
    }


def test_without_member_id_it_stays_a_self_report(world):
    response = world.client(Role.MEMBER).post(
        API,
        {"kind": "public_service", "title": "义诊", "date": "2025-05-01", "evidence": "照片"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["status"], response.json()["self_reported"]) == (
        201,
        "pending",
        True,
    )


def test_the_api_refuses_members_handling_units_and_another_committee(world, outsider):
    body = {**LINE, "member_id": world.member.pk}
    refused = world.client(Role.MEMBER).post(API, body, content_type="application/json")
    assert refused.status_code == 403
    assert world.client(Role.HANDLING_UNIT).post(API, body, content_type="application/json").status_code == 403
    assert outsider.client(Role.MEMBER_AFFAIRS).post(API, body, content_type="application/json").status_code == 404
    record = add(world)
    void = outsider.client(Role.MEMBER_AFFAIRS).post(
        f"{API}/{record.pk}/void", {"reason": "x"}, content_type="application/json"
    )
    assert void.status_code == 404
    assert (
        world.client(Role.MEMBER)
        .post(f"{API}/{record.pk}/void", {"reason": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    assert DutyRecord.objects.get(pk=record.pk).status == DutyRecord.Status.CONFIRMED


def test_the_api_says_what_is_wrong_with_a_future_date(world):
    body = {**LINE, "member_id": world.member.pk, "date": str(timezone.localdate() + datetime.timedelta(days=3))}
    response = world.client(Role.MEMBER_AFFAIRS).post(API, body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"] == "duty.future_date"


# The screens.


def test_staff_add_a_line_on_the_members_ledger_page_and_void_it(world):
    staff = world.client(Role.MEMBER_AFFAIRS)
    page = staff.get(reverse("ledger:member", args=[world.member.pk]))
    assert reverse("ledger:add", args=[world.member.pk]) in page.content.decode()
    response = staff.post(
        reverse("ledger:add", args=[world.member.pk]),
        {"kind": "inspection", "role": "participant", "event_date": "2025-05-20", "title": "河道治理视察"},
    )
    assert response.status_code == 302
    record = DutyRecord.objects.get(title="河道治理视察")
    page = staff.get(response.url)
    assert "河道治理视察" in page.content.decode() and reverse("ledger:void", args=[record.pk]) in page.content.decode()
    staff.post(reverse("ledger:void", args=[record.pk]), {"reason": "录错了人"})
    record.refresh_from_db()
    assert (record.status, record.void_reason) == (DutyRecord.Status.VOIDED, "录错了人")
    mine = world.client(Role.MEMBER).get(reverse("ledger:mine") + "?year=2025").content.decode()
    assert "河道治理视察" in mine and "录错了人" in mine


def test_the_form_shows_a_bad_date_and_keeps_what_was_typed(world):
    staff = world.client(Role.MEMBER_AFFAIRS)
    future = timezone.localdate() + datetime.timedelta(days=2)
    response = staff.post(
        reverse("ledger:add", args=[world.member.pk]),
        {"kind": "inspection", "role": "participant", "event_date": future.isoformat(), "title": "未来的视察"},
    )
    assert response.status_code == 200
    assert "日期不能晚于今天" in response.content.decode() and "未来的视察" in response.content.decode()
    assert not DutyRecord.objects.exists()


def test_a_void_without_reason_says_so_on_the_page(world):
    record = add(world)
    staff = world.client(Role.MEMBER_AFFAIRS)
    response = staff.post(reverse("ledger:void", args=[record.pk]), {"reason": ""}, follow=True)
    assert "作废须说明原因" in response.content.decode()
    assert DutyRecord.objects.get(pk=record.pk).status == DutyRecord.Status.CONFIRMED


def test_members_and_readers_do_not_get_the_staff_screens(world):
    record = add(world)
    assert world.client(Role.MEMBER).get(reverse("ledger:add", args=[world.member.pk])).status_code == 403
    assert world.client(Role.LEADER).post(reverse("ledger:void", args=[record.pk]), {"reason": "x"}).status_code == 403
    page = world.client(Role.LEADER).get(reverse("ledger:member", args=[world.member.pk])).content.decode()
    assert reverse("ledger:add", args=[world.member.pk]) not in page
