"""Reads of the member registry that encode visibility: the directory, its filters and the registry counts."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Model, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from lvzhi.core.audit import history_of
from lvzhi.core.cache import cached
from lvzhi.core.capabilities import Capability, Role
from lvzhi.core.models import Committee
from lvzhi.core.tenancy import Access
from lvzhi.core.todo import Todo, recent_imports
from lvzhi.org.models import (
    SERVING_STATUSES,
    Gender,
    GroupSeat,
    Member,
    Membership,
    MembershipStatus,
    Position,
    RegionalGroup,
    Sector,
    SectorGroup,
    SpecialCommittee,
    SpecialCommitteeSeat,
    Station,
    StatusChange,
    Term,
)

SERVING = "serving"  # the directory's status filter value for 在任 and 增补 together


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
    """Staff scoped to a special committee, a sector group, a regional group or a station see only its members
    (a filter on Membership); None means all."""
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
        elif assignment.regional_group_id:
            scopes |= Q(regional_group_id=assignment.regional_group_id)
            narrowed = True
        elif assignment.station_id:
            scopes |= Q(station_id=assignment.station_id)
            narrowed = True
        else:
            return None
    return scopes if narrowed else None


def visible_memberships(access: Access, term: Term) -> QuerySet[Membership]:
    """The term's memberships the caller may list: staff within their scope, members only serving ones."""
    qs = Membership.objects.filter(term=term)
    if access.can(Capability.VIEW_MEMBERS):
        narrowing = staff_narrowing(access)
        if narrowing is not None:
            # A subquery rather than a join, so a member in two of the caller's scopes is one row
            # and counts stay exact without DISTINCT.
            qs = qs.filter(pk__in=Membership.objects.filter(narrowing).values("pk"))
        return qs
    return qs.filter(status__in=SERVING_STATUSES)


def sees_all_members(access: Access) -> bool:
    """Whether the caller may open every member's record (committee-wide staff): a list of members' rows then
    needs no member filter, which would otherwise steer the database to read them member by member."""
    return access.can(Capability.VIEW_MEMBERS) and staff_narrowing(access) is None


def visible_members(access: Access) -> QuerySet[Member]:
    """Members whose record the caller may open: staff within their scope (any term), a member only themself."""
    if sees_all_members(access):
        return Member.objects.all()
    if access.can(Capability.VIEW_MEMBERS):
        return Member.objects.filter(pk__in=Membership.objects.filter(staff_narrowing(access)).values("member_id"))
    return Member.objects.filter(user_id=access.user.pk)


def _filtered(access: Access, term: Term, flt: DirectoryFilter, *, ordered: bool = True) -> QuerySet[Membership]:
    qs = visible_memberships(access, term)
    if flt.q:
        if flt.q.isascii():
            # Pinyin is stored without spaces, so "zhang wei", "zhangwei" and "zw" all match 张伟.
            q = flt.q.lower().replace(" ", "")
            qs = qs.filter(
                Q(member__name_initials__startswith=q) | Q(member__name_pinyin__startswith=q) | Q(number=flt.q)
            )
        else:
            qs = qs.filter(member__name__contains=flt.q)
    if flt.sector:
        qs = qs.filter(sector_id=flt.sector)
    if flt.group:
        qs = qs.filter(group_seats__group_id=flt.group)
    if flt.special_committee:
        qs = qs.filter(special_committee_seats__special_committee_id=flt.special_committee)
    if flt.station:
        qs = qs.filter(station_id=flt.station)
    if flt.status == SERVING:
        qs = qs.filter(status__in=SERVING_STATUSES)
    elif flt.status:
        qs = qs.filter(status=flt.status)
    if flt.standing is not None:
        qs = qs.filter(is_standing_member=flt.standing)
    if not ordered:
        return qs
    # Naming the member's committee (always the term's) lets SQLite walk the (committee, name_pinyin) index of
    # members in order and stop at the page, instead of sorting every membership of the term on each request;
    # a member has one membership a term, so member_id breaks ties exactly as the membership id did.
    return qs.filter(member__committee_id=term.committee_id).order_by("member__name_pinyin", "member_id")


