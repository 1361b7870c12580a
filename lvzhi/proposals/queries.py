"""Reading proposals: who may see which, the lists each role works from, and the similar-proposal check."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.tenancy import Access
from lvzhi.org.models import Member
from lvzhi.proposals.models import Assignment, Cosigner, Drafter, FollowUp, Honour, Proposal, Reply, Supervisor
from lvzhi.proposals.similarity import forget, similar_ids, similar_to_terms

P = Proposal.Status
ANSWERING = (Assignment.Role.SOLE, Assignment.Role.LEAD, Assignment.Role.SPLIT)


def _confirmed(ids: list[int]) -> dict[int, int]:
    """Confirmed co-signers per proposal, counted for just these rows in one query: counting in the list's own
    query grouped every matching proposal before the page was cut."""
    return dict(
        Cosigner.objects.filter(proposal__in=ids, status=Cosigner.Status.CONFIRMED)
        .values("proposal_id")
        .annotate(n=Count("id"))
        .values_list("proposal_id", "n")
        .order_by()
    )


ROW_FIELDS = ("pk", "year", "number", "title", "status", "category", "lead_id", "lead__name", "submitted_at")


def list_rows(queryset: QuerySet[Proposal], *also: str) -> list[dict]:
    """A list's rows as plain values (and the fields `also` named) with their `confirmed` co-signers, for the
    lists' Jinja2 rows: a page of 100 proposals and their leads as model instances was a third of the office
    list's time."""
    rows = list(queryset.values(*ROW_FIELDS, *also))
    counts = _confirmed([r["pk"] for r in rows])
    for r in rows:
        r["confirmed"] = counts.get(r["pk"], 0)
    return rows


def mine(member: Member) -> QuerySet[Proposal]:
    """The member's proposals as lead proposer, and those they were invited to co-sign (any answer).

    One id list from both indexes (a UNION): an OR of the two made the database read every proposal."""
    led = Proposal.objects.filter(lead=member).values("pk").order_by()
    invited = Cosigner.objects.filter(member=member).values("proposal_id").order_by()
    return Proposal.objects.filter(pk__in=led.union(invited, all=True))


def mine_rows(member: Member) -> list[dict]:
    """The member's proposals as list rows, latest changed first. Sorted here: sorted by the database, SQLite
    walked every proposal of the committee in that order (the committee's `updated_at` index) looking for the
    member's few."""
    rows = list_rows(mine(member).order_by(), "updated_at")
    rows.sort(key=lambda r: (r["updated_at"], r["pk"]), reverse=True)
    return rows


def invitations(member: Member) -> QuerySet[Cosigner]:
    """Co-sign invitations waiting for the member's answer, on proposals still open to co-signing."""
    return (
        Cosigner.objects.filter(member=member, status=Cosigner.Status.INVITED)
        .filter(proposal__status__in=(P.DRAFT, P.RETURNED, P.SUBMITTED))
        .select_related("proposal", "proposal__lead")
    )


def visible(access: Access, member: Member | None) -> QuerySet[Proposal]:
    """Every proposal the caller may open: the office sees the committee's (drafts stay their authors'),
    a handling unit's user only what was assigned to their unit, a member their own and those they co-sign."""
    if access.can(C.MANAGE_PROPOSALS):
        return Proposal.objects.exclude(status=P.DRAFT)
    if access.can(C.HANDLE_PROPOSALS) and access.handling_unit_ids:
        return assigned_to(access.handling_unit_ids)
    if member is not None:
        return mine(member)
    return Proposal.objects.none()


def office_list(*, status: str = "", q: str = "", year: int | None = None) -> QuerySet[Proposal]:
    rows = Proposal.objects.exclude(status=P.DRAFT)
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(year=year)
    if q:
        rows = rows.filter(Q(title__contains=q) | Q(lead__name__contains=q))
    return rows.order_by("-submitted_at", "-id")


def credits_in_year(committee_id: int, year: int, member_ids: Iterable[int]) -> QuerySet:
    """(member id, proposal id) of the members' proposals written in the year and submitted (a withdrawn one
    counts for no one): as lead proposer, as a named drafter of a collective proposal (the body is its
    proposer, as the ledger credits it), or as a co-signer who confirmed. One query."""
    members = list(member_ids)
    submitted = Proposal.objects.filter(committee_id=committee_id, year=year).exclude(status__in=(P.DRAFT, P.WITHDRAWN))
    leads = (
        submitted.filter(lead_id__in=members)
        .exclude(proposer_kind=Proposal.ProposerKind.COLLECTIVE)
        .values_list("lead_id", "pk")
    )
    drafters = Drafter.objects.filter(member_id__in=members, proposal__in=submitted).values_list(
        "member_id", "proposal_id"
    )
    cosigners = Cosigner.objects.filter(
        member_id__in=members, proposal__in=submitted, status=Cosigner.Status.CONFIRMED
    ).values_list("member_id", "proposal_id")
    return leads.order_by().union(drafters.order_by(), cosigners.order_by(), all=True)


@dataclass(frozen=True)
class Similar:
    proposal: Proposal
    score: float


