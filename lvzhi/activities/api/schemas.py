"""Input and output schemas of the activities API, one per endpoint shape."""

import datetime
from typing import Literal

from ninja import Field, Schema

from lvzhi.activities.models import Activity, CheckIn, LeaveRequest, Registration
from lvzhi.core.apikit import LocalDateTime
from lvzhi.ledger.taxonomy import ActivityKind


class AudienceIn(Schema):
    all: bool = False
    sectors: list[int] = []
    groups: list[int] = []
    special_committees: list[int] = []
    members: list[int] = []


class ActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: ActivityKind
    mode: Activity.Mode = Activity.Mode.INVITE
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str = Field("", max_length=200)
    capacity: int | None = Field(None, ge=1)
    registration_closes_at: datetime.datetime | None = None
    audience: AudienceIn = AudienceIn()
    content: str = ""
    goal: str = ""
    organiser_name: str = Field("", max_length=100)
    organiser_special_committee_id: int | None = None
    organiser_group_id: int | None = None
    counterpart_department: str = Field("", max_length=100)
    min_participants: int | None = Field(None, ge=1)
    checkin_opens_before: int = Field(60, ge=0, le=1440)
    checkin_closes_after: int = Field(0, ge=0, le=1440)
    late_after: int = Field(15, ge=0, le=1440)
    recorded_afterwards: bool = False


class ActivityPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: ActivityKind | None = None
    location: str | None = Field(None, max_length=200)
    capacity: int | None = Field(None, ge=1)
    registration_closes_at: datetime.datetime | None = None
    audience: AudienceIn | None = None
    content: str | None = None
    goal: str | None = None
    organiser_name: str | None = Field(None, max_length=100)
    organiser_special_committee_id: int | None = None
    organiser_group_id: int | None = None
    counterpart_department: str | None = Field(None, max_length=100)
    min_participants: int | None = Field(None, ge=1)
    checkin_opens_before: int | None = Field(None, ge=0, le=1440)
    checkin_closes_after: int | None = Field(None, ge=0, le=1440)
    late_after: int | None = Field(None, ge=0, le=1440)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None


class AudienceOut(Schema):
    all: bool
    sectors: list[int]
    groups: list[int]
    special_committees: list[int]
    members: list[int]


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
    counterpart_department: str
    min_participants: int | None
    audience: AudienceOut
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


class ReasonIn(Schema):
    reason: str = Field("", max_length=300)


class NoticeIn(Schema):
    note: str = Field("", max_length=300)


class RescheduleIn(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str | None = Field(None, max_length=200)
    registration_closes_at: datetime.datetime | None = None
    reason: str = Field(..., min_length=1, max_length=300)


class ExtendRegistrationIn(Schema):
    closes_at: datetime.datetime


class OutcomeIn(Schema):
    minutes: str = ""
    outcome: str = ""
    suggestions_count: int = Field(0, ge=0)


class InviteIn(Schema):
    member_ids: list[int] = Field(..., min_length=1)  # in order of priority for the free places
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
    status: Registration.Status
    source: str
    position: int | None
    attendance: str


class RegistrationList(Schema):
    count: int
    items: list[RegistrationOut]


class SignedUpOut(Schema):
    status: Literal["confirmed", "waitlisted"]
    position: int | None


class AdjustIn(Schema):
    action: Literal["confirm", "waitlist", "remove", "reassign"]
    to_activity_id: int | None = None
    note: str = Field("", max_length=200)


class AttendanceIn(Schema):
    member_id: int
    attendance: Registration.Attendance
    note: str = Field("", max_length=200)


class LeaveIn(Schema):
    kind: LeaveRequest.Kind = LeaveRequest.Kind.PERSONAL
    reason: str = Field(..., min_length=1, max_length=1000)


class LeaveOut(Schema):
    id: int
    activity_id: int
    member_id: int
    member_name: str
    kind: str
    reason: str
    status: LeaveRequest.Status
    route: str
    decision_note: str
    created_at: LocalDateTime


class LeaveList(Schema):
    count: int
    items: list[LeaveOut]


class DecisionIn(Schema):
    note: str = Field("", max_length=200)


class CheckInIn(Schema):
    code: str | None = Field(None, max_length=40)
    member_id: int | None = None
    member_code: str | None = Field(None, max_length=200)


class CheckInOut(Schema):
    id: int
    member_id: int
    status: CheckIn.Status
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
