"""The members' check (核对) of a frozen year and the office's re-check: confirming, disputing with evidence, keeping,
correcting (a dispute that changes the score), and the window's limits."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.assessment.models import AssessmentYear, LineCheck, Score
from lvzhi.assessment.services import cycle, disputes
from lvzhi.assessment.tests.cycle_factories import THREE_ONES, YEAR, lines, office, year_in
from lvzhi.assessment.transitions import CHECK, CHECK_MOVES
from lvzhi.core.errors import Conflict, NotAllowed, Unprocessable
from lvzhi.core.models import AuditEvent, Notification
from lvzhi.core.workflow import NEW, workflow_cases
from lvzhi.ledger.models import DutyRecord
from lvzhi.testing import make_member

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def frozen(world):
    """The world's member with the 三个一 year plus a plenary half-day wrongly recorded as an unexcused absence."""
    rows = lines(world, world.member, *THREE_ONES, ("plenary", "absent"))
    return year_in(world, "checking"), rows


def score(assessment, member) -> float:
    return float(Score.objects.get(assessment=assessment, member=member).score)


def test_the_member_sees_every_line_with_its_points_and_the_frozen_score(world, frozen):
    assessment, rows = frozen
    mine = disputes.my_year(assessment, world.member)
    assert [line.record.pk for line in mine.lines] == [r.pk for r in sorted(rows, key=lambda r: (r.event_date, r.pk))]
    by_kind = {(line.record.kind, line.record.role): line.points for line in mine.lines}
    # B1: 30 × 1 of 2 half-days = 15 (one attended); N1: −10 for the unexcused absence
    assert by_kind[("plenary", "present")] == 15 and by_kind[("plenary", "absent")] == -10
    assert sum(line.points for line in mine.lines) == score(assessment, world.member) == 45
    assert (mine.unchecked, mine.band_label) == (len(rows), "不称职")


def test_a_dispute_the_office_corrects_changes_the_score_and_tells_the_member(world, frozen):
    assessment, rows = frozen
    absent = next(r for r in rows if r.role == "absent")
    check = disputes.dispute_line(
        assessment,
        absent,
        actor=world.member.user,
        reason="当天下午我在会场，签到表可证",
        evidence_file=SimpleUploadedFile("签到表.pdf", PDF),
    )
    absent.refresh_from_db()
    assert (check.status, absent.status) == ("open", DutyRecord.Status.DISPUTED)
    assert check.evidence_file.name.endswith(".pdf")
    assert score(assessment, world.member) == 45  # a disputed line keeps counting until the office decides

    replacement = disputes.Replacement("plenary", "present")
    check = disputes.correct(check, actor=office(world), note="经核签到表，应为出席", replacement=replacement)
    absent.refresh_from_db()
    assert absent.status == DutyRecord.Status.VOIDED and "签到表" in absent.void_reason
    corrected = DutyRecord.objects.get(
        member=world.member, year=YEAR, kind="plenary", role="present", note__contains="更正"
    )
    assert corrected.status == DutyRecord.Status.CONFIRMED
    assert score(assessment, world.member) == 70  # B1 back to 30, no penalty: 45 → 70
    assert (float(check.score_before), float(check.score_after), check.status) == (45, 70, "corrected")
    assert Score.objects.get(assessment=assessment, member=world.member).band == "competent"
    told = Notification.objects.filter(user=world.member.user, kind="assessment.dispute").get()
    assert "45" in told.title and "70" in told.title
    audit = AuditEvent.objects.filter(object_id=str(check.pk), action__startswith="assessment.check")
    assert list(audit.order_by("id").values_list("action", flat=True)) == [
        "assessment.check.dispute",
        "assessment.check.correct",
    ]


def test_correcting_by_voiding_alone_drops_the_line(world, frozen):
    assessment, rows = frozen
    opinion = next(r for r in rows if r.kind == "opinion")
    check = disputes.dispute_line(assessment, opinion, actor=world.member.user, reason="该信息不是我写的")
    disputes.correct(check, actor=office(world), note="误记，作废")
    assert score(assessment, world.member) == 40  # B4 5 gone


def test_a_kept_dispute_confirms_the_row_again_and_leaves_the_score(world, frozen):
    assessment, rows = frozen
    check = disputes.dispute_line(assessment, rows[1], actor=world.member.user, reason="记录有误")
    check = disputes.keep(check, actor=office(world), note="经核实，记录无误")
    rows[1].refresh_from_db()
    assert (check.status, rows[1].status) == ("kept", DutyRecord.Status.CONFIRMED)
    assert score(assessment, world.member) == 45 and check.score_before == check.score_after
    assert Notification.objects.filter(user=world.member.user, kind="assessment.dispute", title__contains="维持")


