"""Reminders the working day before a deadline; the office told once a deadline has passed."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification
from lvzhi.liaison import services
from lvzhi.liaison.models import Letter
from lvzhi.liaison.queries import office_letters, overdue
from lvzhi.liaison.tests.factories import member_letter


def _due(letter: Letter, first: datetime.date, final: datetime.date) -> None:
    Letter.objects.filter(pk=letter.pk).update(first_response_due=first, final_due=final)


def test_the_member_is_reminded_before_the_first_response_is_due(world):
    letter = member_letter(world)
    today = timezone.localdate()
    _due(letter, today, today + datetime.timedelta(days=40))
    counts = services.send_letter_reminders(world.committee, today)
    assert (counts.reminded, counts.escalated) == (1, 0)
    assert Notification.objects.filter(user=world.member.user, kind="letter.due").count() == 1
    # Running again the same day does not remind twice.
    assert services.send_letter_reminders(world.committee, today).reminded == 0


def test_an_overdue_letter_is_escalated_to_the_office_once(world):
    letter = member_letter(world)
    today = timezone.localdate()
    _due(letter, today - datetime.timedelta(days=3), today + datetime.timedelta(days=20))
    assert list(overdue(office_letters(world.committee.pk), today)) == [letter]
    assert services.send_letter_reminders(world.committee, today).escalated == 1
    assert services.send_letter_reminders(world.committee, today).escalated == 0
    office = world.users[Role.MEMBER_AFFAIRS]
    assert Notification.objects.filter(user=office, kind="letter.overdue").count() == 1
    letter.refresh_from_db()
    assert letter.escalated_at is not None
    assert letter.events.filter(action="escalate").exists()


def test_an_answered_letter_is_left_alone(world):
    letter = member_letter(world)
    services.answer_letter(letter, answer="好的", actor=world.member.user, member=world.member)
    today = timezone.localdate()
    _due(letter, today - datetime.timedelta(days=3), today - datetime.timedelta(days=1))
    counts = services.send_letter_reminders(world.committee, today)
    assert (counts.reminded, counts.escalated) == (0, 0)


def test_the_command_runs_for_every_committee(world, capsys):
    letter = member_letter(world)
    today = timezone.localdate()
    _due(letter, today, today + datetime.timedelta(days=30))
    call_command("letter_reminders")
    assert "1" in capsys.readouterr().out
