"""Read-side questions: who is in an audience, which notices a member sees, read receipts."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.notices.models import (
    Audience,
    Contribution,
    Notice,
    NoticeRecipient,
    StudyAssignment,
    StudyCompletion,
    Topic,
    TopicParticipant,
)
from lvzhi.org.models import SERVING_STATUSES, GroupSeat, Member, Membership, SpecialCommitteeSeat, Term


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


# 学习园地


def member_assignments(member: Member) -> QuerySet[StudyAssignment]:
    """Published (or closed) assignments the member was invited to, each with their completion fields."""
    mine = StudyCompletion.objects.filter(member=member, assignment=OuterRef("pk"))
    return (
        StudyAssignment.objects.exclude(status=StudyAssignment.Status.DRAFT)
        .filter(pk__in=StudyCompletion.objects.filter(member=member).values("assignment_id"))
        .annotate(
            completed_at=Subquery(mine.values("completed_at")[:1]),
            read_at=Subquery(mine.values("read_at")[:1]),
            best_score=Subquery(mine.values("best_score")[:1]),
        )
        .order_by("-deadline", "-id")
    )


def assignment_results(assignment: StudyAssignment) -> list[StudyCompletion]:
    return list(
        StudyCompletion.objects.filter(assignment=assignment)
        .select_related("member")
        .order_by("member__name_pinyin", "member_id")
    )


def group_results(assignment: StudyAssignment) -> list[dict[str, Any]]:
    """Per sector group (界别活动组): invited, completed, passed."""
    seats = GroupSeat.objects.filter(membership__term=assignment.term, membership__status__in=SERVING_STATUSES)
    rows = (
        StudyCompletion.objects.filter(assignment=assignment)
        .annotate(group=Subquery(seats.filter(membership__member=OuterRef("member")).values("group__name")[:1]))
        .values("group")
        .annotate(
            invited=Count("id"),
            completed=Count("id", filter=Q(completed_at__isnull=False)),
            passed=Count("id", filter=Q(passed_at__isnull=False)),
        )
        .order_by("group")
    )
    return list(rows)


SESSION_KINDS = (DutyKind.STUDY, DutyKind.TRAINING, DutyKind.LECTURE)
ATTENDED_ROLES = (DutyRole.PRESENT, DutyRole.LATE, DutyRole.LEFT_EARLY)
ASSIGNMENT_SOURCE = "notices.studyassignment"
SESSIONS_TARGET = 4
RATE_TARGET = 0.9


@dataclass
class StudyRate:
    """A member's (or a group's) study participation in a year, DOMAIN.md §5.

    Sessions are the study activities they were on the list for (invited) and attended; a regular
    assignment counts as one more session; a 补学 assignment turns a missed session into an attended one."""

    name: str
    invited: int = 0
    attended: int = 0
    assignments_invited: int = 0
    assignments_completed: int = 0
    makeups: int = 0

    @property
    def made_up(self) -> int:
        return min(self.makeups, self.invited - self.attended)

    @property
    def total_invited(self) -> int:
        return self.invited + self.assignments_invited

    @property
    def total_attended(self) -> int:
        return self.attended + self.assignments_completed + self.made_up

    @property
    def rate(self) -> float | None:
        return self.total_attended / self.total_invited if self.total_invited else None

    @property
    def meets_sessions(self) -> bool:
        return self.total_attended >= SESSIONS_TARGET

    @property
    def meets_rate(self) -> bool:
        return self.rate is not None and self.rate >= RATE_TARGET


def study_participation(term: Term, year: int) -> tuple[list[StudyRate], list[StudyRate]]:
    """Per member and per sector group: study sessions attended and assignments completed vs invited.

    Sessions come from the duty ledger (rows the activities app writes when it closes attendance for a
    study, training or lecture); assignments from their invited lists and ledger rows."""
    members = {
        m.pk: StudyRate(m.name)
        for m in Member.objects.filter(
            pk__in=Membership.objects.filter(term=term, status__in=SERVING_STATUSES).values("member_id")
        ).order_by("name_pinyin", "id")
    }
    sessions = (
        DutyRecord.objects.filter(year=year, kind__in=SESSION_KINDS, member__in=members.keys())
        .exclude(status=DutyRecord.Status.VOIDED)
        .exclude(source_type=ASSIGNMENT_SOURCE)
        .values("member_id")
        .annotate(invited=Count("id"), attended=Count("id", filter=Q(role__in=ATTENDED_ROLES)))
    )
    for row in sessions:
        members[row["member_id"]].invited = row["invited"]
        members[row["member_id"]].attended = row["attended"]
    completions = (
        StudyCompletion.objects.filter(assignment__deadline__year=year, member__in=members.keys())
        .exclude(assignment__status=StudyAssignment.Status.DRAFT)
        .values("member_id", "assignment__makeup")
        .annotate(invited=Count("id"), completed=Count("id", filter=Q(completed_at__isnull=False)))
    )
    for row in completions:
        rate = members[row["member_id"]]
        if row["assignment__makeup"]:
            rate.makeups += row["completed"]
        else:
            rate.assignments_invited += row["invited"]
            rate.assignments_completed += row["completed"]
    groups: dict[int, StudyRate] = {}
    seats = GroupSeat.objects.filter(membership__term=term, membership__member__in=members.keys()).select_related(
        "group"
    )
    for seat in seats.order_by("group__name", "id").values("group_id", "group__name", "membership__member_id"):
        group = groups.setdefault(seat["group_id"], StudyRate(seat["group__name"]))
        member = members[seat["membership__member_id"]]
        group.invited += member.invited
        group.attended += member.attended + member.made_up
        group.assignments_invited += member.assignments_invited
        group.assignments_completed += member.assignments_completed
    return list(members.values()), list(groups.values())


# 网络议政


def member_topics(member: Member) -> QuerySet[Topic]:
    """Published and closed topics the member takes part in, open ones first."""
    return (
        Topic.objects.exclude(status=Topic.Status.DRAFT)
        .filter(pk__in=TopicParticipant.objects.filter(member=member).values("topic_id"))
        .annotate(contribution_count=Count("contributions", filter=Q(contributions__hidden=False)))
        .order_by("status", "-opens_at", "-id")
    )


def thread(topic: Topic, *, include_hidden: bool = False) -> list[Contribution]:
    """The topic's contributions in order, each reply right after what it replies to (one level of nesting)."""
    rows = Contribution.objects.filter(topic=topic).select_related("member").order_by("created_at", "id")
    if not include_hidden:
        rows = rows.filter(hidden=False)
    found = list(rows)
    replies: dict[int, list[Contribution]] = {}
    for row in found:
        if row.parent_id is not None:
            replies.setdefault(row.parent_id, []).append(row)
    ordered: list[Contribution] = []
    for row in found:
        if row.parent_id is None or row.parent_id not in {r.pk for r in found}:
            ordered.append(row)
            ordered.extend(replies.get(row.pk, []))
    return ordered


def staff_topics(q: str = "", status: str = "") -> QuerySet[Topic]:
    topics = Topic.objects.annotate(
        contribution_count=Count("contributions"),
        substantive_count=Count("contributions", filter=Q(contributions__substantive=True)),
    )
    if q:
        topics = topics.filter(title__icontains=q)
    if status:
        topics = topics.filter(status=status)
    return topics.order_by("-opens_at", "-id")
