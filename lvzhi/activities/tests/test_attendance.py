import pytest

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import ActivityKind

Att = Registration.Attendance


@pytest.fixture
def staff(world):
    return world.users[Role.MEMBER_AFFAIRS]


@pytest.fixture
def people(world):
    """Six members on a consultation's list and one on its waiting list."""
    return crowd(world, 7)


@pytest.fixture
def consultation(world, people, staff):
    activity = make_activity(world, kind=ActivityKind.CONSULTATION, capacity=6, organiser_name="提案委员会办公室")
    for member in people:
        services.register_for_activity(activity, member=member, actor=member.user)
    on_leave = services.request_leave(activity, member=people[3], kind="sick", reason="住院", actor=people[3].user)
    services.approve_leave(on_leave, actor=staff)
    services.request_leave(activity, member=people[4], kind="personal", reason="出差", actor=people[4].user)
    return move_start(activity, starts_in_minutes=-30)


def ledger(activity):
    rows = DutyRecord.objects.filter(source_type="activities.activity", source_id=activity.pk)
    return {(r.member_id, r.role, r.status) for r in rows}


def test_closing_writes_one_ledger_row_per_member_on_the_list_with_their_attendance(world, staff, people, consultation):
    Activity.objects.filter(pk=consultation.pk).update(late_after=60)
    services.check_in_member(consultation, member=people[0], actor=staff)
    Activity.objects.filter(pk=consultation.pk).update(late_after=0)
    services.check_in_member(consultation, member=people[1], actor=staff)
    services.set_attendance(consultation.registrations.get(member=people[2]), attendance=Att.PRESENT, actor=staff)
    services.set_attendance(consultation.registrations.get(member=people[5]), attendance=Att.LEFT_EARLY, actor=staff)
    services.close_activity(consultation, actor=staff)

    assert ledger(consultation) == {
        (people[0].pk, "present", "confirmed"),
        (people[1].pk, "late", "confirmed"),
        (people[2].pk, "present", "confirmed"),
        (people[3].pk, "excused", "confirmed"),
        (people[4].pk, "absent", "confirmed"),
        (people[5].pk, "left_early", "confirmed"),
    }
    row = DutyRecord.objects.get(source_id=consultation.pk, member=people[0])
    assert (row.kind, row.term, row.year, row.recorded_by, row.recorded_by_dept) == (
        "consultation",
        world.term,
        consultation.starts_at.year,
        staff,
        "提案委员会办公室",
    )
    assert AuditEvent.objects.filter(action="duty.recorded", object_type="ledger.dutyrecord").count() == 6
    assert Activity.objects.get(pk=consultation.pk).status == Activity.Status.ATTENDANCE_CONFIRMED
    attendance = dict(consultation.registrations.values_list("member_id", "attendance"))
    assert attendance[people[6].pk] == ""  # the waiting list is not on the list


def test_attendance_is_closed_only_after_the_start(world, staff):
    activity = make_activity(world, mode=Activity.Mode.INVITE)
    with pytest.raises(Conflict) as error:
        services.close_activity(activity, actor=staff)
    assert error.value.code == "activity.not_started"


def test_reopening_and_closing_again_rewrites_only_the_rows_that_changed(world, staff, people, consultation):
    services.close_activity(consultation, actor=staff)
    untouched = DutyRecord.objects.get(source_id=consultation.pk, member=people[0])
    services.reopen_attendance(consultation, actor=staff, reason="补登签到")
    services.check_in_member(consultation, member=people[1], actor=staff)
    services.adjust_registration(consultation.registrations.get(member=people[2]), action="remove", actor=staff)
    services.close_activity(consultation, actor=staff)

    live = {(r.member_id, r.role) for r in DutyRecord.objects.filter(source_id=consultation.pk, status="confirmed")}
    assert (people[1].pk, "late") in live and (people[1].pk, "absent") not in live
    assert people[2].pk not in {m for m, _ in live}
    assert (people[6].pk, "absent") in live  # promoted into the freed place
    voided = DutyRecord.objects.filter(source_id=consultation.pk, status="voided")
    assert {(r.member_id, r.role, r.void_reason) for r in voided} == {
        (people[1].pk, "absent", "考勤更正"),
        (people[2].pk, "absent", "考勤更正"),
    }
    untouched.refresh_from_db()
    assert untouched.status == "confirmed"
    assert AuditEvent.objects.filter(action="duty.voided").count() == 2


def test_correcting_one_member_after_closing_needs_a_reason_and_rewrites_their_row(world, staff, people, consultation):
    services.close_activity(consultation, actor=staff)
    registration = consultation.registrations.get(member=people[4])
    with pytest.raises(DomainError):
        services.set_attendance(registration, attendance=Att.EXCUSED, actor=staff)
    services.set_attendance(registration, attendance=Att.EXCUSED, actor=staff, note="请假条补交，经批准")
    rows = DutyRecord.objects.filter(source_id=consultation.pk, member=people[4]).order_by("id")
    assert [(r.role, r.status) for r in rows] == [("absent", "voided"), ("excused", "confirmed")]
    assert rows[0].void_reason == "请假条补交，经批准"


def test_checking_in_wins_over_approved_leave(world, staff, people, consultation):
    services.check_in_member(consultation, member=people[3], actor=staff)
    services.close_activity(consultation, actor=staff)
    assert DutyRecord.objects.get(source_id=consultation.pk, member=people[3]).role in ("present", "late")
