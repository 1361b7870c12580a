"""An activity's life from draft to archive (DOMAIN.md §3.1): one service per move in ACTIVITY_MOVES."""

import datetime
from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities import queries
from lvzhi.activities.models import AUDIENCE_POSITIONS, Activity, ActivityFile, Registration
from lvzhi.activities.queries import audience_members
from lvzhi.activities.services.common import (
    add_event,
    expected_members,
    lock_activity,
    move_activity,
    tell,
    when,
)
from lvzhi.activities.services.filing import ensure_filed
from lvzhi.activities.services.registration import promote_waitlisted
from lvzhi.activities.transitions import ACTIVITY_MOVES, HOLDS_PLACE
from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import Committee, User
from lvzhi.core.tenancy import Access
from lvzhi.core.uploads import MATERIAL, accept
from lvzhi.core.workflow import ensure_move
from lvzhi.org.models import (
    Gender,
    Member,
    RegionalGroup,
    Sector,
    SectorGroup,
    SpecialCommittee,
    Station,
    Term,
)
from lvzhi.org.services.members import current_term

A = Activity.Status

# What an organiser sets on an activity, in the order the activity form shows it.
ACTIVITY_FIELDS = (
    "title",
    "kind",
    "mode",
    "content",
    "goal",
    "organiser_name",
    "organiser_special_committee",
    "organiser_group",
    "organiser_regional_group",
    "organiser_station",
    "counterpart_department",
    "location",
    "starts_at",
    "ends_at",
    "registration_closes_at",
    "capacity",
    "min_participants",
    "checkin_opens_before",
    "checkin_closes_after",
    "late_after",
    "recorded_afterwards",
)
# Once members have been told the time and place, those change only by rescheduling (everyone is told).
SCHEDULE_FIELDS = frozenset({"starts_at", "ends_at", "location"})