def directory(access: Access, term: Term, flt: DirectoryFilter) -> QuerySet[Membership]:
    """Memberships of the term visible to the caller, filtered, with what a directory row shows."""
    return (
        _filtered(access, term, flt)
        .select_related("member", "sector", "station")
        .prefetch_related(
            Prefetch("group_seats", queryset=GroupSeat.objects.select_related("group")),
            Prefetch(
                "special_committee_seats", queryset=SpecialCommitteeSeat.objects.select_related("special_committee")
            ),
        )
    )


# The directory page's columns, named as its template reads them (the model's own field names where they fit).
DIRECTORY_ROW = {
    "standing": "is_standing_member",
    "name": "member__name",
    "gender": "member__gender",
    "mobile": "member__mobile",
    "mobile_public": "member__mobile_in_directory",
    "employer": "member__employer",
    "job_title": "member__job_title",
    "sector_name": "sector__name",
    "station_name": "station__name",
}


def directory_ids(access: Access, term: Term, flt: DirectoryFilter) -> QuerySet[int]:
    """The ids of directory() in order, to page; then directory_rows() reads only the page's rows. Ordering ids
    alone lets SQLite answer from the members' (committee, name_pinyin) index instead of sorting whole rows."""
    return _filtered(access, term, flt).values_list("id", flat=True)


def directory_count(access: Access, term: Term, flt: DirectoryFilter) -> int:
    """How many directory_ids() gives, counted without the member join its order needs (the member's committee is
    always the term's, so the count is the same): at 5,000 members that join was most of the count."""
    return _filtered(access, term, flt, ordered=False).order_by().count()


def directory_rows(ids: list[int]) -> list[dict[str, Any]]:
    """The directory page's rows for these membership ids, in their order, as plain dicts (no model instances
    for a page of 50), with their sector groups and special committees as text."""
    columns = {key: F(field) for key, field in DIRECTORY_ROW.items()}
    found = {
        row["id"]: row
        for row in Membership.objects.filter(id__in=ids).values("id", "number", "status", "member_id", **columns)
    }
    return with_seat_names([found[pk] for pk in ids if pk in found])


def directory_api_rows(ids: list[int]) -> list[dict[str, Any]]:
    """The API directory's rows for these membership ids, in their order, as plain dicts: the member's fields,
    the sector and the sector groups as {id, name}. Three queries a page, no model instances."""
    columns = {
        "name": F("member__name"),
        "gender": F("member__gender"),
        "mobile": F("member__mobile"),
        "mobile_public": F("member__mobile_in_directory"),
        "sector_name": F("sector__name"),
    }
    found = {
        row["id"]: row
        for row in Membership.objects.filter(id__in=ids).values(
            "id", "member_id", "status", "is_standing_member", "sector_id", **columns
        )
    }
    groups: dict[int, list[dict[str, Any]]] = {}
    seats = (
        GroupSeat.objects.filter(membership_id__in=ids)
        .order_by("id")
        .values_list("membership_id", "group_id", "group__name")
    )
    for membership_id, group_id, name in seats:
        groups.setdefault(membership_id, []).append({"id": group_id, "name": name})
    rows = [found[pk] for pk in ids if pk in found]
    for row in rows:
        row["groups"] = groups.get(row["id"], [])
    return rows


