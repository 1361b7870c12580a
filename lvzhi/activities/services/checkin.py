"""签到: the rotating venue code, the member's personal code, and staff checking a member in by hand.

A check-in is one row per member and activity (unique constraint): a double scan, even in the same instant,
returns the row already there (the second insert meets the constraint and reads the first's row).
Checking in never starts the activity: the organiser's 开始活动 does (members may arrive an hour early).
"""

import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity, CheckIn, Registration
from lvzhi.activities.transitions import ACTIVITY_MOVES, HOLDS_PLACE
from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import AuditEvent, Committee, User
from lvzhi.org.models import Member

# The venue code is six digits an older member can read off the screen and type. It changes every
# two minutes and the previous one is still accepted, so it stays valid for two to four minutes:
# long enough to type, too short to be of use to an absent colleague who was sent a photo.
# Six digits can be guessed where three letters cannot, so wrong tries are counted (audited) and
# a member gets VENUE_CODE_TRIES wrong tries per activity in VENUE_CODE_TRIES_WINDOW.
VENUE_CODE_SLOT_SECONDS = 120
VENUE_CODE_DIGITS = 6
VENUE_CODE_TRIES = 5
VENUE_CODE_TRIES_WINDOW = datetime.timedelta(minutes=10)
# The member's personal code: a signed token in the QR, and six digits for staff to type, both
# renewed every five minutes and valid for ten.
MEMBER_CODE_MAX_AGE = 600
MEMBER_NUMBER_SLOT_SECONDS = MEMBER_CODE_MAX_AGE // 2
_VENUE_SALT = "lvzhi.activities.venue-code"
_MEMBER_SALT = "lvzhi.activities.member-code"
_MEMBER_NUMBER_SALT = "lvzhi.activities.member-number"
_BAD_MEMBER_CODE = "checkin.bad_member_code"


def _digits(salt: str, value: str) -> str:
    digest = salted_hmac(salt, value, algorithm="sha256").digest()
    return str(int.from_bytes(digest[:8], "big") % 10**VENUE_CODE_DIGITS).zfill(VENUE_CODE_DIGITS)


def _slot(at: datetime.datetime, seconds: int = VENUE_CODE_SLOT_SECONDS) -> int:
    return int(at.timestamp()) // seconds


def _only_digits(code: str) -> str:
    """What the member typed, without the spaces the screen shows between groups of three."""
    return "".join((code or "").split())


def _venue_code(activity_id: int, slot: int) -> str:
    return _digits(_VENUE_SALT, f"{activity_id}:{slot}")


def current_venue_code(activity: Activity, at: datetime.datetime | None = None) -> str:
    """The six digits shown in large type at the entrance, and carried by the venue QR's link."""
    return _venue_code(activity.pk, _slot(at or timezone.now()))


def venue_code_refresh_at(at: datetime.datetime | None = None) -> datetime.datetime:
    """When the screen should fetch the next code (the start of the next slot)."""
    slot = _slot(at or timezone.now())
    return datetime.datetime.fromtimestamp((slot + 1) * VENUE_CODE_SLOT_SECONDS, tz=datetime.UTC)


def verify_venue_code(activity: Activity, code: str, at: datetime.datetime | None = None) -> bool:
    slot = _slot(at or timezone.now())
    given = _only_digits(code)
    return any(constant_time_compare(given, _venue_code(activity.pk, s)) for s in (slot, slot - 1))


def member_code(member: Member) -> str:
    """The member's personal code (shown as a QR on their phone) for staff to scan; valid ten minutes."""
    return signing.TimestampSigner(salt=_MEMBER_SALT).sign(f"{member.committee_id}.{member.pk}")


def _member_number(member_id: int, committee_id: int, slot: int) -> str:
    return _digits(_MEMBER_NUMBER_SALT, f"{committee_id}:{member_id}:{slot}")


def member_number(member: Member, at: datetime.datetime | None = None) -> str:
    """Six digits under the member's QR that staff type when there is nothing to scan with."""
    return _member_number(member.pk, member.committee_id, _slot(at or timezone.now(), MEMBER_NUMBER_SLOT_SECONDS))


def member_number_refresh_at(at: datetime.datetime | None = None) -> datetime.datetime:
    slot = _slot(at or timezone.now(), MEMBER_NUMBER_SLOT_SECONDS)
    return datetime.datetime.fromtimestamp((slot + 1) * MEMBER_NUMBER_SLOT_SECONDS, tz=datetime.UTC)


def member_from_code(code: str, *, committee: Committee) -> Member:
    try:
        value = signing.TimestampSigner(salt=_MEMBER_SALT).unsign(code.strip(), max_age=MEMBER_CODE_MAX_AGE)
        committee_id, member_id = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError):
        raise DomainError(_BAD_MEMBER_CODE, _("委员码无效或已过期，请委员刷新后重试")) from None
    member = Member.objects.filter(pk=member_id, committee_id=committee_id).first()
    if member is None or committee_id != committee.pk:
        raise DomainError(_BAD_MEMBER_CODE, _("委员码无效或已过期，请委员刷新后重试"))
    return member


