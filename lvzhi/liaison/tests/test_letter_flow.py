"""A letter's life: sorted, forwarded, replied, answered, rated; notices, ledger rows and the timeline."""

import datetime

import pytest

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import Notification
from lvzhi.core.workdays import add_working_days, working_days_between
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.liaison import services
from lvzhi.liaison.models import Letter, LetterEvent
from lvzhi.liaison.tests.factories import forwarded_letter, letter_input, member_letter, station_letter, unit_of
from lvzhi.testing import make_member

S = Letter.Status


def test_a_letter_to_a_member_goes_straight_to_the_member(world):
    letter = member_letter(world)
    assert letter.status == S.ASSIGNED
    assert letter.assignee == world.member
    assert Notification.objects.filter(user=world.member.user, kind="letter.assigned", source_id=letter.pk).exists()
    assert list(LetterEvent.objects.filter(letter=letter).values_list("action", flat=True)) == ["submit", "assign"]


def test_a_letter_to_a_station_waits_for_the_office(world):
    letter = station_letter(world)
    assert letter.status == S.SUBMITTED
    office = world.users[Role.MEMBER_AFFAIRS]
    assert Notification.objects.filter(user=office, kind="letter.submitted", source_id=letter.pk).exists()


def test_the_member_answers_and_it_counts_in_the_ledger(world):
    letter = member_letter(world)
    services.answer_letter(letter, answer="已联系社区，本周修复。", actor=world.member.user, member=world.member)
    letter.refresh_from_db()
    assert letter.status == S.ANSWERED
    assert letter.first_responded_at is not None
    row = DutyRecord.objects.get(member=world.member, kind=DutyKind.MAILBOX)
    assert (row.source_type, row.source_id) == ("liaison.letter", letter.pk)


def test_another_member_may_not_answer(world):
    letter = member_letter(world)
    other = make_member(world, "赵强", user=True)
    with pytest.raises(NotAllowed):
        services.answer_letter(letter, answer="答复", actor=other.user, member=other)


def test_an_empty_answer_is_refused_with_a_field_message(world):
    letter = member_letter(world)
    with pytest.raises(DomainError) as refused:
        services.answer_letter(letter, answer="  ", actor=world.member.user, member=world.member)
    assert (refused.value.message, refused.value.fields) == ("请填写答复内容", {"answer": ["此项为必填"]})


def test_forwarded_to_a_unit_replied_then_answered_and_rated(world):
    letter = forwarded_letter(world)
    unit_user = world.users[Role.HANDLING_UNIT]
    assert Notification.objects.filter(user=unit_user, kind="letter.forwarded").exists()
    services.unit_reply(letter, reply="路灯已更换", actor=unit_user, unit_ids=[letter.handling_unit_id])
    office = world.users[Role.MEMBER_AFFAIRS]
    services.answer_letter(letter, answer="经市住建局办理，路灯已更换。", actor=office, member=None)
    services.rate_letter(letter, rating=Letter.Rating.UNSATISFIED, comment="还是很暗")
    letter.refresh_from_db()
    assert letter.status == S.RATED
    assert not DutyRecord.objects.filter(kind=DutyKind.MAILBOX).exists()  # the office's answer is no member's duty
    assert Notification.objects.filter(user=office, kind="letter.unsatisfied").exists()


def test_a_unit_replies_only_to_its_own_letters(world):
    letter = forwarded_letter(world)
    other = unit_of(world, "市交通局")
    with pytest.raises(NotAllowed):
        services.unit_reply(letter, reply="不归我们", actor=world.users[Role.HANDLING_UNIT], unit_ids=[other.pk])


def test_closing_a_junk_letter_needs_a_note(world):
    letter = station_letter(world)
    office = world.users[Role.MEMBER_AFFAIRS]
    with pytest.raises(DomainError):
        services.close_letter(letter, note="", actor=office)
    services.close_letter(letter, note="广告信息", actor=office)
    letter.refresh_from_db()
    assert (letter.status, letter.close_note) == (S.CLOSED, "广告信息")


def test_a_lead_keeps_where_it_came_from(world):
    letter = member_letter(world)
    services.mark_lead(
        letter,
        kind="opinion",
        note="可整理成社情民意",
        actor=world.member.user,
        member=world.member,
        source_type="opinions.report",
        source_id=42,
    )
    letter.refresh_from_db()
    assert (letter.lead_kind, letter.lead_source_type, letter.lead_source_id) == ("opinion", "opinions.report", 42)


def test_publishing_needs_the_writers_consent(world):
    letter = station_letter(world, is_public=False)
    office = world.users[Role.MEMBER_AFFAIRS]
    services.answer_letter(letter, answer="已答复", actor=office, member=None)
    with pytest.raises(DomainError) as refused:
        services.publish_letter(letter, actor=office)
    assert refused.value.code == "letter.not_public"


def test_the_same_letter_sent_twice_is_stored_once(world):
    mailbox = services.mailbox_for(world.member)
    data = letter_input(title="重复提交")
    first, created = services.submit_letter(mailbox, data, sender="abc")
    again, created_again = services.submit_letter(mailbox, data, sender="abc")
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert Letter.objects.filter(title="重复提交").count() == 1


@pytest.mark.parametrize(
    ("phone", "ok"), [("13900001111", True), ("0571-87654321", True), ("12345", False), ("1390000111a", False)]
)
def test_phone_numbers(world, phone, ok):
    mailbox = services.mailbox_for(world.member)
    if ok:
        services.submit_letter(mailbox, letter_input(phone=phone))
    else:
        with pytest.raises(DomainError) as refused:
            services.submit_letter(mailbox, letter_input(phone=phone))
        assert "phone" in refused.value.fields


def test_deadlines_count_working_days_on_the_committees_calendar(world):
    # 2026-09-30: then the National Day holiday (Oct 1–7) and the make-up Saturday Oct 10.
    start = datetime.date(2026, 9, 30)
    assert add_working_days(world.committee, start, 5) == datetime.date(2026, 10, 13)
    assert working_days_between(world.committee, start, datetime.date(2026, 10, 13)) == 5