def with_seat_names(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add each row's sector groups and special committees as text ("经济界活动组、…"): two queries a page."""
    ids = [row["id"] for row in rows]
    groups: dict[int, list[str]] = {}
    specials: dict[int, list[str]] = {}
    seats = GroupSeat.objects.filter(membership_id__in=ids).order_by("id").values_list("membership_id", "group__name")
    for membership_id, name in seats:
        groups.setdefault(membership_id, []).append(name)
    seats = (
        SpecialCommitteeSeat.objects.filter(membership_id__in=ids)
        .order_by("id")
        .values_list("membership_id", "special_committee__name")
    )
    for membership_id, name in seats:
        specials.setdefault(membership_id, []).append(name)
    statuses = {value: str(label) for value, label in MembershipStatus.choices}
    genders = {value: str(label) for value, label in Gender.choices}
    for row in rows:
        row["groups"] = "、".join(groups.get(row["id"], ()))
        row["special_committees"] = "、".join(specials.get(row["id"], ()))
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["gender_label"] = genders.get(row["gender"], "")
    return rows


FILTER_CACHE = "org.directory_filters"


def directory_filter_choices(term: Term, *, staff: bool) -> dict[str, list[tuple[str, str]]]:
    """The directory's filter dropdowns as (value, label) pairs, cached per committee and term until a sector,
    group, special committee or station changes (lvzhi.org.signals)."""

    def build() -> dict[str, list[tuple[str, str]]]:
        def pairs(qs: QuerySet) -> list[tuple[str, str]]:
            return [(str(pk), name) for pk, name in qs.values_list("pk", "name")]

        return {
            "sectors": pairs(Sector.objects.filter(term=term)),
            "groups": pairs(SectorGroup.objects.filter(term=term)),
            "special_committees": pairs(SpecialCommittee.objects.filter(is_active=True)),
            "stations": pairs(Station.objects.all()),
        }

    choices = cached(FILTER_CACHE, term.committee_id, str(term.pk), build)
    if staff:
        return choices
    return {**choices, "special_committees": [], "stations": []}


@dataclass(frozen=True)
class RegistryCounts:
    serving: int
    standing: int
    by_status: list[tuple[str, str, int]]  # (status, label, count), every status even at zero
    by_sector: list[dict[str, Any]]  # {"sector_id", "sector__name", "n"}, largest first
    stations: int
    sector_groups: int
    regional_groups: int
    special_committees: int


def registry_counts(access: Access, term: Term, *, top_sectors: int = 10) -> RegistryCounts:
    """The staff dashboard's figures for a term, within the caller's scope."""
    base = visible_memberships(access, term).order_by()
    serving = base.filter(status__in=SERVING_STATUSES)
    totals = serving.aggregate(serving=Count("id"), standing=Count("id", filter=Q(is_standing_member=True)))
    per_status = dict(base.values_list("status").annotate(n=Count("id")))
    by_sector = list(
        serving.values("sector_id", "sector__name")
        .annotate(n=Count("id"))
        .order_by("-n", "sector__order")[:top_sectors]
    )
    return RegistryCounts(
        serving=totals["serving"],
        standing=totals["standing"],
        by_status=[(s.value, s.label, per_status.get(s.value, 0)) for s in MembershipStatus],
        by_sector=by_sector,
        stations=Station.objects.count(),
        sector_groups=SectorGroup.objects.filter(term=term).count(),
        regional_groups=RegionalGroup.objects.filter(term=term).count(),
        special_committees=SpecialCommittee.objects.filter(is_active=True).count(),
    )


def child_committee_rollup(committee: Committee) -> list[dict[str, Any]]:
    """Serving members of every committee below this one, at every level, in their current term: each row
    with its depth, its own count and the total of its whole branch, in tree order (a city sees its districts
    and, below them, their towns).

    The one sanctioned cross-committee read of the registry: a higher office sees the counts below it
    (ARCHITECTURE.md "Tenancy"), never their rows, so scopes are disabled for this single aggregate and only
    numbers leave it.
    """
    below = list(Committee.objects.filter(pk__in=committee.descendant_ids()).order_by("name"))
    if not below:
        return []
    with scopes_disabled():
        counts = dict(
            Membership.objects.filter(committee__in=below, term__is_current=True, status__in=SERVING_STATUSES)
            .order_by()
            .values_list("committee_id")
            .annotate(n=Count("id"))
        )
    kids: dict[int | None, list[Committee]] = {}
    for c in below:
        kids.setdefault(c.parent_id, []).append(c)

    def branch(parent_id: int, depth: int) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for c in kids.get(parent_id, []):
            sub = branch(c.pk, depth + 1)
            own = counts.get(c.pk, 0)
            below_total = sum(r["branch"] for r in sub if r["depth"] == depth + 1)
            rows.append({"committee": c, "depth": depth, "serving": own, "branch": own + below_total})
            rows.extend(sub)
        return rows

    return branch(committee.pk, 0)


def tenure_of(member: Member) -> Membership | None:
    """The member's current-term membership with everything a record page shows about it."""
    return (
        Membership.objects.filter(member=member, term__is_current=True)
        .select_related("term", "sector", "station", "regional_group")
        .prefetch_related(
            Prefetch(
                "special_committee_seats", queryset=SpecialCommitteeSeat.objects.select_related("special_committee")
            ),
            Prefetch("group_seats", queryset=GroupSeat.objects.select_related("group")),
            "positions",
        )
        .order_by("-term__number")
        .first()
    )


# What a history tab shows for each audit action written by org.services.
ACTION_LABELS = {
    "member.created": gettext_lazy("建档"),
    "member.updated": gettext_lazy("修改资料"),
    "member.status_changed": gettext_lazy("状态变更"),
    "member.seats_changed": gettext_lazy("调整专委会/界别活动组"),
    "member.position_added": gettext_lazy("任命职务"),
    "member.position_ended": gettext_lazy("免去职务"),
    "member.photo_changed": gettext_lazy("更换照片"),
}


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    actor: Any
    action: str
    changes: list[tuple[str, Any, Any]]  # (field label, old, new)
    details: list[str]


def _label_and_choices(model: type[Model], name: str) -> tuple[str, dict[Any, Any]]:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name, {}
    return str(field.verbose_name), dict(field.choices or [])


def _details(data: dict[str, Any]) -> list[str]:
    lines = []
    for key, label in (("special_committees", _("专门委员会")), ("groups", _("界别活动组"))):
        moved = data.get(key) or {}
        if moved.get("added"):
            lines.append(_("加入%(what)s：%(names)s") % {"what": label, "names": "、".join(moved["added"])})
        if moved.get("removed"):
            lines.append(_("退出%(what)s：%(names)s") % {"what": label, "names": "、".join(moved["removed"])})
        if moved.get("roles"):
            lines.append(_("%(what)s职务：%(names)s") % {"what": label, "names": "、".join(moved["roles"])})
    if data.get("title") in Position.Title.values:
        span = f"{data.get('started_on', '')}—{data.get('ended_on') or _('至今')}"
        lines.append(f"{Position.Title(data['title']).label} {span}")
        for key, label in (("decided_by", _("任命依据")), ("ended_by", _("免职依据"))):
            if data.get(key):
                lines.append(f"{label}：{data[key]}")
    if "to" in data:
        statuses = dict(MembershipStatus.choices)
        lines.append(f"{statuses.get(data.get('from'), '')} → {statuses.get(data['to'], data['to'])}")
    if data.get("note"):
        lines.append(_("说明：%(note)s") % {"note": data["note"]})
    return lines


def status_steps(member: Member) -> list[StatusChange]:
    """A member's lifecycle steps in every term, newest first."""
    return list(
        StatusChange.objects.filter(membership__member=member)
        .select_related("actor", "membership__term")
        .order_by("-effective_on", "-id")
    )


def record_history(member: Member) -> list[HistoryEntry]:
    """The audit trail of a member's record, newest first, with field labels and choice labels resolved."""
    entries = []
    for event in history_of(member):
        changes = []
        for key, (old, new) in (event.data.get("changes") or {}).items():
            model, name = (Membership, key.split(".", 1)[1]) if key.startswith("membership.") else (Member, key)
            label, choices = _label_and_choices(model, name)
            changes.append((label, choices.get(old, old), choices.get(new, new)))
        entries.append(
            HistoryEntry(
                when=event.created_at,
                actor=event.actor,
                action=str(ACTION_LABELS.get(event.action, event.action)),
                changes=changes,
                details=_details(event.data),
            )
        )
    return entries


def home_todos(access: Access) -> list[Todo]:
    """Member imports this user finished lately; the directory shows their result."""
    if not access.can(Capability.MANAGE_MEMBERS):
        return []
    imported = recent_imports(access, "member.imported")
    if not imported:
        return []
    return [Todo("todo-member-imports", gettext_lazy("近 7 天完成的委员导入"), imported, reverse("org:directory"))]


def search_members(access: Access, term: Term, text: str, limit: int = 10) -> list[Membership]:
    """The global search's members: as the directory finds them (name, pinyin, initials or number), within what
    the caller may see; members search serving members only, as their directory lists."""
    if not text.strip() or not access.can(Capability.VIEW_DIRECTORY):
        return []
    return list(directory(access, term, DirectoryFilter(q=text.strip()))[:limit])
