"""考勤确认: the organiser closes attendance, which writes the duty ledger ("谁组织谁记录").

Closing works out each place-holder's attendance (staff's own marking, else the check-in, else
approved leave, else absent) and reconciles the ledger with it: rows that no longer match are
voided and rewritten, rows that still match are left alone. Reopening and closing again, or
correcting one member after closing, therefore touches only the affected rows.
"""

from collections import Counter
from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from lvzhi.activities.models import Activity, CheckIn, LeaveRequest, Registration
from lvzhi.activities.queries import reach_ids
from lvzhi.activities.services.common import has_begun, lock_activity, log_registration_events, move_activity
from lvzhi.activities.transitions import ACTIVITY_MOVES, CLOSED, HOLDS_PLACE
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, User
from lvzhi.core.workflow import ensure_move
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import DutyEntry, record_duties, source_key, void_duties_for_source

A = Activity.Status
Att = Registration.Attendance


def organiser_label(activity: Activity) -> str:
    if activity.organiser_name:
        return activity.organiser_name
    body = activity.organiser_body
    return body.name if body is not None else ""


def _sync_ledger(
    activity: Activity, registrations: Sequence[Registration], *, actor: User, reason: str, everyone: bool
) -> tuple[int, int]:
    """Make the ledger say what the registrations say; returns (rows voided, rows written).
    Each member's rows go to the ledger of their own committee: a lower committee's member invited across
    levels gets the row in their committee, with this activity as its source and the organiser named."""
    by_committee: dict[int, list[Registration]] = {activity.committee_id: []}
    if everyone:
        by_committee.update({pk: [] for pk in reach_ids(activity)})
    for registration in registrations:
        by_committee.setdefault(registration.member.committee_id, []).append(registration)
    committees = Committee.objects.in_bulk(list(by_committee))
    voided = written = 0
    for committee_id, group in by_committee.items():
        with scope(committee=committee_id):
            v, w = _sync_committee_ledger(
                activity, committees[committee_id], group, actor=actor, reason=reason, everyone=everyone
            )
        voided, written = voided + v, written + w
    return voided, written


def _sync_committee_ledger(
    activity: Activity,
    committee: Committee,
    registrations: Sequence[Registration],
    *,
    actor: User,
    reason: str,
    everyone: bool,
) -> tuple[int, int]:
    desired = {r.member_id: r.attendance for r in registrations if r.status in HOLDS_PLACE and r.attendance}
    source_type, source_id = source_key(activity)
    live = DutyRecord.objects.filter(source_type=source_type, source_id=source_id).exclude(
        status=DutyRecord.Status.VOIDED
    )
    if not everyone:
        live = live.filter(member_id__in=[r.member_id for r in registrations])
    stale, kept = [], set()
    for row in live:
        if desired.get(row.member_id) == row.role and row.kind == activity.kind:
            kept.add(row.member_id)
        else:
            stale.append(row.member_id)
    voided = void_duties_for_source(activity, actor=actor, reason=reason, members=stale) if stale else 0
    event_date = timezone.localtime(activity.starts_at).date()
    entries = [
        DutyEntry(r.member, activity.kind, desired[r.member_id], event_date, activity.title, activity)
        for r in registrations
        if r.member_id in desired and r.member_id not in kept
    ]
    if not entries:
        return voided, 0
    own = committee.pk == activity.committee_id
    label = organiser_label(activity)
    record_duties(
        committee=committee,
        entries=entries,
        recorded_by=actor,
        # Across levels the row says which committee organised it; its term is the member's own.
        recorded_by_dept=label if own else "·".join(filter(None, [activity.committee.name, label]))[:60],
        term=activity.term if own else None,
    )
    return voided, len(entries)


def _check_value(attendance: str) -> None:
    if attendance not in Att.values:
        raise DomainError("attendance.bad_value", _("未知的考勤结果"), fields={"attendance": [_("取值不在允许范围内")]})


def _check_reason(activity: Activity, note: str) -> None:
    if activity.status in CLOSED and not note.strip():
        raise DomainError(
            "attendance.reason_required", _("更正已确认的考勤须说明原因"), fields={"note": [_("此项为必填")]}
        )


def _mark(activity: Activity, registrations: list[Registration], *, attendance: str, actor: User, note: str) -> None:
    """Staff's marking of place-holders (the activity locked, the value and reason checked): one UPDATE and one
    audit INSERT for all of them; after closing their ledger rows are voided and rewritten at once."""
    closed = activity.status in CLOSED
    before = {r.pk: r.attendance for r in registrations}
    now = timezone.now()
    for registration in registrations:
        registration.attendance = attendance
        registration.attendance_by_staff = True
        registration.attendance_note = note[:200]
        registration.updated_at = now
    Registration.objects.bulk_update(
        registrations, ["attendance", "attendance_by_staff", "attendance_note", "updated_at"]
    )
    log_registration_events(
        "attendance.set",
        registrations,
        actor=actor,
        activity=activity,
        data=lambda r: {"from": before[r.pk], "to": attendance, "note": note, "after_closing": closed},
    )
    if closed:
        _sync_ledger(activity, registrations, actor=actor, reason=note, everyone=False)


