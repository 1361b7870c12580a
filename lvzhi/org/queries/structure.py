"""Reads for the organisation screens and API: each list with the counts its rows show, in a fixed few queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.org.models import (
    SERVING_STATUSES,
    RegionalGroup,
    Sector,
    SectorGroup,
    Session,
    SpecialCommittee,
    StandardsChecklist,
    Station,
    StationDuty,
    Term,
)

SERVING = Q(memberships__status__in=SERVING_STATUSES)


def terms_of(committee: Committee) -> QuerySet[Term]:
    return (
        Term.objects.filter(committee=committee)
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("number")))
        .order_by("-number")
    )


def sessions_of(committee: Committee, term: Term | None = None) -> QuerySet[Session]:
    qs = Session.objects.filter(committee=committee).select_related("term")
    if term is not None:
        qs = qs.filter(term=term)
    return qs.order_by("-term__number", "number")


def sectors_of(term: Term) -> QuerySet[Sector]:
    return Sector.objects.filter(term=term).annotate(member_count=Count("memberships", filter=SERVING))


def special_committees_of(committee: Committee) -> QuerySet[SpecialCommittee]:
    return SpecialCommittee.objects.filter(committee=committee).annotate(
        seat_count=Count("seats", distinct=True), group_count=Count("sectorgroup", distinct=True)
    )


def sector_groups_of(term: Term) -> QuerySet[SectorGroup]:
    return (
        SectorGroup.objects.filter(term=term)
        .select_related("special_committee")
        .prefetch_related("sectors")
        .annotate(seat_count=Count("seats"))
    )


def regional_groups_of(term: Term) -> QuerySet[RegionalGroup]:
    return RegionalGroup.objects.filter(term=term).annotate(member_count=Count("memberships", filter=SERVING))


def checklists_of(committee: Committee) -> QuerySet[StandardsChecklist]:
    return (
        StandardsChecklist.objects.filter(committee=committee).annotate(station_count=Count("station")).order_by("id")
    )


def stations_of(committee: Committee) -> QuerySet[Station]:
    return (
        Station.objects.filter(committee=committee)
        .select_related("checklist")
        .prefetch_related(Prefetch("rota", queryset=StationDuty.objects.select_related("member")))
        .annotate(member_count=Count("memberships", filter=SERVING & Q(memberships__term__is_current=True)))
    )


def users_of(committee: Committee) -> QuerySet[User]:
    """Accounts that hold a role in the committee or belong to it, with their roles there."""
    roles_here = RoleAssignment.objects.filter(committee=committee).select_related(
        "special_committee", "sector_group", "regional_group", "station"
    )
    ids = RoleAssignment.objects.filter(committee=committee).values("user_id")
    return (
        User.objects.filter(Q(pk__in=ids) | Q(home_committee=committee))
        .prefetch_related(Prefetch("role_assignments", queryset=roles_here.order_by("id"), to_attr="roles_here"))
        .order_by("username")
    )
