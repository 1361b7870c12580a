"""签到: the rotating venue code, the member's personal code, and staff checking a member in by hand.

A check-in is one row per member and activity (unique constraint); recording it locks the member's
registration row first, so a double scan, even in the same instant, returns the row already there.
"""

import base64
import datetime

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity, CheckIn, Registration
from lvzhi.activities.services.common import add_event
from lvzhi.activities.transitions import ACTIVITY_MOVES, BEFORE_START, HOLDS_PLACE
from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import Committee, User
from lvzhi.org.models import Member

# The venue code changes every slot; the current and the previous slot are accepted, so a scan just
# at the turn still works while a photo sent to an absent colleague is useless a minute later.
VENUE_CODE_SLOT_SECONDS = 30
MEMBER_CODE_MAX_AGE = 600
_VENUE_SALT = "lvzhi.activities.venue-code"
_MEMBER_SALT = "lvzhi.activities.member-code"


def _slot(at: datetime.datetime) -> int:
    return int(at.timestamp()) // VENUE_CODE_SLOT_SECONDS


def _venue_code(activity_id: int, slot: int) -> str:
    digest = salted_hmac(_VENUE_SALT, f"{activity_id}:{slot}", algorithm="sha256").digest()
    return base64.b32encode(digest[:5]).decode().lower()


def current_venue_code(activity: Activity, at: datetime.datetime | None = None) -> str:
    """The short token to put in the check-in URL shown as a QR code at the entrance."""
    return _venue_code(activity.pk, _slot(at or timezone.now()))


def venue_code_refresh_at(at: datetime.datetime | None = None) -> datetime.datetime:
    """When the screen should fetch the next code (the start of the next slot)."""
    slot = _slot(at or timezone.now())
    return datetime.datetime.fromtimestamp((slot + 1) * VENUE_CODE_SLOT_SECONDS, tz=datetime.UTC)


def verify_venue_code(activity: Activity, code: str, at: datetime.datetime | None = None) -> bool:
    slot = _slot(at or timezone.now())
    given = (code or "").strip().lower()
    return any(constant_time_compare(given, _venue_code(activity.pk, s)) for s in (slot, slot - 1))


def member_code(member: Member) -> str:
    """The member's personal code (shown as a QR on their phone) for staff to scan; valid ten minutes."""
    return signing.TimestampSigner(salt=_MEMBER_SALT).sign(f"{member.committee_id}.{member.pk}")


def member_from_code(code: str, *, committee: Committee) -> Member:
    try:
        value = signing.TimestampSigner(salt=_MEMBER_SALT).unsign(code.strip(), max_age=MEMBER_CODE_MAX_AGE)
        committee_id, member_id = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError):
        raise DomainError("checkin.bad_member_code", _("委员码无效或已过期，请委员刷新后重试")) from None
    member = Member.objects.filter(pk=member_id, committee_id=committee_id).first()
    if member is None or committee_id != committee.pk:
        raise DomainError("checkin.bad_member_code", _("委员码无效或已过期，请委员刷新后重试"))
    return member


def checkin_window(activity: Activity) -> tuple[datetime.datetime, datetime.datetime]:
    """When members may check themselves in: from N minutes before the start until the end (plus grace)."""
    opens = activity.starts_at - datetime.timedelta(minutes=activity.checkin_opens_before)
    closes = activity.ends_at + datetime.timedelta(minutes=activity.checkin_closes_after)
    return opens, closes


def _current(activity: Activity) -> Activity:
    """The activity as it is now: its status decides, and the caller's copy may be older."""
    return Activity.objects.select_related("committee").get(pk=activity.pk)


def _place_on_list(activity: Activity, member: Member) -> Registration | None:
    return Registration.objects.filter(activity=activity, member=member, status__in=HOLDS_PLACE).first()


@transaction.atomic
def _record(activity: Activity, registration: Registration, *, method: str, actor: User | None) -> tuple[CheckIn, bool]:
    Registration.objects.select_for_update().filter(pk=registration.pk).first()
    existing = CheckIn.objects.filter(activity=activity, member_id=registration.member_id).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    late = now > activity.starts_at + datetime.timedelta(minutes=activity.late_after)
    checkin = CheckIn.objects.create(
        committee_id=activity.committee_id,
        activity=activity,
        member_id=registration.member_id,
        registration=registration,
        status=CheckIn.Status.LATE if late else CheckIn.Status.PRESENT,
        method=method,
        checked_in_at=now,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if activity.status in BEFORE_START and now >= checkin_window(activity)[0]:
        # The first arrival starts the activity. A conditional update, not a lock held by every
        # check-in: only the first of a thousand simultaneous scans changes the row.
        started = Activity.objects.filter(pk=activity.pk, status__in=BEFORE_START).update(
            status=Activity.Status.IN_PROGRESS, updated_at=now
        )
        if started:
            add_event(
                activity,
                action="start",
                actor=None,
                from_status=activity.status,
                to_status=Activity.Status.IN_PROGRESS,
                note=_("首位参加人员签到，活动开始"),
            )
    return checkin, True


def check_in_with_venue_code(activity: Activity, *, member: Member, code: str, actor: User) -> tuple[CheckIn, bool]:
    """The member scans the code at the entrance. Returns (check-in, created); a repeat scan returns the same row."""
    if member.user_id != actor.pk:
        raise NotAllowed("checkin.not_own", _("只能为本人签到"))
    activity = _current(activity)
    registration = _place_on_list(activity, member)
    if registration is None:
        raise NotAllowed("checkin.not_on_list", _("您不在本活动的参加名单中"))
    existing = CheckIn.objects.filter(activity=activity, member=member).first()
    if existing is not None:
        return existing, False
    opens, closes = checkin_window(activity)
    now = timezone.now()
    if not ACTIVITY_MOVES["check_in"].allows(activity.status) or not opens <= now <= closes:
        raise Conflict(
            "checkin.outside_window",
            _("不在签到时间内（%(a)s 至 %(b)s）")
            % {
                "a": timezone.localtime(opens).strftime("%m-%d %H:%M"),
                "b": timezone.localtime(closes).strftime("%m-%d %H:%M"),
            },
        )
    if not verify_venue_code(activity, code, now):
        raise DomainError("checkin.bad_code", _("签到码无效或已过期，请重新扫描现场二维码"))
    return _record(activity, registration, method=CheckIn.Method.VENUE_CODE, actor=actor)


def check_in_member(
    activity: Activity, *, member: Member, actor: User, method: str = CheckIn.Method.MANUAL
) -> tuple[CheckIn, bool]:
    """Staff check a member in (by hand or by scanning their code) at any time until attendance is closed."""
    activity = _current(activity)
    if not ACTIVITY_MOVES["check_in"].allows(activity.status):
        raise Conflict("checkin.closed", _("当前状态不能签到（考勤已确认或活动未发布）"))
    registration = _place_on_list(activity, member)
    if registration is None:
        raise Conflict("checkin.not_on_list", _("该委员不在本活动的参加名单中"))
    checkin, created = _record(activity, registration, method=method, actor=actor)
    if created:
        log_event(f"checkin.{method}", checkin, actor=actor, committee=activity.committee, data={"member": member.pk})
    return checkin, created


def check_in_with_member_code(activity: Activity, *, code: str, actor: User) -> tuple[CheckIn, bool]:
    member = member_from_code(code, committee=activity.committee)
    return check_in_member(activity, member=member, actor=actor, method=CheckIn.Method.MEMBER_CODE)
