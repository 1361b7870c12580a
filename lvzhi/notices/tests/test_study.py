"""学习园地: completing an assignment (read, and pass the quiz where set), quiz scoring and attempts, the ledger,
and the study targets (≥4 sessions, ≥90 %) measured from data with 补学 counting."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.core.errors import DomainError
from lvzhi.core.workflow import workflow_cases
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import record_duty
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.notices import services
from lvzhi.notices.models import StudyAssignment, StudyCompletion
from lvzhi.notices.queries import study_participation
from lvzhi.notices.services.study import STUDY, score
from lvzhi.notices.tests.factories import make_assignment, right_answers, staff, wrong_answers
from lvzhi.testing import make_member


def ledger(world):
    return DutyRecord.objects.filter(member=world.member, source_type="notices.studyassignment").exclude(
        status=DutyRecord.Status.VOIDED
    )


def test_reading_alone_completes_an_assignment_without_a_quiz(world):
    assignment = make_assignment(world, pass_mark=None)
    completion = services.mark_studied(assignment, member=world.member)
    assert completion.completed_at is not None
    row = ledger(world).get()
    assert (row.kind, row.role, row.source_id) == (DutyKind.STUDY, DutyRole.PARTICIPANT, assignment.pk)


def test_with_a_quiz_reading_is_not_enough_until_the_member_passes(world):
    assignment = make_assignment(world, pass_mark=100)
    services.mark_studied(assignment, member=world.member)
    assert not ledger(world).exists()
    failed = services.answer_quiz(assignment, member=world.member, answers=wrong_answers(assignment))
    assert (failed.score, failed.passed) == (0, False)
    assert not ledger(world).exists()
    passed = services.answer_quiz(assignment, member=world.member, answers=right_answers(assignment))
    assert (passed.score, passed.passed) == (100, True)
    assert ledger(world).count() == 1
    with pytest.raises(DomainError, match="已通过"):
        services.answer_quiz(assignment, member=world.member, answers=right_answers(assignment))


def test_scoring_needs_exactly_the_correct_choices_and_the_pass_mark_decides(world):
    assignment = make_assignment(world, pass_mark=50)
    first, second = assignment.questions.all()
    half = {first.pk: {c.pk for c in first.choices.all() if c.correct}, second.pk: {second.choices.first().pk}}
    assert score(assignment, half) == 50
    attempt = services.answer_quiz(assignment, member=world.member, answers=half)
    assert attempt.passed  # 50 ≥ 50
    assert StudyCompletion.objects.get(assignment=assignment).completed_at is not None


def test_attempts_are_limited_and_unanswered_questions_are_refused(world):
    assignment = make_assignment(world, pass_mark=100, max_attempts=2)
    with pytest.raises(DomainError, match="还有 2 道题未作答"):
        services.answer_quiz(assignment, member=world.member, answers={})
    for _ in range(2):
        services.answer_quiz(assignment, member=world.member, answers=wrong_answers(assignment))
    with pytest.raises(DomainError, match="答题次数已用完"):
        services.answer_quiz(assignment, member=world.member, answers=right_answers(assignment))


def test_a_member_outside_the_audience_and_a_late_member_cannot_complete(world):
    assignment = make_assignment(world, pass_mark=None)
    outside = make_member(world, "赵强", sector=world.sectors[2])
    with pytest.raises(DomainError) as refused:
        services.mark_studied(assignment, member=outside)
    assert refused.value.status == 404
    StudyAssignment.objects.filter(pk=assignment.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    assignment.refresh_from_db()
    with pytest.raises(DomainError, match="已过学习截止时间"):
        services.mark_studied(assignment, member=world.member)


def test_bad_assignments_get_chinese_messages(world):
    with pytest.raises(DomainError, match="补学请注明"):
        make_assignment(world, makeup=True)
    with pytest.raises(DomainError, match="及格分"):
        make_assignment(world, pass_mark=150, publish=False)
    draft = make_assignment(world, pass_mark=None, publish=False)
    with pytest.raises(DomainError, match="至少两个选项"):
        services.add_question(draft, services.QuestionSpec("题", [("唯一", True)]), actor=staff(world))
    with pytest.raises(DomainError, match="正确选项"):
        services.add_question(draft, services.QuestionSpec("题", [("甲", False), ("乙", False)]), actor=staff(world))


def _study_session(world, role: str, day: int) -> None:
    """A study session's attendance row as the activities app writes it when it closes attendance."""
    record_duty(
        committee=world.committee,
        member=world.member,
        kind=DutyKind.STUDY,
        role=role,
        event_date=datetime.date(timezone.localdate().year, 1, day),
        title=f"界别学习日{day}",
        recorded_by=None,
    )


def test_makeup_study_turns_a_missed_session_into_an_attended_one(world):
    for day, role in enumerate([DutyRole.PRESENT, DutyRole.PRESENT, DutyRole.PRESENT, DutyRole.EXCUSED], start=1):
        _study_session(world, role, day)
    year = timezone.localdate().year
    by_member, _groups = study_participation(world.term, year)
    before = next(r for r in by_member if r.name == world.member.name)
    assert (before.total_attended, before.total_invited, before.meets_rate, before.meets_sessions) == (
        3,
        4,
        False,
        False,
    )

    makeup = make_assignment(world, pass_mark=None, makeup=True, makeup_for="界别学习日4")
    services.mark_studied(makeup, member=world.member)
    assert ledger(world).get().title.startswith("补学")

    by_member, groups = study_participation(world.term, year)
    after = next(r for r in by_member if r.name == world.member.name)
    assert (after.total_attended, after.total_invited, after.rate) == (4, 4, 1.0)
    assert after.meets_rate and after.meets_sessions
    group = next(g for g in groups if g.name == world.group.name)
    assert (group.total_attended, group.total_invited) == (4, 4)


def test_a_regular_assignment_counts_as_a_session_invited_and_attended_when_completed(world):
    assignment = make_assignment(world, pass_mark=None)
    year = assignment.deadline.year
    rate = next(r for r in study_participation(world.term, year)[0] if r.name == world.member.name)
    assert (rate.total_attended, rate.total_invited) == (0, 1)
    services.mark_studied(assignment, member=world.member)
    rate = next(r for r in study_participation(world.term, year)[0] if r.name == world.member.name)
    assert (rate.total_attended, rate.total_invited) == (1, 1)


@pytest.mark.parametrize(("action", "status", "allowed"), workflow_cases(STUDY))
def test_the_study_table_decides_every_action(world, action, status, allowed):
    if status == "":
        pytest.skip("an assignment exists from creation")
    assignment = make_assignment(world, publish=False)
    StudyAssignment.objects.filter(pk=assignment.pk).update(status=status)
    assignment.refresh_from_db()
    if status != StudyAssignment.Status.DRAFT:
        StudyCompletion.objects.create(committee=world.committee, assignment=assignment, member=world.member)
    calls = {
        "update": lambda: services.update_assignment(
            assignment, data={"title": "新"}, audience=None, materials=None, actor=staff(world)
        ),
        "publish": lambda: services.publish_assignment(assignment, actor=staff(world)),
        "close": lambda: services.close_assignment(assignment, actor=staff(world)),
        "read": lambda: services.mark_studied(assignment, member=world.member),
        "answer": lambda: services.answer_quiz(assignment, member=world.member, answers=right_answers(assignment)),
    }
    if allowed:
        calls[action]()
    else:
        with pytest.raises(DomainError) as refused:
            calls[action]()
        assert refused.value.status == 409
