"""Reads of the member registry that encode visibility: the directory and its filters."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from lvzhi.core.capabilities import Capability, Role
from lvzhi.core.tenancy import Access
from lvzhi.org.models import SERVING_STATUSES, GroupSeat, Membership, SpecialCommitteeSeat, Term


@dataclass(frozen=True)
class DirectoryFilter:
    q: str = ""
    sector: int | None = None
    group: int | None = None
    special_committee: int | None = None
    station: int | None = None
    status: str = ""
    standing: bool | None = None

    @classmethod
    def from_params(cls, params: Any) -> "DirectoryFilter":
        def as_int(name: str) -> int | None:
            value = params.get(name) or ""
            return int(value) if str(value).isdigit() else None

        standing = params.get("standing") or ""
        return cls(
            q=(params.get("q") or "").strip(),
            sector=as_int("sector"),
            group=as_int("group"),
            special_committee=as_int("special_committee"),
            station=as_int("station"),
            status=params.get("status") or "",
            standing={"1": True, "true": True, "0": False, "false": False}.get(str(standing).lower()),
        )


def staff_narrowing(access: Access) -> Q | None:
    """Staff scoped to a special committee or a sector group see only its members; None means all."""
    if access.user.is_superuser:
        return None
    scopes = Q()
    narrowed = False
    for assignment in access.assignments:
        if assignment.role not in (Role.COMMITTEE_STAFF, Role.GROUP_CONVENOR):
            if assignment.role != Role.MEMBER and Capability.VIEW_MEMBERS in access.capabilities:
                return None  # another staff role sees everyone
            continue
        if assignment.special_committee_id:
            scopes |= Q(special_committee_seats__special_committee_id=assignment.special_committee_id)
            narrowed = True
        elif assignment.sector_group_id:
            scopes |= Q(group_seats__group_id=assignment.sector_group_id)
            narrowed = True
        else:
            return None
    return scopes if narrowed else None


def directory(access: Access, term: Term, flt: DirectoryFilter) -> QuerySet[Membership]:
    """Memberships of the term visible to the caller, filtered, with what a directory row shows."""
    qs = Membership.objects.filter(term=term)
    if access.can(Capability.VIEW_MEMBERS):
        narrowing = staff_narrowing(access)
        if narrowing is not None:
            qs = qs.filter(narrowing).distinct()
    else:
        # Members see the directory of serving members only.
        qs = qs.filter(status__in=SERVING_STATUSES)
    if flt.q:
        q = flt.q.lower() if flt.q.isascii() else flt.q
        if flt.q.isascii():
            qs = qs.filter(
                Q(member__name_initials__startswith=q) | Q(member__name_pinyin__startswith=q) | Q(number=flt.q)
            )
        else:
            qs = qs.filter(member__name__contains=q)
    if flt.sector:
        qs = qs.filter(sector_id=flt.sector)
    if flt.group:
        qs = qs.filter(group_seats__group_id=flt.group)
    if flt.special_committee:
        qs = qs.filter(special_committee_seats__special_committee_id=flt.special_committee)
    if flt.station:
        qs = qs.filter(station_id=flt.station)
    if flt.status == "serving":
        qs = qs.filter(status__in=SERVING_STATUSES)
    elif flt.status:
        qs = qs.filter(status=flt.status)
    if flt.standing is not None:
        qs = qs.filter(is_standing_member=flt.standing)
    return (
        qs.select_related("member", "sector", "station")
        .prefetch_related(
            Prefetch("group_seats", queryset=GroupSeat.objects.select_related("group")),
            Prefetch(
                "special_committee_seats", queryset=SpecialCommitteeSeat.objects.select_related("special_committee")
            ),
        )
        .order_by("member__name_pinyin", "id")
    )
