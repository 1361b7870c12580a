"""The staff member page links to the member's duty ledger (履职档案) and counts this year's records."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.ledger import services as ledger
from lvzhi.ledger.taxonomy import DutyKind, DutyRole


@pytest.fixture
def records(world):
    """Two confirmed rows this year, one voided, one pending self-report, and one row last year."""
    today = timezone.localdate()

    def record(title, on=today):
        return ledger.record_duty(
            committee=world.committee,
            member=world.member,
            kind=DutyKind.RESEARCH,
            role=DutyRole.PRESENT,
            event_date=on,
            title=title,
            recorded_by=None,
        )

    record("调研一")
    record("调研二")
    ledger.void_duty(record("录错的"), actor=None, reason="重复")
    record("去年的调研", on=datetime.date(today.year - 1, 6, 1))
    ledger.self_report_duty(
        member=world.member,
        kind=DutyKind.PUBLIC_SERVICE,
        title="义诊",
        event_date=today,
        evidence="照片",
        actor=world.member.user,
    )


def detail(world, role):
    return world.client(role).get(reverse("org:member_detail", args=[world.member.pk]))


def test_staff_see_this_years_count_and_the_link_to_the_ledger(world, records):
    response = detail(world, Role.LEADER)
    html = response.content.decode()
    year = timezone.localdate().year
    assert response.context["panels"][0]["context"] == {"year": year, "total": 3, "confirmed": 2}
    assert f"{reverse('ledger:member', args=[world.member.pk])}?year={year}" in html
    assert 'data-testid="ledger-count">3<' in html


def test_the_link_opens_the_members_ledger(world, records):
    response = world.client(Role.LEADER).get(reverse("ledger:member", args=[world.member.pk]))
    assert response.status_code == 200 and "调研一" in response.content.decode()


def test_a_member_on_their_own_record_sees_no_staff_ledger_link(world, records):
    html = detail(world, Role.MEMBER).content.decode()
    assert reverse("ledger:member", args=[world.member.pk]) not in html


def test_the_member_page_stays_within_its_query_budget(world, records, django_assert_max_num_queries):
    client = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("org:member_detail", args=[world.member.pk])).status_code == 200
