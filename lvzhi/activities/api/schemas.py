"""Input and output schemas of the activities API, one per endpoint shape."""

import enum
from typing import Literal

from ninja import Field, Schema

from lvzhi.activities.models import AUDIENCE_POSITIONS, Activity, CheckIn, LeaveRequest, Registration
from lvzhi.core.apiinput import Body, Id, Int, Moment, Name, Text, choice
from lvzhi.core.apikit import LocalDateTime
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Gender

LONG_TEXT = 20_000
MAX_LIST = 5_000
MAX_PEOPLE = 100_000
ActivityMode = choice(Activity.Mode, "ActivityMode")
ActivityStatus = choice(Activity.Status, "ActivityStatus")
RegistrationStatus = choice(Registration.Status, "RegistrationStatus")
Attendance = choice(Registration.Attendance, "Attendance")
LeaveKind = choice(LeaveRequest.Kind, "LeaveKind")
LeaveStatus = choice(LeaveRequest.Status, "LeaveStatus")
CheckInStatus = choice(CheckIn.Status, "CheckInStatus")
AudienceGender = choice(Gender, "AudienceGender")
AudiencePosition = enum.StrEnum("AudiencePosition", {value.upper(): value for value, _label in AUDIENCE_POSITIONS})


class AudienceIn(Body):
    """面向范围. Gender, new_only and positions narrow the units (never the members named); lower committees'
    members are invited across levels. A saved audience (常用范围) replaces everything else given."""

    all: bool = False
    sectors: list[Id] = Field([], max_length=MAX_LIST)
    groups: list[Id] = Field([], max_length=MAX_LIST)
    special_committees: list[Id] = Field([], max_length=MAX_LIST)
    members: list[Id] = Field([], max_length=MAX_LIST)
    regional_groups: list[Id] = Field([], max_length=MAX_LIST)
    stations: list[Id] = Field([], max_length=MAX_LIST)
    committees: list[Id] = Field([], max_length=MAX_LIST)
    gender: AudienceGender | Literal[""] = ""
    new_only: bool = False
    positions: list[AudiencePosition] = Field([], max_length=len(AUDIENCE_POSITIONS))
    saved_audience_id: Id | None = None


class SavedAudienceIn(Body):
    name: Name(60)
    audience: AudienceIn


class FilingNoteIn(Body):
    note: Text(300) = ""


class ActivitySettingsIn(Body):
    group_filing_required: bool


class ActivitySettingsOut(Schema):
    group_filing_required: bool


class ActivityIn(Body):
    title: Name(200)
    kind: ActivityKind
    mode: ActivityMode = ActivityMode.INVITE
    starts_at: Moment
    ends_at: Moment
    location: Text(200) = ""
    capacity: Int(1, MAX_PEOPLE) | None = None
    registration_closes_at: Moment | None = None
    audience: AudienceIn = AudienceIn()
    content: Text(LONG_TEXT) = ""
    goal: Text(LONG_TEXT) = ""
    organiser_name: Text(100) = ""
    organiser_special_committee_id: Id | None = None
    organiser_group_id: Id | None = None
    organiser_regional_group_id: Id | None = None
    organiser_station_id: Id | None = None
    counterpart_department: Text(100) = ""
    min_participants: Int(1, MAX_PEOPLE) | None = None
    checkin_opens_before: Int(0, 1440) = 60
    checkin_closes_after: Int(0, 1440) = 0
    late_after: Int(0, 1440) = 15
    recorded_afterwards: bool = False


# A field left out stays as it is; null only where the activity may hold no value (capacity, organiser…).
class ActivityPatch(Body):
    title: Name(200) = None
    kind: ActivityKind = None
    location: Text(200) = None
    capacity: Int(1, MAX_PEOPLE) | None = None
    registration_closes_at: Moment | None = None
    audience: AudienceIn = None
    content: Text(LONG_TEXT) = None
    goal: Text(LONG_TEXT) = None
    organiser_name: Text(100) = None
    organiser_special_committee_id: Id | None = None
    organiser_group_id: Id | None = None
    organiser_regional_group_id: Id | None = None
    organiser_station_id: Id | None = None
    counterpart_department: Text(100) = None
    min_participants: Int(1, MAX_PEOPLE) | None = None
    checkin_opens_before: Int(0, 1440) = None
    checkin_closes_after: Int(0, 1440) = None
    late_after: Int(0, 1440) = None
    starts_at: Moment = None
    ends_at: Moment = None


class AudienceOut(Schema):
    all: bool
    sectors: list[int]
    groups: list[int]
    special_committees: list[int]
    members: list[int]
    regional_groups: list[int]
    stations: list[int]
    committees: list[int]
    gender: str
    new_only: bool
    positions: list[str]


