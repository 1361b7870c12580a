"""Step 3: issues of 《社情民意》: numbered per year without gaps (also under concurrency), approved and signed off
before issue, printable and exported as .xlsx; issuing adopts each report at this committee's level."""

import threading
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import pytest
from django.db import connection
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.ledger.models import DutyRecord
from lvzhi.opinions import services
from lvzhi.opinions.models import Adoption, Bulletin, Opinion
from lvzhi.opinions.tests.factories import edited, office


def _through_sign_off(world, bulletin):
    services.approve_bulletin(bulletin, actor=office(world))
    services.sign_bulletin(bulletin, actor=world.users[Role.LEADER])
    return bulletin


def test_an_issue_goes_from_compiling_to_sign_off_to_issue_in_the_browser(world):
    report = edited(world)
    staff = world.client(Role.INFORMATION_OFFICE)
    staff.post(reverse("opinions:bulletin_create"), {"title": "社情民意", "editor_note": "", "opinions": [report.pk]})
    bulletin = Bulletin.objects.get()
    assert Opinion.objects.get(pk=report.pk).status == Opinion.Status.COMPILED
    staff.post(reverse("opinions:bulletin_action", args=[bulletin.pk, "approve"]))
    # Signing off is the leader's: the office cannot, the leader can.
    staff.post(reverse("opinions:bulletin_action", args=[bulletin.pk, "sign"]))
    assert Bulletin.objects.get().status == Bulletin.Status.APPROVED
    leader = world.client(Role.LEADER)
    assert report.title in leader.get(reverse("opinions:signing")).content.decode()
    leader.post(reverse("opinions:bulletin_signoff", args=[bulletin.pk, "sign"]))
    staff.post(reverse("opinions:bulletin_action", args=[bulletin.pk, "issue"]))
    bulletin.refresh_from_db()
    assert (bulletin.status, bulletin.number) == (Bulletin.Status.ISSUED, 1)
    report.refresh_from_db()
    assert report.status == Opinion.Status.ISSUED
    adoption = Adoption.objects.get(opinion=report)
    assert (adoption.level, adoption.mode, adoption.bulletin) == ("own", "single", bulletin)
    row = DutyRecord.objects.get(source_type="opinions.adoption", source_id=adoption.pk)
    assert (row.member, row.role) == (world.member, "adopted_own")
    printed = staff.get(reverse("opinions:bulletin_print", args=[bulletin.pk])).content.decode()
    assert "第1期" in printed and report.title in printed and "size: A4" in printed
    exported = staff.get(reverse("opinions:bulletin_export", args=[bulletin.pk]))
    sheet = load_workbook(BytesIO(exported.content)).active
    assert sheet["B3"].value == report.title


def test_numbers_follow_issue_order_within_a_year_and_restart_the_next(world):
    first = services.create_bulletin(committee=world.committee, opinions=[edited(world)], actor=office(world))
    second = services.create_bulletin(committee=world.committee, opinions=[edited(world)], actor=office(world))
    dropped = services.create_bulletin(committee=world.committee, opinions=[edited(world)], actor=office(world))
    services.discard_bulletin(dropped, actor=office(world))  # never numbered: no gap
    next_year = services.create_bulletin(
        committee=world.committee, opinions=[edited(world)], actor=office(world), year=2099
    )
    for bulletin in (second, first, next_year):
        services.issue_bulletin(_through_sign_off(world, bulletin), actor=office(world))
    numbers = {b.pk: b.number for b in Bulletin.objects.all()}
    assert (numbers[second.pk], numbers[first.pk], numbers[next_year.pk], numbers[dropped.pk]) == (1, 2, 1, None)


def test_an_empty_issue_cannot_be_approved(world):
    bulletin = services.create_bulletin(committee=world.committee, opinions=[edited(world)], actor=office(world))
    services.update_bulletin(bulletin, actor=office(world), remove=list(bulletin.opinions.all()))
    with pytest.raises(DomainError) as raised:
        services.approve_bulletin(bulletin, actor=office(world))
    assert raised.value.message == "本期没有编入任何信息"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_issues_signed_at_once_take_consecutive_numbers(world):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locks")
    bulletins = [
        _through_sign_off(
            world, services.create_bulletin(committee=world.committee, opinions=[edited(world)], actor=office(world))
        )
        for _ in range(12)
    ]
    start = threading.Barrier(len(bulletins))

    def issue(bulletin):
        start.wait()
        try:
            with scope(committee=world.committee):
                return services.issue_bulletin(bulletin, actor=office(world)).number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(bulletins)) as pool:
        numbers = list(pool.map(issue, bulletins))
    assert sorted(numbers) == list(range(1, 13))


def test_an_authors_formula_stays_text_in_the_exported_issue(world):
    opinion = services.submit_opinion(
        committee=world.committee,
        user=world.member.user,
        draft=services.Draft('=HYPERLINK("http://x","点此")', TEXT_WITH_FORMULA, "society"),
    )
    opinion = services.edit_opinion(
        opinion, draft=services.Draft(opinion.title, TEXT_WITH_FORMULA, "society"), actor=office(world)
    )
    bulletin = services.create_bulletin(committee=world.committee, opinions=[opinion], actor=office(world))
    exported = world.client(Role.INFORMATION_OFFICE).get(reverse("opinions:bulletin_export", args=[bulletin.pk]))
    sheet = load_workbook(BytesIO(exported.content)).active
    assert (sheet["B3"].value, sheet["B3"].data_type) == ('=HYPERLINK("http://x","点此")', "s")
    assert sheet["F3"].data_type == "s" and sheet["F3"].value.startswith("+")


TEXT_WITH_FORMULA = "+" + "某街道老旧小区加装电梯推进缓慢，居民意见较大。建议简化审批流程、明确资金分摊办法。"
