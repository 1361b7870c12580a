"""Read-side questions: who is in an audience, which notices a member sees, read receipts."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from lvzhi.notices.models import Audience, Notice, NoticeRecipient
from lvzhi.org.models import SERVING_STATUSES, GroupSeat, Member, Membership, SpecialCommitteeSeat


def audience_members(obj: Audience) -> QuerySet[Member]:
    """Serving members of the object's term inside its audience, plus any member named outright."""
    serving = Membership.objects.filter(term=obj.term, status__in=SERVING_STATUSES)
    if not obj.audience_all:
        serving = serving.filter(
            Q(sector__in=obj.audience_sectors.all())
            | Q(pk__in=GroupSeat.objects.filter(group__in=obj.audience_groups.all()).values("membership_id"))
            | Q(
                pk__in=SpecialCommitteeSeat.objects.filter(
                    special_committee__in=obj.audience_special_committees.all()
                ).values("membership_id")
            )
        )
    return Member.objects.filter(
        Q(pk__in=serving.values("member_id")) | Q(pk__in=obj.audience_members.values("pk"))
    ).order_by("name_pinyin", "id")


def visible_q(prefix: str = "") -> Q:
    """Published, past its publication time and not expired: what a member may see now."""
    now = timezone.now()
    return (
        Q(**{f"{prefix}status": Notice.Status.PUBLISHED})
        & (Q(**{f"{prefix}publish_at__lte": now}) | Q(**{f"{prefix}publish_at__isnull": True}))
        & (Q(**{f"{prefix}expires_at__gt": now}) | Q(**{f"{prefix}expires_at__isnull": True}))
    )


def member_notices(member: Member) -> QuerySet[Notice]:
    """The notices the member may read now, each annotated with `read_at` (None while unread)."""
    receipts = NoticeRecipient.objects.filter(member=member, notice__in=Notice.objects.filter(visible_q()))
    return (
        Notice.objects.filter(pk__in=receipts.values("notice_id"))
        .annotate(read_at=Max("recipients__read_at", filter=Q(recipients__member=member)))
        .order_by("-publish_at", "-id")
    )


def unread_count(member: Member) -> int:
    return NoticeRecipient.objects.filter(
        member=member, read_at__isnull=True, notice__in=Notice.objects.filter(visible_q())
    ).count()


def member_notice(member: Member, pk: int) -> Notice | None:
    """The notice if the member is in its audience and it is visible now; None otherwise (a 404 to them)."""
    return member_notices(member).filter(pk=pk).first()


@dataclass(frozen=True)
class Receipts:
    read: list[NoticeRecipient]
    unread: list[NoticeRecipient]


def receipts(notice: Notice) -> Receipts:
    rows = list(
        NoticeRecipient.objects.filter(notice=notice)
        .select_related("member")
        .order_by("member__name_pinyin", "member_id")
    )
    return Receipts([r for r in rows if r.read_at], [r for r in rows if not r.read_at])


def staff_notices(q: str = "", kind: str = "", status: str = "") -> QuerySet[Notice]:
    """The office's list, with read counts, filtered by words in the title, kind and status."""
    notices = Notice.objects.annotate(
        recipient_count=Count("recipients"), read_count=Count("recipients", filter=Q(recipients__read_at__isnull=False))
    )
    if q:
        notices = notices.filter(Q(title__icontains=q) | Q(content__icontains=q))
    if kind:
        notices = notices.filter(kind=kind)
    if status:
        notices = notices.filter(status=status)
    return notices.order_by("-created_at", "-id")
