"""我的日历: my activities month by month, and an iCal feed (RFC 5545) a phone's calendar app subscribes to.

Calendar apps send no session, so the feed URL carries a signed token naming the committee and the
user; the feed runs inside that committee's scope and lists only that member's own activities. The token also
carries a fingerprint of the password hash, so changing or resetting the password revokes every feed URL
handed out before.
"""

import datetime
from collections.abc import Callable, Iterable

from django.core import signing
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_scopes import scope

from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.views.portal_common import reaching_up
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.models import Committee, User
from lvzhi.core.permissions import requires
from lvzhi.core.tenancy import access_for
from lvzhi.org.models import Member
from lvzhi.org.portal import member_of, member_required

A = Activity.Status
R = Registration.Status
ON_LIST = (R.INVITED, R.CONFIRMED, R.WAITLISTED)
_ICAL_SALT = "lvzhi.activities.ical"
# A subscription shows the recent past too, so a meeting does not vanish from the phone the day after.
FEED_HISTORY = datetime.timedelta(days=180)
# Reminders the phone's calendar raises (where the app honours a feed's alarms): the day before, to plan
# the journey, and an hour before, to set off.
ALARMS = (("-P1D", _lazy("明天")), ("-PT1H", _lazy("1 小时后")))


def _excused(member: Member) -> QuerySet[LeaveRequest]:
    """Meetings the member was excused from (approved leave) leave the calendar and the feed."""
    return LeaveRequest.objects.filter(member=member, status=LeaveRequest.Status.APPROVED).values("activity_id")


def _password_fingerprint(user: User) -> str:
    return salted_hmac(_ICAL_SALT, user.password, algorithm="sha256").hexdigest()[:16]


def ical_token(user: User, committee: Committee) -> str:
    return signing.Signer(salt=_ICAL_SALT, sep=".").sign(f"{committee.pk}-{user.pk}-{_password_fingerprint(user)}")


def _month(value: str | None) -> datetime.date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1) if 2000 <= year <= 2100 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


def _next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


@requires(C.PARTICIPATE)
@member_required
@reaching_up
def calendar(request: HttpRequest, member: Member) -> HttpResponse:
    first = _month(request.GET.get("month"))
    following = _next_month(first)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(following, datetime.time(), tzinfo=tz)
    registrations = (
        Registration.objects.filter(
            member=member, status__in=ON_LIST, activity__starts_at__gte=start, activity__starts_at__lt=end
        )
        .exclude(activity__status=A.DRAFT)
        .exclude(activity_id__in=_excused(member))
        .select_related("activity")
        .order_by("activity__starts_at", "activity_id")
    )
    days: dict[datetime.date, list[Registration]] = {}
    for registration in registrations:
        days.setdefault(timezone.localdate(registration.activity.starts_at), []).append(registration)
    feed = request.build_absolute_uri(reverse("activities:ical", args=[ical_token(request.user, request.committee)]))
    return render(
        request,
        "activities/my_calendar.html",
        {
            "month": first,
            "previous": (first - datetime.timedelta(days=1)).strftime("%Y-%m"),
            "next": following.strftime("%Y-%m"),
            "days": sorted(days.items()),
            "feed_url": feed,
            "webcal_url": "webcal://" + feed.split("://", 1)[1],
        },
    )


# RFC 5545 text: escape backslash, semicolon and comma; newlines become "\n".
def _text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space, never inside a character."""
    parts: list[str] = []
    current, size, limit = [], 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # the leading space takes one octet
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_body(
    committee: Committee,
    activities: Iterable[Activity],
    *,
    link_for: Callable[[Activity], str],
    stamp: datetime.datetime,
) -> str:
    """A VCALENDAR with one VEVENT per activity; times in UTC so no VTIMEZONE block is needed."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lvzhi//Activities//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(_('履职日历') + ' · ' + committee.name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for activity in activities:
        details = [activity.get_kind_display()]
        if activity.organiser_name:
            details.append(_("承办：%(o)s") % {"o": activity.organiser_name})
        if activity.content:
            details.append(activity.content)
        url = link_for(activity)
        details.append(url)
        lines += [
            "BEGIN:VEVENT",
            f"UID:activity-{activity.pk}@{committee.code}.lvzhi",
            f"DTSTAMP:{_utc(stamp)}",
            f"LAST-MODIFIED:{_utc(activity.updated_at)}",
            f"DTSTART:{_utc(activity.starts_at)}",
            f"DTEND:{_utc(activity.ends_at)}",
            f"SUMMARY:{_text(activity.title)}",
            f"LOCATION:{_text(activity.location)}",
            f"DESCRIPTION:{_text(chr(10).join(details))}",
            f"URL:{url}",
            f"STATUS:{'CANCELLED' if activity.status == A.CANCELLED else 'CONFIRMED'}",
        ]
        if activity.status != A.CANCELLED:
            for trigger, when in ALARMS:
                reminder = _("%(when)s：%(t)s") % {"when": when, "t": activity.title}
                lines += [
                    "BEGIN:VALARM",
                    "ACTION:DISPLAY",
                    f"TRIGGER:{trigger}",
                    f"DESCRIPTION:{_text(reminder)}",
                    "END:VALARM",
                ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No session here: the signed token names the committee and the user; anything else is 404."""
    try:
        committee_part, user_part, fingerprint = signing.Signer(salt=_ICAL_SALT, sep=".").unsign(token).split("-")
        committee_id, user_id = int(committee_part), int(user_part)
    except (signing.BadSignature, ValueError):
        raise Http404 from None
    committee = Committee.objects.filter(pk=committee_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if committee is None or user is None or not constant_time_compare(fingerprint, _password_fingerprint(user)):
        raise Http404
    with scope(committee=committee):
        member = member_of(user, committee)
        if member is None or not access_for(user, committee).can(C.PARTICIPATE):
            raise Http404
        activities = list(
            Activity.objects.filter(
                committee=committee,
                pk__in=Registration.objects.filter(member=member, status__in=(R.INVITED, R.CONFIRMED)).values(
                    "activity_id"
                ),
                starts_at__gte=timezone.now() - FEED_HISTORY,
            )
            .exclude(status=A.DRAFT)
            .exclude(pk__in=_excused(member))
            .order_by("starts_at", "id")
        )
    body = ical_body(
        committee,
        activities,
        link_for=lambda a: request.build_absolute_uri(reverse("activities:detail", args=[a.pk])),
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lvzhi.ics"'
    return response


urlpatterns = [
    path("calendar/", calendar, name="calendar"),
    path("calendar/<str:token>/feed.ics", ical_feed, name="ical"),
]
