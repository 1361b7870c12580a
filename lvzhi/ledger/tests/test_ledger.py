import datetime
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import AuditEvent, Notification
from lvzhi.core.workflow import workflow_cases
from lvzhi.ledger import services as ledger
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import ActivityKind, DutyKind, DutyRole
from lvzhi.ledger.transitions import DUTY, DUTY_MOVES
from lvzhi.org.models import Term
from lvzhi.testing import PDF

S = DutyRecord.Status


@pytest.fixture
def staff(world):
    return world.users[Role.MEMBER_AFFAIRS]


@pytest.fixture
def source(world):
    """Any saved object can be a ledger source; a term stands in for a proposal or a meeting here."""
    return world.term


def record(world, *, source=None, role=DutyRole.PRESENT, kind=DutyKind.PLENARY, status=S.CONFIRMED, when=None):
    return ledger.record_duty(
        committee=world.committee,
        member=world.member,
        kind=kind,
        role=role,
        event_date=when or datetime.date(2024, 3, 1),
        title="三届三次全体会议",
        source=source,
        recorded_by=None,
        recorded_by_dept="委员联络室",
        status=status,
    )


def audit_actions(row):
    return list(
        AuditEvent.objects.filter(object_type="ledger.dutyrecord", object_id=str(row.pk)).values_list(
            "action", flat=True
        )
    )


def test_every_activity_kind_is_a_ledger_kind():
    assert set(ActivityKind.values) <= set(DutyKind.values)
    assert all(DutyKind(k).label == ActivityKind(k).label for k in ActivityKind.values)


def test_recording_writes_a_confirmed_row_in_the_right_term_and_year_with_an_audit_entry(world, source):
    row = record(world, source=source)
    assert (row.status, row.term, row.year, row.source_type, row.source_id) == (
        S.CONFIRMED,
        world.term,
        2024,
        "org.term",
        source.pk,
    )
    assert audit_actions(row) == ["duty.recorded"]


def test_a_year_outside_every_term_falls_back_to_the_current_term(world):
    later = Term.objects.create(committee=world.committee, number=2, start_year=2027, end_year=2031, is_current=False)
    assert ledger.term_for(world.committee, 2028) == later
    assert ledger.term_for(world.committee, 2040) == world.term


def test_recording_the_same_event_again_returns_the_row_already_there(world, source):
    first = record(world, source=source)
    again = record(world, source=source)
    assert again.pk == first.pk
    assert DutyRecord.objects.count() == 1
    assert record(world, source=source, role=DutyRole.SPEAKER).pk != first.pk


def test_voiding_needs_a_reason_keeps_the_row_and_is_audited(world, source, staff):
    row = record(world, source=source)
    with pytest.raises(DomainError):
        ledger.void_duty(row, actor=staff, reason=" ")
    voided = ledger.void_duty(row, actor=staff, reason="提案撤回")
    assert (voided.status, voided.voided_by, voided.void_reason) == (S.VOIDED, staff, "提案撤回")
    assert audit_actions(row) == ["duty.voided", "duty.recorded"]
    assert list(ledger.duty_records_of(world.member)) == [voided]
    assert record(world, source=source).pk != row.pk  # a voided row no longer blocks a new one


def test_undoing_the_source_voids_its_live_rows_only(world, source, staff):
    live = record(world, source=source)
    other = record(world, source=world.sectors[0])
    already = record(world, source=source, role=DutyRole.SPEAKER)
    ledger.void_duty(already, actor=staff, reason="重复")
    assert ledger.void_duties_for_source(source, actor=staff, reason="撤回") == 1
    live.refresh_from_db()
    other.refresh_from_db()
    assert (live.status, other.status) == (S.VOIDED, S.CONFIRMED)
    assert audit_actions(live)[0] == "duty.voided"


def test_a_member_self_reports_public_service_and_it_waits_for_staff(world):
    row = ledger.self_report_duty(
        member=world.member,
        kind=DutyKind.PUBLIC_SERVICE,
        title="社区义诊",
        event_date=timezone.localdate(),
        evidence="照片及社区证明",
        actor=world.member.user,
    )
    assert (row.status, row.self_reported, row.recorded_by, row.recorded_by_dept) == (
        S.PENDING,
        True,
        world.member.user,
        "委员自报",
    )
    assert list(ledger.pending_self_reports(world.committee)) == [row]