def similar(
    committee_id: int,
    *,
    text: str = "",
    of: Proposal | None = None,
    limit: int = 5,
    among: QuerySet[Proposal] | None = None,
) -> list[Similar]:
    """The committee's submitted proposals (this and earlier years) most like a text or a saved proposal.

    `among` narrows the answer to what the caller may see (a handling unit: its assigned proposals)."""
    exclude = frozenset({of.pk}) if of is not None else frozenset()
    wanted = limit if among is None else limit * 4
    if of is not None and not text:
        ranked = similar_to_terms(committee_id, of.terms, limit=wanted, exclude=exclude)
    else:
        ranked = similar_ids(committee_id, text, limit=wanted, exclude=exclude)
    if not ranked:
        return []
    rows = (among if among is not None else Proposal.objects.all()).exclude(status=P.DRAFT)
    rows = rows.filter(pk__in=[pk for pk, _score in ranked]).only("pk", "title", "year", "number", "status")
    found = {p.pk: p for p in rows}
    missing = {pk for pk, _score in ranked} - found.keys()
    if missing and among is None:
        # Proposals deleted since this process indexed them (a committee removed, a database restored): they
        # would keep taking the first places, so the index forgets them and the search runs again.
        gone = missing - set(Proposal.objects.filter(pk__in=missing).values_list("pk", flat=True))
        if gone:
            forget(committee_id, gone)
            return similar(committee_id, text=text, of=of, limit=limit)
    return [Similar(found[pk], round(score, 3)) for pk, score in ranked if pk in found][:limit]


def assigned_to(unit_ids: frozenset[int]) -> QuerySet[Proposal]:
    """Proposals assigned to any of the units: all a handling unit's user ever sees."""
    return Proposal.objects.filter(pk__in=Assignment.objects.filter(unit_id__in=unit_ids).values("proposal_id"))


def answered_this_round() -> Exists:
    """The assignment has a reply published in the current round (after the last round's replies reached the
    proposers, when it is being handled again)."""
    this_round = Q(proposal__replied_at__isnull=True) | Q(published_at__gt=F("proposal__replied_at"))
    return Exists(Reply.objects.filter(this_round, assignment=OuterRef("pk"), status=Reply.Status.PUBLISHED))


def overdue_assignments(*, today: datetime.date) -> QuerySet[Assignment]:
    """Answering units still owing their reply whose due date is before `today` (pass a later day for "due soon")."""
    return (
        Assignment.objects.filter(
            role__in=ANSWERING, proposal__status__in=(P.ASSIGNED, P.REHANDLING), due_date__lt=today
        )
        .exclude(answered_this_round())
        .order_by("due_date", "id")
    )


def overdue_follow_ups(*, today: datetime.date) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(status=FollowUp.Status.OPEN, due_date__lt=today).order_by("due_date", "id")


def awaiting_evaluation() -> QuerySet[Proposal]:
    """Replied proposals whose proposer has not rated the reply yet (the caller compares the feedback due date)."""
    return Proposal.objects.filter(status=P.REPLIED, replied_at__isnull=False).select_related("lead")


def proposers_named(proposal: Proposal) -> list[Member]:
    """The confirmed co-signers, in the order they were invited (the printed proposal lists them after the lead)."""
    return [
        c.member
        for c in Cosigner.objects.filter(proposal=proposal, status=Cosigner.Status.CONFIRMED).select_related("member")
    ]


def honours_visible(access: Access) -> QuerySet[Honour]:
    """Key and excellent proposals the caller works on: the office all of them; a leader the key proposals they
    supervise (named with their account) and the excellent nominations, which they score."""
    rows = Honour.objects.filter(committee=access.committee)
    if access.can(C.MANAGE_PROPOSALS):
        return rows
    mine = Supervisor.objects.filter(user=access.user).values("honour_id")
    return rows.filter(unmarked_at=None).filter(
        Q(kind=Honour.Kind.KEY, status=Honour.Status.APPROVED, pk__in=mine) | Q(kind=Honour.Kind.EXCELLENT)
    )


# What a row shows: the columns a GROUP BY over the joined rows carries (every proposal and member column did).
HONOUR_ROW_FIELDS = (
    "committee_id",
    "proposal_id",
    "kind",
    "status",
    "reason",
    "source",
    "marked_at",
    "decided_at",
    "decision_id",
    "unmarked_at",
    "unmark_reason",
    "proposal__title",
    "proposal__year",
    "proposal__number",
    "proposal__status",
    "proposal__lead_id",
    "proposal__lead__name",
    "decision__meeting",
    "decision__held_on",
)


def honour_rows(queryset: QuerySet[Honour]) -> QuerySet[Honour]:
    """What a list row shows, in a fixed number of queries: the proposal and its lead, the meeting, the mean score
    and the number of scores and supervision records, the supervisors."""
    return (
        queryset.select_related("proposal", "proposal__lead", "decision")
        .only(*HONOUR_ROW_FIELDS)
        .annotate(
            mean=Avg("scores__score"),
            scored=Count("scores", distinct=True),
            record_count=Count("records", distinct=True),
        )
        .prefetch_related("supervisors")
        .order_by("proposal__year", "proposal__number", "pk")
    )