def test_confirm_one_line_then_all_the_rest(world, frozen):
    assessment, rows = frozen
    disputes.confirm_line(assessment, rows[0], actor=world.member.user)
    assert disputes.confirm_all(assessment, actor=world.member.user) == len(rows) - 1
    assert disputes.my_year(assessment, world.member).unchecked == 0
    # A line confirmed first may still be disputed while the window is open.
    assert disputes.dispute_line(assessment, rows[0], actor=world.member.user, reason="再看有误").status == "open"


def test_a_dispute_needs_a_reason_and_an_acceptable_file(world, frozen):
    assessment, rows = frozen
    with pytest.raises(Unprocessable):
        disputes.dispute_line(assessment, rows[0], actor=world.member.user, reason="  ")
    with pytest.raises(Unprocessable):
        disputes.dispute_line(
            assessment,
            rows[0],
            actor=world.member.user,
            reason="有误",
            evidence_file=SimpleUploadedFile("a.pdf", b"MZ"),
        )
    rows[0].refresh_from_db()
    assert rows[0].status == DutyRecord.Status.CONFIRMED and not LineCheck.objects.exists()


def test_only_the_member_disputes_their_own_lines(world, frozen):
    assessment, rows = frozen
    other = make_member(world, "王芳", user=True)
    with pytest.raises(NotAllowed):
        disputes.dispute_line(assessment, rows[0], actor=other.user, reason="不是我的")
    with pytest.raises(NotAllowed):
        disputes.confirm_line(assessment, rows[0], actor=office(world))


def test_the_window_closes_on_its_last_day_and_with_the_check(world, frozen):
    assessment, rows = frozen
    AssessmentYear.objects.filter(pk=assessment.pk).update(check_until=datetime.date(YEAR + 1, 1, 2))
    assessment.refresh_from_db()
    with pytest.raises(Conflict, match="核对期已于"):
        disputes.dispute_line(assessment, rows[0], actor=world.member.user, reason="有误")
    live = cycle.open_year(world.committee, YEAR - 1, actor=office(world))
    with pytest.raises(Conflict, match="不在核对期"):
        disputes.confirm_all(live, actor=world.member.user)


def test_the_check_cannot_close_with_open_disputes_nor_disputes_be_decided_after(world, frozen):
    assessment, rows = frozen
    check = disputes.dispute_line(assessment, rows[0], actor=world.member.user, reason="有误")
    with pytest.raises(Conflict, match="1条异议"):
        cycle.close_check(assessment, actor=office(world))
    disputes.keep(check, actor=office(world), note="无误")
    assessment = cycle.close_check(assessment, actor=office(world))
    with pytest.raises(Conflict):  # the member can no longer dispute after the check closed
        disputes.dispute_line(assessment, rows[1], actor=world.member.user, reason="有误")


def test_a_member_cannot_decide_a_dispute(world, frozen):
    assessment, rows = frozen
    check = disputes.dispute_line(assessment, rows[0], actor=world.member.user, reason="有误")
    with pytest.raises(NotAllowed):
        disputes.keep(check, actor=world.member.user, note="我说无误")


CASES = {
    "confirm": lambda a, r, c, w: disputes.confirm_line(a, r, actor=w.member.user),
    "dispute": lambda a, r, c, w: disputes.dispute_line(a, r, actor=w.member.user, reason="有误"),
    "keep": lambda a, r, c, w: disputes.keep(c, actor=office(w), note="无误"),
    "correct": lambda a, r, c, w: disputes.correct(c, actor=office(w), note="作废"),
}


def test_every_check_move_has_a_case():
    assert set(CASES) == set(CHECK_MOVES)


@pytest.mark.parametrize(("action", "status", "allowed"), workflow_cases(CHECK))
def test_check_action_from_every_status(world, frozen, action, status, allowed):
    assessment, rows = frozen
    record = rows[0]
    check = None
    if status != NEW:
        check = LineCheck.objects.create(
            committee=world.committee, assessment=assessment, record=record, member=world.member, status=status
        )
        if status == "open":
            DutyRecord.objects.filter(pk=record.pk).update(status=DutyRecord.Status.DISPUTED)
    if check is None and action in ("keep", "correct"):
        return  # nothing to decide before a check exists
    if allowed:
        assert CASES[action](assessment, record, check, world).status == CHECK_MOVES[action].target
    else:
        with pytest.raises(Conflict):
            CASES[action](assessment, record, check, world)
        if check is not None:
            check.refresh_from_db()
            assert check.status == status