def member_from_number(activity: Activity, number: str, at: datetime.datetime | None = None) -> Member:
    """The member on this activity's list whose current (or previous) six digits these are.

    Six digits name a member only among the few hundred on one list, so the lookup runs over the list;
    should two members' numbers coincide, staff are asked to scan the QR instead of guessing.
    """
    slot = _slot(at or timezone.now(), MEMBER_NUMBER_SLOT_SECONDS)
    given = _only_digits(number)
    places = Registration.objects.filter(activity=activity, status__in=HOLDS_PLACE).values_list("member_id", flat=True)
    found = {
        member_id
        for member_id in places
        for s in (slot, slot - 1)
        if constant_time_compare(given, _member_number(member_id, activity.committee_id, s))
    }
    if len(found) > 1:
        raise DomainError(_BAD_MEMBER_CODE, _("该数字码对应多位委员，请扫描委员手机上的二维码"))
    if not found:
        raise DomainError(_BAD_MEMBER_CODE, _("数字码无效或已过期，或该委员不在本活动的参加名单中，请委员刷新后重试"))
    return Member.objects.get(pk=found.pop())


def checkin_window(activity: Activity) -> tuple[datetime.datetime, datetime.datetime]:
    """When members may check themselves in: from N minutes before the start until the end (plus grace)."""
    opens = activity.starts_at - datetime.timedelta(minutes=activity.checkin_opens_before)
    closes = activity.ends_at + datetime.timedelta(minutes=activity.checkin_closes_after)
    return opens, closes


def _current(activity: Activity) -> Activity:
    """The activity as it is now: its status decides, and the caller's copy may be older."""
    return Activity.objects.select_related("committee").get(pk=activity.pk)


def _place_on_list(activity: Activity, member: Member, *, tries_of: User | None = None) -> Registration | None:
    """The member's place on the list, read with what the check-in needs next, in one query (1,000 members scan
    within minutes): `checkin_id`, the check-in already recorded, and with `tries_of`, `wrong_tries`, that user's
    wrong venue codes for this activity in the last VENUE_CODE_TRIES_WINDOW (audited as checkin.bad_code)."""
    rows = Registration.objects.filter(activity=activity, member=member, status__in=HOLDS_PLACE).annotate(
        checkin_id=Subquery(CheckIn.objects.filter(activity=activity, member=member).values("pk")[:1])
    )
    if tries_of is not None:
        tries = (
            AuditEvent.objects.filter(
                action="checkin.bad_code",
                object_type=activity._meta.label_lower,
                object_id=str(activity.pk),
                actor=tries_of,
                created_at__gte=timezone.now() - VENUE_CODE_TRIES_WINDOW,
            )
            .order_by()
            .values("actor")
            .annotate(n=Count("pk"))
            .values("n")
        )
        rows = rows.annotate(wrong_tries=Coalesce(Subquery(tries), 0))
    return rows.first()


def _record(activity: Activity, registration: Registration, *, method: str, actor: User | None) -> tuple[CheckIn, bool]:
    now = timezone.now()
    late = now > activity.starts_at + datetime.timedelta(minutes=activity.late_after)
    try:
        with transaction.atomic():
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
    except IntegrityError:
        # A second scan of the same member in the same instant: the first one's row is the check-in.
        existing = CheckIn.objects.filter(activity=activity, member_id=registration.member_id).first()
        if existing is None:
            raise
        return existing, False
    return checkin, True


def check_in_with_venue_code(activity: Activity, *, member: Member, code: str, actor: User) -> tuple[CheckIn, bool]:
    """The member scans the code at the entrance. Returns (check-in, created); a repeat scan returns the same row."""
    if member.user_id != actor.pk:
        raise NotAllowed("checkin.not_own", _("只能为本人签到"))
    activity = _current(activity)
    registration = _place_on_list(activity, member, tries_of=actor)
    if registration is None:
        raise NotAllowed("checkin.not_on_list", _("您不在本活动的参加名单中"))
    if registration.checkin_id is not None:
        return CheckIn.objects.get(pk=registration.checkin_id), False
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
    if registration.wrong_tries >= VENUE_CODE_TRIES:
        raise Conflict(
            "checkin.too_many_tries",
            _("签到码输错次数过多，请 10 分钟后再试，或出示“我的签到码”请工作人员为您签到"),
        )
    if not verify_venue_code(activity, code, now):
        log_event("checkin.bad_code", activity, actor=actor, committee=activity.committee)
        raise DomainError("checkin.bad_code", _("签到码不对或已过期，请核对会场大屏上的 6 位数字后重新输入"))
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
    if registration.checkin_id is not None:
        return CheckIn.objects.get(pk=registration.checkin_id), False
    checkin, created = _record(activity, registration, method=method, actor=actor)
    if created:
        log_event(f"checkin.{method}", checkin, actor=actor, committee=activity.committee, data={"member": member.pk})
    return checkin, created


def check_in_with_member_code(activity: Activity, *, code: str, actor: User) -> tuple[CheckIn, bool]:
    """Staff scan the member's QR (a signed token) or type the six digits under it."""
    if _only_digits(code).isdigit() and len(_only_digits(code)) == VENUE_CODE_DIGITS:
        member = member_from_number(_current(activity), code)
    else:
        member = member_from_code(code, committee=activity.committee)
    return check_in_member(activity, member=member, actor=actor, method=CheckIn.Method.MEMBER_CODE)