@transaction.atomic
def set_attendance(registration: Registration, *, attendance: str, actor: User, note: str = "") -> Registration:
    """Staff mark a member's attendance by hand (补录, or a correction). After closing, the reason is
    required and the member's ledger row is voided and rewritten at once."""
    _check_value(attendance)
    activity = lock_activity(registration.activity)
    ensure_move(ACTIVITY_MOVES, "set_attendance", activity.status, statuses=A, code="activity.bad_status")
    _check_reason(activity, note)
    registration = Registration.objects.select_for_update(of=("self",)).select_related("member").get(pk=registration.pk)
    if registration.status not in HOLDS_PLACE:
        raise Conflict("attendance.not_on_list", _("该委员不在参加名单中"))
    _mark(activity, [registration], attendance=attendance, actor=actor, note=note)
    return registration


def unmarked_registrations(activity: Activity) -> QuerySet[Registration]:
    """Place-holders with nothing to go on: no marking, no check-in, no approved leave. Closing records them absent."""
    return (
        Registration.objects.filter(activity=activity, status__in=HOLDS_PLACE, attendance="")
        .exclude(member__in=CheckIn.objects.filter(activity=activity).values("member"))
        .exclude(
            member__in=LeaveRequest.objects.filter(activity=activity, status=LeaveRequest.Status.APPROVED).values(
                "member"
            )
        )
    )


@transaction.atomic
def mark_unmarked_attendance(activity: Activity, *, attendance: str, actor: User) -> int:
    """补录 of a past activity: everyone not yet marked gets one result, each member's marking audited like a
    single one (in one statement each for the rows and the audit). Returns how many were marked."""
    activity = lock_activity(activity)
    if not activity.recorded_afterwards:
        raise Conflict("attendance.not_recorded_afterwards", _("只有补录的活动可以批量标记考勤"))
    ensure_move(ACTIVITY_MOVES, "set_attendance", activity.status, statuses=A, code="activity.bad_status")
    registrations = list(unmarked_registrations(activity).select_related("member").order_by("pk"))
    if registrations:
        _check_value(attendance)
        _check_reason(activity, "")
        _mark(activity, registrations, attendance=attendance, actor=actor, note="")
    return len(registrations)


def closing_attendance(activity: Activity, registrations: list[Registration]) -> list[Registration]:
    """Set in memory what closing records for everyone holding a place: staff's own mark, else the
    check-in, else approved leave, else absent. The close button's confirmation shows the same."""
    checked_in = dict(CheckIn.objects.filter(activity=activity).values_list("member_id", "status"))
    excused = set(
        LeaveRequest.objects.filter(activity=activity, status=LeaveRequest.Status.APPROVED).values_list(
            "member_id", flat=True
        )
    )
    holders = [r for r in registrations if r.status in HOLDS_PLACE]
    for registration in holders:
        if registration.attendance_by_staff and registration.attendance:
            continue
        if registration.member_id in checked_in:
            registration.attendance = checked_in[registration.member_id]
        elif registration.member_id in excused:
            registration.attendance = Att.EXCUSED
        else:
            registration.attendance = Att.ABSENT
    return holders


@transaction.atomic
def close_activity(activity: Activity, *, actor: User) -> Activity:
    """考勤确认 after the start: present, late, excused (approved leave) or absent for everyone holding a
    place, one ledger row each with that role."""
    activity = lock_activity(activity)
    ensure_move(ACTIVITY_MOVES, "close", activity.status, statuses=A, code="activity.bad_status")
    if not has_begun(activity):
        raise Conflict("activity.not_started", _("活动开始后才能确认考勤"))
    registrations = list(Registration.objects.filter(activity=activity).select_related("member"))
    holders = closing_attendance(activity, registrations)
    Registration.objects.bulk_update(holders, ["attendance"])
    counts = Counter(r.attendance for r in holders)
    voided, written = _sync_ledger(activity, registrations, actor=actor, reason=_("考勤更正"), everyone=True)
    return move_activity(
        activity,
        "close",
        actor=actor,
        data={"attendance": dict(counts), "ledger": {"voided": voided, "written": written}},
    )


@transaction.atomic
def reopen_attendance(activity: Activity, *, actor: User, reason: str) -> Activity:
    """Back to 已结束 to correct the list or attendance; closing again rewrites only what changed."""
    if not reason.strip():
        raise DomainError(
            "activity.reason_required", _("请填写重新打开考勤的原因"), fields={"reason": [_("此项为必填")]}
        )
    return move_activity(lock_activity(activity), "reopen_attendance", actor=actor, note=reason)
