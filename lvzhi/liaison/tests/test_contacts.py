"""联系界别群众: standing contacts, the contact log and its ledger rows, coverage, reminders, screens and API."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import Notification
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.liaison.models import ContactLog
from lvzhi.liaison.queries_contacts import coverage_for_members, coverage_report, quarter_of, quarter_span
from lvzhi.liaison.services import contacts as services
from lvzhi.testing import make_member, tile

API = "/api/v1"


def _three(world):
    user = world.member.user
    return [
        services.add_contact(world.member, name=name, occupation="个体工商户", actor=user)
        for name in ("张三", "李四", "王五")
    ]


def _log(world, contact, day=None):
    return services.log_contact(
        world.member,
        contact=contact,
        date=day or timezone.localdate(),
        mode="visit",
        topics="营商环境",
        issues="办证跑腿多",
        outcome="opinion_lead",
        actor=world.member.user,
    )


def test_quarters():
    assert quarter_of(datetime.date(2026, 5, 20)) == (2026, 2)
    assert quarter_span(2026, 4) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert quarter_span(2026, 1) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def test_a_logged_contact_is_a_ledger_row_voided_when_deleted(world):
    contact = _three(world)[0]
    log = _log(world, contact)
    row = DutyRecord.objects.get(member=world.member, kind=DutyKind.CONTACT)
    assert (row.source_type, row.source_id) == ("liaison.contactlog", log.pk)
    services.delete_contact_log(log, member=world.member, actor=world.member.user)
    row.refresh_from_db()
    assert row.status == "voided"


def test_bad_logs_are_refused_with_field_messages(world):
    contact = _three(world)[0]
    with pytest.raises(DomainError) as refused:
        services.log_contact(
            world.member,
            contact=contact,
            date=timezone.localdate() + datetime.timedelta(days=3),
            mode="fax",
            topics="",
            actor=world.member.user,
        )
    assert set(refused.value.fields) == {"date", "mode", "topics"}
    other = make_member(world, "赵强", user=True)
    with pytest.raises(NotAllowed):
        services.log_contact(
            other, contact=contact, date=timezone.localdate(), mode="phone", topics="x", actor=other.user
        )


def test_coverage_needs_three_contacts_each_reached_in_the_quarter(world):
    contacts = _three(world)
    year, quarter = quarter_of(timezone.localdate())
    assert coverage_for_members([world.member], year, quarter)[0].due_names == ["张三", "李四", "王五"]
    for contact in contacts[:2]:
        _log(world, contact)
    row = coverage_for_members([world.member], year, quarter)[0]
    assert (row.contacted, row.ok, row.due_names) == (2, False, ["王五"])
    _log(world, contacts[2])
    assert coverage_for_members([world.member], year, quarter)[0].ok


def test_coverage_by_group_and_station(world):
    for contact in _three(world):
        _log(world, contact)
    make_member(world, "赵强")
    year, quarter = quarter_of(timezone.localdate())
    members, groups, stations = coverage_report(world.term, year, quarter)
    assert sorted((r.member.name, r.ok) for r in members) == [("李明", True), ("赵强", False)]
    assert [(g.name, g.members, g.ok) for g in groups] == [("经济界活动组", 1, 1)]
    assert [(s.name, s.members, s.ok) for s in stations] == [("城东委员工作室", 1, 1)]


def test_members_short_of_the_rule_are_reminded_once_before_the_quarter_ends(world):
    _three(world)
    year, quarter = quarter_of(timezone.localdate())
    end = quarter_span(year, quarter)[1]
    assert services.send_contact_reminders(world.committee, end - datetime.timedelta(days=30)) == 0
    assert services.send_contact_reminders(world.committee, end - datetime.timedelta(days=5)) == 1
    assert services.send_contact_reminders(world.committee, end - datetime.timedelta(days=4)) == 0
    note = Notification.objects.get(user=world.member.user, kind="contact.due")
    assert "张三" in note.body
    call_command("contact_reminders")


def test_the_member_keeps_contacts_and_logs_on_their_screen(world):
    client = world.client(Role.MEMBER)
    url = reverse("liaison:my_contacts")
    assert client.post(url, {"contact-name": "", "contact-occupation": ""}).status_code == 200
    for name in ("张三", "李四", "王五"):
        assert client.post(url, {"contact-name": name, "contact-occupation": "教师"}).status_code == 302
    contact = world.member.standing_contacts.first()
    response = client.post(
        reverse("liaison:contact_log_add"),
        {
            "log-contact": contact.pk,
            "log-date": timezone.localdate().isoformat(),
            "log-mode": "phone",
            "log-topics": "课后服务",
            "log-outcome": "answered",
        },
    )
    assert response.status_code == 302
    page = client.get(url)
    assert page.context["coverage"].contacted == 1
    home = world.client(Role.MEMBER).get(reverse("portal:member_home"))
    assert tile(home, "liaison.contacts")["due_names"] == ["李四", "王五"]


def test_the_office_and_a_convenor_see_coverage(world):
    for contact in _three(world):
        _log(world, contact)
    office = world.client(Role.MEMBER_AFFAIRS).get(reverse("liaison:contact_coverage"))
    assert office.context["ok_count"] == 1
    assert world.client(Role.MEMBER).get(reverse("liaison:contact_coverage")).status_code == 403


def test_the_contacts_api(world, outsider):
    client = world.client(Role.MEMBER)
    created = client.post(f"{API}/me/contacts", {"name": "张三", "occupation": "医生"}, content_type="application/json")
    assert created.status_code == 201
    contact_id = created.json()["id"]
    log = client.post(
        f"{API}/me/contact-logs",
        {"contact_id": contact_id, "date": timezone.localdate().isoformat(), "mode": "online", "topics": "医保"},
        content_type="application/json",
    )
    assert log.status_code == 201
    assert [row["topics"] for row in client.get(f"{API}/me/contact-logs").json()] == ["医保"]
    coverage = world.client(Role.MEMBER_AFFAIRS).get(f"{API}/contact-coverage").json()
    assert coverage["members"][0]["contacted"] == 1
    assert (
        outsider.client(Role.MEMBER)
        .post(
            f"{API}/me/contact-logs",
            {"contact_id": contact_id, "date": "2026-01-05", "mode": "online", "topics": "x"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    assert client.delete(f"{API}/me/contact-logs/{log.json()['id']}").status_code == 204
    assert not ContactLog.objects.exists()
