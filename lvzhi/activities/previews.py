"""What a hard-to-undo move will do, shown on its confirmation before it is made: who will be told,
what will be recorded. Reads only; each preview mirrors the service it stands in front of."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.queries import audience_members
from lvzhi.activities.services.attendance import closing_attendance
from lvzhi.activities.transitions import HOLDS_PLACE
from lvzhi.org.models import Member

# A confirmation names people up to this many, then says "等 N 人": enough to spot a wrong list.
NAMES_SHOWN = 30


@dataclass(frozen=True)
class Preview:
    """One confirmation: a sentence, and the people it concerns (named, then counted)."""

    text: str
    names: list[str] = field(default_factory=list)
    count: int = 0
    groups: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.names))


def _names(members: QuerySet[Member] | list[Member]) -> tuple[list[str], int]:
    if isinstance(members, list):
        return [m.name for m in members[:NAMES_SHOWN]], len(members)
    return list(members.values_list("name", flat=True)[:NAMES_SHOWN]), members.count()


def _holders(activity: Activity, *, waitlisted: bool = False) -> QuerySet[Member]:
    statuses = set(HOLDS_PLACE) | ({Registration.Status.WAITLISTED} if waitlisted else set())
    on_list = Registration.objects.filter(activity=activity, status__in=statuses).values("member_id")
    return Member.objects.filter(pk__in=on_list).order_by("name_pinyin", "id")


def publish(activity: Activity) -> Preview:
    if activity.mode == Activity.Mode.INVITE:
        people = (audience_members(activity) | _holders(activity)).distinct().order_by("name_pinyin", "id")
        names, count = _names(people)
        text = _("发布后将邀请并通知以下 %(n)s 位委员（站内消息、短信）：") % {"n": count}
        return Preview(text, names, count)
    names, count = _names(audience_members(activity))
    return Preview(_("发布后面向范围内的 %(n)s 位委员可以报名，并收到站内消息：") % {"n": count}, names, count)


def _tell_holders(activity: Activity, sentence: str, *, waitlisted: bool = False) -> Preview:
    names, count = _names(_holders(activity, waitlisted=waitlisted))
    return Preview(sentence % {"n": count}, names, count)


def close(activity: Activity) -> Preview:
    """确认考勤: how each person on the list will be recorded in the duty ledger."""
    registrations = list(Registration.objects.filter(activity=activity).select_related("member"))
    holders = closing_attendance(activity, registrations)
    labels = dict(Registration.Attendance.choices)
    groups: dict[str, list[str]] = {}
    for registration in sorted(holders, key=lambda r: (r.member.name_pinyin, r.member_id)):
        groups.setdefault(registration.attendance, []).append(registration.member.name)
    order = [value for value, __ in Registration.Attendance.choices if value in groups]
    text = _("确认后将为 %(n)s 人写入履职记录，考勤如下（可重新打开考勤更正）：") % {"n": len(holders)}
    return Preview(text, count=len(holders), groups=[(str(labels[value]), groups[value]) for value in order])


def first_waiting(activity: Activity) -> str:
    """Who takes a place freed by 移出 (the head of the waiting list), for the roster's confirmation; "" if nobody."""
    waiting = Registration.objects.filter(activity=activity, status=Registration.Status.WAITLISTED)
    head = waiting.order_by("position", "id").select_related("member").first()
    if head is None:
        return ""
    taken = Registration.objects.filter(activity=activity, status__in=HOLDS_PLACE).count()
    return head.member.name if activity.capacity is None or taken - 1 < activity.capacity else ""


def for_action(activity: Activity, action: str) -> Preview | None:
    """The preview for a workflow button on the activity page; None where the move tells no one."""
    match action:
        case "publish":
            return publish(activity)
        case "close":
            return close(activity)
        case "confirm_list":
            return _tell_holders(activity, _("确认名单后将通知名单上的 %(n)s 人（含候补）："), waitlisted=True)
        case "send_notice":
            return _tell_holders(activity, _("将向以下 %(n)s 人发送会议通知（站内消息、短信）："))
        case "cancel":
            return _tell_holders(activity, _("取消后将通知以下 %(n)s 人（含候补）："), waitlisted=True)
        case "withdraw":
            return _tell_holders(activity, _("撤回后将通知已邀请的 %(n)s 人："))
    return None