class SavedAudienceOut(Schema):
    id: int
    name: str
    audience: AudienceOut


class ActivitySummary(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    mode: str
    status: str
    status_label: str
    starts_at: LocalDateTime
    ends_at: LocalDateTime
    location: str
    capacity: int | None
    registration_closes_at: LocalDateTime | None
    confirmed: int
    waitlisted: int
    recorded_afterwards: bool


class ActivityList(Schema):
    count: int
    items: list[ActivitySummary]


class EventOut(Schema):
    at: LocalDateTime
    actor: str | None
    action: str
    # Keys "from" and "to" as in API.md's timelines (Python reserves `from`); served with by_alias.
    from_status: str = Field(..., alias="from")
    to_status: str = Field(..., alias="to")
    note: str
    data: dict


class MyPlace(Schema):
    status: str
    position: int | None
    attendance: str
    leave: dict | None


class FileOut(Schema):
    id: int
    kind: str
    title: str
    url: str


class ActivityOut(ActivitySummary):
    content: str
    goal: str
    organiser_name: str
    organiser_special_committee_id: int | None
    organiser_group_id: int | None
    organiser_regional_group_id: int | None
    organiser_station_id: int | None
    counterpart_department: str
    min_participants: int | None
    audience: AudienceOut
    # 事前报备: "" (not filed), pending, approved or returned.
    filing_status: str
    checkin_opens_before: int
    checkin_closes_after: int
    late_after: int
    minutes: str
    outcome: str
    suggestions_count: int


class ActivityDetail(ActivityOut):
    timeline: list[EventOut]
    files: list[FileOut]
    me: MyPlace | None


class ReasonIn(Body):
    reason: Text(300) = ""


class NoticeIn(Body):
    note: Text(300) = ""


class RescheduleIn(Body):
    starts_at: Moment
    ends_at: Moment
    location: Text(200) | None = None
    registration_closes_at: Moment | None = None
    reason: Name(300)


class ExtendRegistrationIn(Body):
    closes_at: Moment


class OutcomeIn(Body):
    minutes: Text(LONG_TEXT) = ""
    outcome: Text(LONG_TEXT) = ""
    suggestions_count: Int(0, MAX_PEOPLE) = 0


class InviteIn(Body):
    member_ids: list[Id] = Field(..., min_length=1, max_length=MAX_LIST)  # in order of priority for the free places
    # Beyond the free places: "refuse" changes nothing and says why; "waitlist" puts the rest on the waiting list.
    overflow: Literal["refuse", "waitlist"] = "refuse"


class InvitePlanOut(Schema):
    free: int | None  # free places now; null: no limit
    seated: list[int]
    waitlisted: list[int]
    already_on_list: list[int]


class InvitedOut(Schema):
    invited: int
    waitlisted: int
    already_on_list: int


class RegistrationOut(Schema):
    member_id: int
    name: str
    status: RegistrationStatus
    source: str
    position: int | None
    attendance: str


class RegistrationList(Schema):
    count: int
    items: list[RegistrationOut]


class SignedUpOut(Schema):
    status: Literal["confirmed", "waitlisted"]
    position: int | None


class AdjustIn(Body):
    action: Literal["confirm", "waitlist", "remove", "reassign"]
    to_activity_id: Id | None = None
    note: Text(200) = ""


class AttendanceIn(Body):
    member_id: Id
    attendance: Attendance
    note: Text(200) = ""


class LeaveIn(Body):
    kind: LeaveKind = LeaveKind.PERSONAL
    reason: Name(1000)


class LeaveOut(Schema):
    id: int
    activity_id: int
    member_id: int
    member_name: str
    kind: str
    reason: str
    status: LeaveStatus
    route: str
    decision_note: str
    created_at: LocalDateTime


class LeaveList(Schema):
    count: int
    items: list[LeaveOut]


class DecisionIn(Body):
    note: Text(200) = ""


class CheckInIn(Body):
    code: Text(40) | None = None
    member_id: Id | None = None
    member_code: Text(200) | None = None


class CheckInOut(Schema):
    id: int
    member_id: int
    status: CheckInStatus
    method: str
    checked_in_at: LocalDateTime


class MemberRef(Schema):
    id: int
    name: str


class BoardOut(Schema):
    expected: int
    present: int
    late: int
    on_leave: int
    missing: int
    missing_members: list[MemberRef]
    latest: list[CheckInOut]


class VenueCodeOut(Schema):
    code: str
    refresh_at: LocalDateTime


class MemberCodeOut(Schema):
    code: str  # what the QR holds
    number: str  # six digits staff may type instead (as member_code of a check-in)
    valid_seconds: int
    refresh_at: LocalDateTime