@pytest.mark.parametrize(
    ("kind", "evidence", "days_ahead", "code"),
    [
        (DutyKind.PLENARY, "签到", 0, "duty.not_self_reportable"),
        (DutyKind.CONTACT, "", 0, "duty.evidence_required"),
        (DutyKind.MEDIA, "报道链接", 2, "duty.future_date"),
    ],
)
def test_self_reports_the_office_records_itself_or_without_evidence_are_refused(
    world, kind, evidence, days_ahead, code
):
    with pytest.raises(DomainError) as error:
        ledger.self_report_duty(
            member=world.member,
            kind=kind,
            title="事项",
            event_date=timezone.localdate() + datetime.timedelta(days=days_ahead),
            evidence=evidence,
            actor=world.member.user,
        )
    assert error.value.code == code


def test_nobody_self_reports_for_someone_else(world, staff):
    with pytest.raises(NotAllowed):
        ledger.self_report_duty(
            member=world.member,
            kind=DutyKind.CONTACT,
            title="走访",
            event_date=timezone.localdate(),
            evidence="记录",
            actor=staff,
        )


def test_staff_confirm_or_dispute_a_self_report_and_the_member_is_told(world, staff):
    row = ledger.self_report_duty(
        member=world.member,
        kind=DutyKind.CONTACT,
        title="走访界别群众",
        event_date=timezone.localdate(),
        evidence="走访记录",
        actor=world.member.user,
    )
    disputed = ledger.reject_duty(row, actor=staff, reason="缺少走访对象签字")
    assert (disputed.status, disputed.review_note) == (S.DISPUTED, "缺少走访对象签字")
    resubmitted = ledger.add_duty_evidence(
        row, evidence_file=ContentFile(PDF, name="sign.pdf"), actor=world.member.user
    )
    assert resubmitted.status == S.PENDING and resubmitted.evidence_file.name.startswith("duty/")
    confirmed = ledger.confirm_duty(row, actor=staff, note="材料齐全")
    assert (confirmed.status, confirmed.confirmed_by) == (S.CONFIRMED, staff)
    titles = list(
        Notification.objects.filter(user=world.member.user, kind="duty.reviewed").values_list("title", flat=True)
    )
    assert len(titles) == 2 and any("已确认" in t for t in titles)
    assert audit_actions(row) == ["duty.confirmed", "duty.evidence_added", "duty.rejected", "duty.recorded"]


def test_the_timeline_of_a_year_is_newest_first(world):
    old = record(world, when=datetime.date(2024, 1, 5), source=world.sectors[0])
    new = record(world, when=datetime.date(2024, 6, 5), source=world.sectors[1])
    record(world, when=datetime.date(2023, 6, 5), source=world.sectors[2])
    assert list(ledger.duty_records_of(world.member, year=2024)) == [new, old]


DUTY_CASES: dict[str, Callable] = {
    "confirm": lambda row, staff, member: ledger.confirm_duty(row, actor=staff),
    "reject": lambda row, staff, member: ledger.reject_duty(row, actor=staff, reason="材料不足"),
    "void": lambda row, staff, member: ledger.void_duty(row, actor=staff, reason="重复"),
    "add_evidence": lambda row, staff, member: ledger.add_duty_evidence(
        row, evidence_file=ContentFile(PDF, name="e.pdf"), actor=member.user
    ),
    "dispute": lambda row, staff, member: ledger.dispute_duty(row, actor=member.user, reason="未参加"),
}


def test_every_ledger_move_made_by_a_user_has_a_case():
    assert set(DUTY_MOVES) - set(DUTY_CASES) == {"record", "self_report"}


USER_CASES = [case for case in workflow_cases(DUTY) if case[0] in DUTY_CASES and case[1]]


@pytest.mark.parametrize(("action", "status", "allowed"), USER_CASES)
def test_ledger_action_from_every_status(world, staff, action, status, allowed):
    row = ledger.record_duty(
        committee=world.committee,
        member=world.member,
        kind=DutyKind.PUBLIC_SERVICE,
        role=DutyRole.PARTICIPANT,
        event_date=timezone.localdate(),
        title="社区义诊",
        recorded_by=world.member.user,
        status=status,
        self_reported=True,
    )
    if allowed:
        assert DUTY_CASES[action](row, staff, world.member).status == DUTY_MOVES[action].target
    else:
        with pytest.raises(Conflict):
            DUTY_CASES[action](row, staff, world.member)
        row.refresh_from_db()
        assert row.status == status, f"{action} from {status}"


def test_only_the_member_disputes_their_own_line_and_says_why(world, staff):
    row = record(world)
    with pytest.raises(NotAllowed):
        ledger.dispute_duty(row, actor=staff, reason="有误")
    with pytest.raises(DomainError):
        ledger.dispute_duty(row, actor=world.member.user, reason="  ")
    row = ledger.dispute_duty(row, actor=world.member.user, reason="当天请过假")
    assert (row.status, row.review_note) == (S.DISPUTED, "当天请过假")
    assert audit_actions(row)[0] == "duty.disputed"