@dataclass(frozen=True)
class Audience:
    """面向范围: everyone serving in the term, or the union of the units and lower committees, narrowed by
    gender, new members and positions; members named outright are always in."""

    all: bool = False
    sector_ids: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()
    special_committee_ids: tuple[int, ...] = ()
    member_ids: tuple[int, ...] = ()
    regional_group_ids: tuple[int, ...] = ()
    station_ids: tuple[int, ...] = ()
    committee_ids: tuple[int, ...] = ()
    gender: str = ""
    new_only: bool = False
    positions: tuple[str, ...] = ()

    @property
    def has_units(self) -> bool:
        return bool(
            self.all
            or self.sector_ids
            or self.group_ids
            or self.special_committee_ids
            or self.regional_group_ids
            or self.station_ids
            or self.committee_ids
        )

    @property
    def has_filters(self) -> bool:
        return bool(self.gender or self.new_only or self.positions)

    def as_json(self) -> dict[str, Any]:
        """The definition a saved audience keeps (lists, not tuples)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Audience":
        """A saved definition back as an Audience; a malformed one is refused by _set_audience when applied."""
        known = {f.name for f in dataclass_fields(cls)}
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known})


def audience_of(activity: Activity) -> Audience:
    return Audience(
        all=activity.audience_all,
        sector_ids=tuple(activity.audience_sectors.values_list("pk", flat=True)),
        group_ids=tuple(activity.audience_groups.values_list("pk", flat=True)),
        special_committee_ids=tuple(activity.audience_special_committees.values_list("pk", flat=True)),
        member_ids=tuple(activity.audience_members.values_list("pk", flat=True)),
        regional_group_ids=tuple(activity.audience_regional_groups.values_list("pk", flat=True)),
        station_ids=tuple(activity.audience_stations.values_list("pk", flat=True)),
        committee_ids=tuple(activity.audience_committees.values_list("pk", flat=True)),
        gender=activity.audience_gender,
        new_only=activity.audience_new_only,
        positions=tuple(activity.position_list),
    )


def check_reach(access: Access, activity: Activity, audience: Audience) -> None:
    """Refuses (403) an activity, as it would be saved, that reaches beyond the organiser's unit: staff scoped to
    a special committee, a sector group, a regional group or a station organise in its name, for its members
    only."""
    problems = queries.out_of_reach(
        access,
        organiser=queries.Organiser(
            special_committee_id=activity.organiser_special_committee_id,
            group_id=activity.organiser_group_id,
            regional_group_id=activity.organiser_regional_group_id,
            station_id=activity.organiser_station_id,
        ),
        audience_all=audience.all,
        sector_ids=audience.sector_ids,
        group_ids=audience.group_ids,
        special_committee_ids=audience.special_committee_ids,
        member_ids=audience.member_ids,
        regional_group_ids=audience.regional_group_ids,
        station_ids=audience.station_ids,
        committee_ids=audience.committee_ids,
    )
    if problems:
        raise NotAllowed(
            "activity.out_of_scope",
            _("只能在本单位范围内组织活动：%(p)s") % {"p": "；".join(p[0] for p in problems.values())},
            fields=problems,
        )


def check_filters(audience: Audience) -> None:
    """The filter values themselves: a known gender and positions, and a range for them to narrow."""
    problems: dict[str, list[str]] = {}
    if audience.gender not in ("", *Gender.values):
        problems["audience.gender"] = [_("取值不在允许范围内")]
    if set(audience.positions) - {value for value, _label in AUDIENCE_POSITIONS}:
        problems["audience.positions"] = [_("取值不在允许范围内")]
    if audience.has_filters and not audience.has_units:
        problems["audience.all"] = [_("性别、新任、职务用于在范围内筛选：请先选择全体委员或具体范围")]
    if problems:
        raise DomainError("activity.bad_audience", next(iter(problems.values()))[0], fields=problems)


def resolve_audience(committee: Committee, term: Term, audience: Audience) -> dict[str, list[Any]]:
    """The audience's objects by name, refused (422, naming the field) when a filter value is unknown or an id is
    not the committee's (its term's sectors and regional groups; committees below it)."""
    check_filters(audience)
    wanted = [
        ("sectors", Sector.objects.filter(committee=committee, term=term), audience.sector_ids),
        ("groups", SectorGroup.objects.filter(committee=committee), audience.group_ids),
        ("special_committees", SpecialCommittee.objects.filter(committee=committee), audience.special_committee_ids),
        ("members", Member.objects.filter(committee=committee), audience.member_ids),
        ("regional_groups", RegionalGroup.objects.filter(committee=committee, term=term), audience.regional_group_ids),
        ("stations", Station.objects.filter(committee=committee), audience.station_ids),
        ("committees", Committee.objects.filter(pk__in=committee.descendant_ids()), audience.committee_ids),
    ]
    resolved = {}
    for name, choices, ids in wanted:
        found = list(choices.filter(pk__in=set(ids)))
        if len(found) != len(set(ids)):
            raise DomainError(
                "activity.bad_audience", _("面向范围中有不存在的对象"), fields={f"audience.{name}": [_("不存在")]}
            )
        resolved[name] = found
    return resolved


def _set_audience(activity: Activity, audience: Audience) -> None:
    resolved = resolve_audience(activity.committee, activity.term, audience)
    activity.audience_sectors.set(resolved["sectors"])
    activity.audience_groups.set(resolved["groups"])
    activity.audience_special_committees.set(resolved["special_committees"])
    activity.audience_members.set(resolved["members"])
    activity.audience_regional_groups.set(resolved["regional_groups"])
    activity.audience_stations.set(resolved["stations"])
    activity.audience_committees.set(resolved["committees"])
    activity.audience_all = audience.all
    activity.audience_gender = audience.gender
    activity.audience_new_only = audience.new_only
    ordered = [value for value, _label in AUDIENCE_POSITIONS if value in audience.positions]
    activity.audience_positions = f",{','.join(ordered)}," if ordered else ""
    activity.save(update_fields=["audience_all", "audience_gender", "audience_new_only", "audience_positions"])


def _validate(activity: Activity) -> None:
    try:
        activity.full_clean(exclude=["committee", "term", "created_by"], validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(
            "activity.invalid",
            "；".join(exc.messages),
            fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()},
        ) from None
    errors: dict[str, list[str]] = {}
    if activity.ends_at < activity.starts_at:
        errors["ends_at"] = [_("结束时间不能早于开始时间")]
    if activity.registration_closes_at and activity.registration_closes_at > activity.starts_at:
        errors["registration_closes_at"] = [_("报名截止不能晚于开始时间")]
    if activity.capacity is not None and activity.capacity < 1:
        errors["capacity"] = [_("名额上限至少为 1，不限请留空")]
    if activity.capacity and activity.min_participants and activity.min_participants > activity.capacity:
        errors["min_participants"] = [_("名额下限不能大于上限")]
    if activity.recorded_afterwards and activity.starts_at > timezone.now():
        errors["starts_at"] = [_("补录的活动须已经开始")]
    if errors:
        raise DomainError("activity.invalid", next(iter(errors.values()))[0], fields=errors)


@transaction.atomic
def create_activity(
    *, committee: Committee, data: dict[str, Any], audience: Audience, actor: User, access: Access | None = None
) -> Activity:
    """A draft. A start in the past is accepted here, but published only when recorded afterwards (补录).
    With the organiser's access, an activity beyond their unit is refused (check_reach)."""
    unknown = set(data).difference(ACTIVITY_FIELDS)
    if unknown:
        raise DomainError("activity.bad_field", _("不可设置的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    activity = Activity(committee=committee, term=current_term(committee), created_by=actor, **data)
    if access is not None:
        check_reach(access, activity, audience)
    _validate(activity)
    activity.save()
    _set_audience(activity, audience)
    add_event(activity, action="create", actor=actor, to_status=A.DRAFT)
    return activity


@transaction.atomic
def update_activity(
    activity: Activity,
    *,
    data: dict[str, Any],
    audience: Audience | None = None,
    actor: User,
    access: Access | None = None,
) -> Activity:
    activity = lock_activity(activity)
    ensure_move(ACTIVITY_MOVES, "update", activity.status, statuses=A, code="activity.not_editable")
    unknown = set(data).difference(ACTIVITY_FIELDS)
    if unknown:
        raise DomainError("activity.bad_field", _("不可修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    changed = {k: v for k, v in data.items() if getattr(activity, k) != v}
    if activity.status != A.DRAFT and changed.keys() & (SCHEDULE_FIELDS | {"mode", "recorded_afterwards"}):
        raise Conflict("activity.use_reschedule", _("已发布的活动请通过“改期”修改时间地点"))
    for field, value in changed.items():
        setattr(activity, field, value)
    if access is not None:
        check_reach(access, activity, audience if audience is not None else audience_of(activity))
    _validate(activity)
    if activity.capacity is not None and "capacity" in changed:
        holding = Registration.objects.filter(activity=activity, status__in=HOLDS_PLACE).count()
        if holding > activity.capacity:
            raise Conflict(
                "activity.capacity_below_confirmed",
                _("已确认 %(n)s 人，名额上限不能低于此数") % {"n": holding},
                fields={"capacity": [_("不能低于已确认人数")]},
            )
    activity.save()
    if audience is not None:
        _set_audience(activity, audience)
    if changed or audience is not None:
        add_event(activity, action="update", actor=actor, from_status=activity.status, data={"fields": sorted(changed)})
    if "capacity" in changed:
        promote_waitlisted(activity, actor=actor)
    return activity


@transaction.atomic
def publish_activity(activity: Activity, *, actor: User) -> Activity:
    """Invite mode: the audience becomes the invited roster and is told. Menu mode: the audience may sign up."""
    activity = lock_activity(activity)
    ensure_move(ACTIVITY_MOVES, "publish", activity.status, statuses=A, code="activity.bad_status")
    ensure_filed(activity)
    if not activity.recorded_afterwards and activity.starts_at <= timezone.now():
        raise Conflict("activity.in_past", _("开始时间已过；记录已举办的活动请选择“补录”"))
    audience = audience_members(activity)
    if activity.mode == Activity.Mode.INVITE:
        on_list = set(Registration.objects.filter(activity=activity).values_list("member_id", flat=True))
        Registration.objects.bulk_create(
            Registration(
                committee_id=activity.committee_id,
                activity=activity,
                member=member,
                status=Registration.Status.INVITED,
                source=Registration.Source.INVITED,
            )
            for member in audience.exclude(pk__in=on_list)
        )
        invited = Registration.objects.filter(activity=activity, status__in=HOLDS_PLACE).count()
        if invited == 0:
            raise DomainError("activity.empty_roster", _("参加人员名单为空，请设置面向范围或邀请委员"))
        if activity.capacity is not None and invited > activity.capacity:
            raise Conflict("activity.roster_exceeds_capacity", _("邀请人数超过名额上限"))
    elif not audience.exists():
        raise DomainError("activity.no_audience", _("面向范围内没有委员，无人可以报名"))
    move_activity(activity, "publish", actor=actor)
    title = _("%(kind)s：%(title)s") % {"kind": activity.get_kind_display(), "title": activity.title}
    body = _("时间：%(when)s；地点：%(where)s") % {"when": when(activity), "where": activity.location}
    if activity.mode == Activity.Mode.INVITE:
        tell(activity, expected_members(activity), kind="activity.invited", title=title, body=body, sms=True)
    else:
        # The menu is announced in the inbox only: a text message to every member for each item is noise.
        menu = audience.select_related("user")
        tell(
            activity,
            menu,
            kind="activity.published",
            title=_("新的履职活动可报名：%(t)s") % {"t": activity.title},
            body=body,
            email=False,
        )
    return activity


@transaction.atomic
def withdraw_activity(activity: Activity, *, actor: User, reason: str = "") -> Activity:
    """Back to draft; allowed only while no member has signed up (otherwise cancel, which tells them)."""
    activity = lock_activity(activity)
    ensure_move(ACTIVITY_MOVES, "withdraw", activity.status, statuses=A, code="activity.bad_status")
    signed_up = Registration.objects.filter(
        activity=activity,
        source=Registration.Source.SIGNED_UP,
        status__in=[*HOLDS_PLACE, Registration.Status.WAITLISTED],
    )
    if signed_up.exists():
        raise Conflict("activity.has_registrations", _("已有委员报名，不能撤回；如需停办请取消活动"))
    invited = expected_members(activity)
    move_activity(activity, "withdraw", actor=actor, note=reason)
    tell(
        activity, invited, kind="activity.withdrawn", title=_("活动已撤回：%(t)s") % {"t": activity.title}, body=reason
    )
    return activity


@transaction.atomic
def close_registration(activity: Activity, *, actor: User) -> Activity:
    return move_activity(lock_activity(activity), "close_registration", actor=actor)


@transaction.atomic
def reopen_registration(activity: Activity, *, actor: User) -> Activity:
    activity = lock_activity(activity)
    if activity.registration_closes_at and activity.registration_closes_at <= timezone.now():
        raise Conflict("activity.registration_deadline_passed", _("报名截止时间已过，请先修改截止时间"))
    return move_activity(activity, "reopen_registration", actor=actor)


@transaction.atomic
def confirm_list(activity: Activity, *, actor: User) -> Activity:
    """名单确认: each member on the list is told where they stand (confirmed or waiting)."""
    activity = lock_activity(activity)
    move_activity(activity, "confirm_list", actor=actor)
    waiting = [
        r.member
        for r in Registration.objects.filter(activity=activity, status=Registration.Status.WAITLISTED).select_related(
            "member__user"
        )
    ]
    tell(
        activity,
        expected_members(activity),
        kind="activity.list_confirmed",
        title=_("您已确认参加：%(t)s") % {"t": activity.title},
        body=when(activity),
    )
    tell(
        activity,
        waiting,
        kind="activity.list_confirmed",
        title=_("您在候补名单中：%(t)s") % {"t": activity.title},
        body=_("如有空缺将自动递补并通知您"),
    )
    return activity


@transaction.atomic
def send_notice(activity: Activity, *, actor: User, note: str = "") -> Activity:
    """The formal meeting notice (已通知) to everyone holding a place."""
    activity = lock_activity(activity)
    move_activity(activity, "send_notice", actor=actor, note=note)
    body = _("时间：%(when)s；地点：%(where)s。%(note)s") % {
        "when": when(activity),
        "where": activity.location,
        "note": note,
    }
    tell(
        activity,
        expected_members(activity),
        kind="activity.notice",
        title=_("会议通知：%(t)s") % {"t": activity.title},
        body=body,
        sms=True,
    )
    return activity


@transaction.atomic
def start_activity(activity: Activity, *, actor: User | None) -> Activity:
    return move_activity(lock_activity(activity), "start", actor=actor)


@transaction.atomic
def end_activity(activity: Activity, *, actor: User) -> Activity:
    # Whoever pressed 开始活动 may end it, even before the scheduled start (a short meeting begun early).
    return move_activity(lock_activity(activity), "end", actor=actor)


@transaction.atomic
def cancel_activity(activity: Activity, *, actor: User, reason: str) -> Activity:
    activity = lock_activity(activity)
    if not reason.strip():
        raise DomainError("activity.reason_required", _("请填写取消原因"), fields={"reason": [_("此项为必填")]})
    people = expected_members(activity, waitlisted=True)
    move_activity(activity, "cancel", actor=actor, note=reason)
    title = _("活动取消：%(t)s（原定 %(when)s）") % {"t": activity.title, "when": when(activity)}
    tell(activity, people, kind="activity.cancelled", title=title, body=reason, sms=True)
    return activity


@transaction.atomic
def reschedule_activity(
    activity: Activity,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str | None = None,
    registration_closes_at: datetime.datetime | None = None,
    reason: str,
    actor: User,
) -> Activity:
    """改期: the old time and place stay on the timeline, and everyone on the list is told."""
    activity = lock_activity(activity)
    ensure_move(ACTIVITY_MOVES, "reschedule", activity.status, statuses=A, code="activity.bad_status")
    if not reason.strip():
        raise DomainError("activity.reason_required", _("请填写改期原因"), fields={"reason": [_("此项为必填")]})
    old = {
        "starts_at": activity.starts_at.isoformat(),
        "ends_at": activity.ends_at.isoformat(),
        "location": activity.location,
    }
    old_when = when(activity)
    activity.starts_at, activity.ends_at = starts_at, ends_at
    if location is not None:
        activity.location = location
    if registration_closes_at is not None or (
        activity.registration_closes_at and activity.registration_closes_at > starts_at
    ):
        activity.registration_closes_at = registration_closes_at
    if activity.status != A.DRAFT and starts_at <= timezone.now():
        raise Conflict("activity.in_past", _("新的开始时间已过"))
    _validate(activity)
    activity.reminded_at = None
    activity.save()
    new = {"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat(), "location": activity.location}
    add_event(
        activity,
        action="reschedule",
        actor=actor,
        from_status=activity.status,
        note=reason,
        data={"old": old, "new": new},
    )
    if activity.status != A.DRAFT:
        title = _("活动改期：%(t)s") % {"t": activity.title}
        body = _("原定 %(old)s，改为 %(new)s，地点：%(where)s。%(reason)s") % {
            "old": old_when,
            "new": when(activity),
            "where": activity.location,
            "reason": reason,
        }
        tell(
            activity,
            expected_members(activity, waitlisted=True),
            kind="activity.rescheduled",
            title=title,
            body=body,
            sms=True,
        )
    return activity


@transaction.atomic
def record_outcome(activity: Activity, *, minutes: str, outcome: str, suggestions_count: int, actor: User) -> Activity:
    """成果反馈: minutes, the report or outcome text, and how many suggestions it produced."""
    activity = lock_activity(activity)
    ensure_move(ACTIVITY_MOVES, "record_outcome", activity.status, statuses=A, code="activity.bad_status")
    if suggestions_count < 0:
        raise DomainError("activity.invalid", _("建议数不能为负"), fields={"suggestions_count": [_("不能为负")]})
    activity.minutes, activity.outcome, activity.suggestions_count = minutes, outcome, suggestions_count
    activity.save(update_fields=["minutes", "outcome", "suggestions_count", "updated_at"])
    return move_activity(activity, "record_outcome", actor=actor, data={"suggestions": suggestions_count})


@transaction.atomic
def attach_activity_file(activity: Activity, *, file: File, title: str, kind: str, actor: User) -> ActivityFile:
    if kind not in ActivityFile.Kind.values:
        raise DomainError("activity.bad_file_kind", _("未知的材料类型"), fields={"kind": [_("取值不在允许范围内")]})
    if activity.status in (A.DRAFT, A.CANCELLED):
        raise Conflict("activity.bad_status", _("活动尚未举办，不能上传成果材料"))
    accept(file, MATERIAL)
    attached = ActivityFile.objects.create(
        committee_id=activity.committee_id,
        activity=activity,
        kind=kind,
        title=title or file.name,
        file=file,
        uploaded_by=actor,
    )
    log_event(
        "activity.file_attached",
        activity,
        actor=actor,
        committee=activity.committee,
        data={"file": attached.pk, "title": attached.title},
    )
    return attached


@transaction.atomic
def archive_activity(activity: Activity, *, actor: User) -> Activity:
    return move_activity(lock_activity(activity), "archive", actor=actor)
