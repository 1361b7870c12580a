"""Mid-year nudges for members missing a minimum duty: from July, once a month, only those behind."""

import datetime
import io

from django.core.management import call_command

from lvzhi.assessment.services.nudges import KIND, send_nudges
from lvzhi.core.models import Notification
from lvzhi.ledger.services import DutyEntry, record_duties
from lvzhi.testing import make_member


def test_members_behind_hear_once_a_month_from_july(world):
    done = make_member(world, "王芳", user=True)
    entries = [
        DutyEntry(done, kind, role, datetime.date(2026, 3, 1), "事项")
        for kind, role in (("plenary", "present"), ("proposal", "first_proposer"), ("research", "present"))
    ]
    record_duties(committee=world.committee, entries=entries, recorded_by=None)
    assert send_nudges(world.committee, datetime.date(2026, 6, 30)) == 0
    assert send_nudges(world.committee, datetime.date(2026, 7, 1)) == 1
    assert send_nudges(world.committee, datetime.date(2026, 7, 20)) == 0
    (note,) = Notification.objects.filter(kind=KIND)
    assert note.user == world.member.user and "出席全体会议" in note.body
    assert note.url == "/assessment/me/"


def test_the_command_runs_for_every_committee(world, outsider):
    out = io.StringIO()
    call_command("assessment_nudges", stdout=out)
    assert f"{world.committee.name}：提醒" in out.getvalue() and f"{outsider.committee.name}：提醒" in out.getvalue()
