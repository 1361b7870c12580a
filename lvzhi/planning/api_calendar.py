"""Calendar API (履职日历): the year's rule dates and warnings, holidays, rule settings, planned drafts."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from lvzhi.core.apiinput import Body, ClockTime, Day, Int, Name, Text, Year
from lvzhi.core.apikit import need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotAllowed
from lvzhi.core.tenancy import Access
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.planning import queries, services
from lvzhi.planning.models import CalendarRule, WarningSettings
from lvzhi.planning.plan_queries import manages_calendar
from lvzhi.planning.services.calendar import check_year

router = Router(tags=["planning"])

RuleKind = Literal["activity_day", "study_day", "lecture", "sector_month", "proposal_month"]
ShiftCode = Literal["previous", "next", "none"]


class RuleDateOut(Schema):
    date: datetime.date
    nominal_date: datetime.date
    shifted: bool
    reason: str = Field(description="Why the date moved: the holiday, or the weekday")
    planned: int = Field(description="Drafts already generated for this date")


class RuleOut(Schema):
    kind: str
    name: str
    enabled: bool
    shift: str
    activity_kind: str
    mode: str
    title: str
    location: str
    starts_at: ClockTime
    ends_at: ClockTime
    day: int
    months: list[int] = Field(description="委员活动日 and 界别活动月: the months it falls in")
    weekday: int = Field(description="委员活动日: the last such weekday of the month (0 Monday … 6 Sunday)")
    quarter_month: int
    months_before: int
    per_group: bool


class ScheduleOut(Schema):
    rule: RuleOut
    dates: list[RuleDateOut]
    note: str


class HolidayOut(Schema):
    date: datetime.date
    name: str
    is_makeup_workday: bool


class WarningOut(Schema):
    subject: str
    message: str


class CalendarOut(Schema):
    year: int
    customised: bool = Field(description="False while the State Council schedule applies unedited")
    rules: list[ScheduleOut]
    holidays: list[HolidayOut]
    warnings: list[WarningOut]


class HolidayIn(Body):
    date: Day
    name: Text(30) = ""
    is_makeup_workday: bool = False


# Left out, a setting stays as it is; every setting holds a value, so none may be null.
class RuleIn(Body):
    kind: RuleKind
    enabled: bool = None
    shift: ShiftCode = None
    day: Int(1, 28) = None
    months: list[Int(1, 12)] = Field(None, min_length=1, max_length=12)
    weekday: Int(0, 6) = None
    quarter_month: Int(1, 3) = None
    months_before: Int(1, 6) = None
    per_group: bool = None
    activity_kind: ActivityKind = Field(None, description="An activity kind code")
    mode: Literal["menu", "invite"] = None
    title: Name(200) = None
    location: Text(200) = None
    starts_at: ClockTime = None
    ends_at: ClockTime = None


class DraftsOut(Schema):
    created: int
    existing: int = Field(description="Dates planned earlier, left alone")
    past: int = Field(description="Dates before today, not planned")
    activity_ids: list[int]


def _editor(request: HttpRequest) -> Access:
    access = need(request, C.MANAGE_ACTIVITIES)
    if not manages_calendar(access):
        raise NotAllowed("permission.denied", _("日历由本会统一设置，本单位工作人员不能修改"))
    return access


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


def _rule(rule: CalendarRule) -> dict:
    fields = [f for f in RuleOut.model_fields if f not in ("name", "months")]
    values = {f: getattr(rule, f) for f in fields}
    return {"name": rule.get_kind_display(), "months": list(queries.rule_months(rule)), **values}


class WarningSettingsOut(Schema):
    consultation_month: int
    consultation_day: int
    consultation_min: int
    activity_month: int
    activity_day: int
    activity_min: int
    lecture_warning_month: int


class WarningSettingsIn(Schema):
    consultation_month: int | None = Field(None, ge=1, le=12)
    consultation_day: int | None = Field(None, ge=1, le=31)
    consultation_min: int | None = Field(None, ge=0, le=20)
    activity_month: int | None = Field(None, ge=1, le=12)
    activity_day: int | None = Field(None, ge=1, le=31)
    activity_min: int | None = Field(None, ge=0, le=50)
    lecture_warning_month: int | None = Field(None, ge=1, le=3)


@router.get("/calendar", response=CalendarOut, summary="The year's rule dates, holidays and compliance warnings")
def get_calendar(request: HttpRequest, year: Year | None = None) -> dict:
    need(request, C.VIEW_STATS)
    year = _year(year)
    check_year(year)
    committee = request.committee
    return {
        "year": year,
        "customised": bool(queries.customised_years(committee, [year])),
        "rules": [
            {"rule": _rule(s.rule), "dates": s.dates, "note": s.note} for s in queries.year_schedule(committee, year)
        ],
        "holidays": queries.holidays_of(committee, year),
        "warnings": queries.compliance_warnings(committee, year, timezone.localdate()),
    }


@router.post("/calendar/holidays", response=HolidayOut, summary="Set one day as a holiday or a make-up working day")
def set_holiday(request: HttpRequest, payload: HolidayIn) -> object:
    _editor(request)
    return services.set_holiday(
        committee=request.committee,
        date=payload.date,
        name=payload.name,
        is_makeup_workday=payload.is_makeup_workday,
        actor=request.user,
    )


@router.delete("/calendar/holidays", response={204: None}, summary="Make a day an ordinary one again")
def remove_holiday(request: HttpRequest, date: Day) -> Status:
    _editor(request)
    services.remove_holiday(committee=request.committee, date=date, actor=request.user)
    return Status(204, None)


@router.post("/calendar/holidays/reset", response={204: None}, summary="Back to the State Council schedule")
def reset_holidays(request: HttpRequest, year: Year) -> Status:
    _editor(request)
    services.reset_holidays(committee=request.committee, year=year, actor=request.user)
    return Status(204, None)


@router.patch("/calendar/rules", response=RuleOut, summary="Change a calendar rule's settings")
def update_rule(request: HttpRequest, payload: RuleIn) -> dict:
    _editor(request)
    data = payload.dict(exclude_unset=True, exclude={"kind"})
    if "months" in data:
        data["months"] = "、".join(str(m) for m in sorted(set(data["months"])))
    rule = services.update_calendar_rule(committee=request.committee, kind=payload.kind, data=data, actor=request.user)
    return _rule(rule)


@router.get("/calendar/warning-settings", response=WarningSettingsOut, summary="When the compliance warnings fire")
def get_warning_settings(request: HttpRequest) -> WarningSettings:
    need(request, C.VIEW_STATS)
    return queries.warning_settings(request.committee)


@router.patch(
    "/calendar/warning-settings", response=WarningSettingsOut, summary="Change when the compliance warnings fire"
)
def update_warning_settings(request: HttpRequest, payload: WarningSettingsIn) -> WarningSettings:
    _editor(request)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.update_warning_settings(committee=request.committee, data=data, actor=request.user)


@router.post("/calendar/drafts", response=DraftsOut, summary="Generate planned drafts for the year's rule dates")
def generate_drafts(request: HttpRequest, year: Year | None = None) -> dict:
    """One draft activity per enabled rule date from today on; dates planned earlier are never planned again."""
    _editor(request)
    result = services.generate_planned_drafts(request.committee, _year(year), actor=request.user)
    return {
        "created": len(result.created),
        "existing": result.existing,
        "past": result.past,
        "activity_ids": [a.pk for a in result.created],
    }
