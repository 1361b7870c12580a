"""Who sees which reports, and the figures of the 社情民意 statistics (DOMAIN.md §6)."""

import difflib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.choices import labels
from lvzhi.core.tenancy import Access
from lvzhi.opinions.models import (
    Adoption,
    Bulletin,
    InformationOfficer,
    Instruction,
    LeaderLevel,
    Level,
    Opinion,
    Outcome,
    Referral,
)
from lvzhi.opinions.transitions import EDITED_OR_LATER

OS = Opinion.Status
LIVE = Outcome.Status.RECORDED


def visible_opinions(access: Access) -> QuerySet[Opinion]:
    """The office sees every report of its committee; anyone else only their own."""
    reports = Opinion.objects.filter(committee=access.committee)
    if access.can(C.MANAGE_OPINIONS):
        return reports
    return reports.filter(author_user=access.user)


def unit_referrals(access: Access) -> QuerySet[Referral]:
    """A handling unit's users see only what was forwarded to their unit (and not recalled)."""
    return Referral.objects.filter(committee=access.committee, unit_id__in=access.handling_unit_ids).exclude(
        status=Referral.Status.RECALLED
    )


def desk_list(access: Access, *, status: str = "", year: int | None = None, q: str = "") -> QuerySet[Opinion]:
    reports = visible_opinions(access)
    if status:
        reports = reports.filter(status=status)
    if year:
        reports = reports.filter(year=year)
    if q:
        reports = reports.filter(Q(title__icontains=q) | Q(author_name__icontains=q) | Q(unit_name__icontains=q))
    return reports


ROW_FIELDS = ("pk", "title", "author_name", "unit_name", "source", "status", "submitted_at", "station__name")


def opinion_rows(reports: QuerySet[Opinion]) -> list[dict[str, Any]]:
    """A page of reports as plain rows (ROW_FIELDS) with `status_label`, `source_label`, and `adopted` and
    `instructed` counted for these rows only, in one query (a join and GROUP BY over the whole list would cost
    more than the page). Values, not model instances: building those was a third of the desk's time."""
    rows = list(reports.values(*ROW_FIELDS))
    if not rows:
        return rows
    status, source = labels(OS), labels(Opinion.Source)
    ids = [r["pk"] for r in rows]
    adopted = Adoption.objects.filter(opinion_id__in=ids, status=LIVE).annotate(kind=Value(1))
    instructed = Instruction.objects.filter(opinion_id__in=ids, status=LIVE).annotate(kind=Value(2))
    both = (
        adopted.values_list("opinion_id", "kind")
        .order_by()
        .union(instructed.values_list("opinion_id", "kind").order_by(), all=True)
    )
    counts = Counter(both)
    for row in rows:
        row["status_label"], row["source_label"] = status[row["status"]], source[row["source"]]
        row["adopted"], row["instructed"] = counts[row["pk"], 1], counts[row["pk"], 2]
    return rows


def diff_html(old: str, new: str) -> SafeString:
    """The change from one version to the next, character by character (Chinese has no word breaks)."""
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
        if op in ("delete", "replace"):
            parts.append(f"<del class='text-danger'>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins class='text-success'>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(parts))


def _counts(rows: QuerySet, key: str) -> dict[str, int]:
    return {row[key]: row["n"] for row in rows.values(key).annotate(n=Count("pk"))}


def statistics(committee: Any, year: int) -> dict[str, Any]:
    """The year's figures: received, edited, issues, adoptions and instructions by level, and who sent them."""
    reports = Opinion.objects.filter(committee=committee, year=year).exclude(status=OS.WITHDRAWN)
    # A merged report is the office's own; the received count is of what came in.
    received = reports.exclude(source=Opinion.Source.OFFICE)
    adoptions = Adoption.objects.filter(committee=committee, adopted_on__year=year, status=LIVE)
    instructions = Instruction.objects.filter(committee=committee, instructed_on__year=year, status=LIVE)
    by_level = _counts(adoptions, "level")
    by_leader = _counts(instructions, "leader_level")
    return {
        "year": year,
        "received": received.count(),
        "edited": reports.filter(Q(status__in=EDITED_OR_LATER) | Q(merged_from__isnull=False)).distinct().count(),
        "merged": received.filter(status=OS.MERGED).count(),
        "declined": received.filter(status=OS.DECLINED).count(),
        "issues": Bulletin.objects.filter(committee=committee, year=year, status=Bulletin.Status.ISSUED).count(),
        "adopted": [(label, by_level.get(value, 0)) for value, label in Level.choices],
        "instructions": [(label, by_leader.get(value, 0)) for value, label in LeaderLevel.choices],
        "by_source": [
            (Opinion.Source(row["source"]).label, row["n"])
            for row in received.values("source").annotate(n=Count("pk")).order_by("-n")
        ],
        "by_unit": list(
            received.exclude(unit_name="").values_list("unit_name").annotate(n=Count("pk")).order_by("-n", "unit_name")
        ),
        "by_station": list(
            received.filter(station__isnull=False)
            .values_list("station__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "station__name")
        ),
        "ranking": ranking(committee, year),
    }


def ranking(committee: Any, year: int) -> list[dict[str, Any]]:
    """Members and officers ranked by adoptions, then instructions, then reports sent (社情民意排名 [S80]).

    Credit follows the report's author; a merged report's outcomes credit the authors of its sources."""
    people: dict[tuple[str, int], dict[str, Any]] = {}

    def person(report_author: tuple[str, int, str, str]) -> dict[str, Any]:
        kind, pk, name, station = report_author
        return people.setdefault(
            (kind, pk),
            {"kind": kind, "name": name, "station": station, "received": 0, "adopted": 0, "instructed": 0},
        )

    def author(row: dict[str, Any], prefix: str = "") -> tuple[str, int, str, str] | None:
        station = row[f"{prefix}station__name"] or ""
        if row[f"{prefix}author_member_id"]:
            return ("member", row[f"{prefix}author_member_id"], row[f"{prefix}author_member__name"], station)
        if row[f"{prefix}officer_id"]:
            return ("officer", row[f"{prefix}officer_id"], row[f"{prefix}officer__name"], station)
        return None

    fields = ("author_member_id", "author_member__name", "officer_id", "officer__name", "station__name")
    reports = (
        Opinion.objects.filter(committee=committee, year=year)
        .exclude(status=OS.WITHDRAWN)
        .exclude(source=Opinion.Source.OFFICE)
    )
    for row in reports.values(*fields):
        who = author(row)
        if who:
            person(who)["received"] += 1
    for model, key in ((Adoption, "adopted"), (Instruction, "instructed")):
        date_field = "adopted_on" if model is Adoption else "instructed_on"
        outcomes = model.objects.filter(committee=committee, status=LIVE, **{f"{date_field}__year": year})
        direct = outcomes.values(*(f"opinion__{f}" for f in fields))
        merged = outcomes.filter(opinion__merged_from__isnull=False).values(
            *(f"opinion__merged_from__{f}" for f in fields)
        )
        for row in direct:
            who = author(row, "opinion__")
            if who:
                person(who)[key] += 1
        for row in merged:
            who = author(row, "opinion__merged_from__")
            if who:
                person(who)[key] += 1
    ranked = sorted(people.values(), key=lambda p: (-p["adopted"], -p["instructed"], -p["received"], p["name"]))
    for index, row in enumerate(ranked, 1):
        row["rank"] = index
    return ranked


def officer_report_counts(committee: Any, year: int) -> dict[int, tuple[int, int]]:
    """Per officer: reports sent this year and how many of them were adopted (one query each)."""
    reports = Opinion.objects.filter(committee=committee, year=year, officer__isnull=False).exclude(status=OS.WITHDRAWN)
    sent = dict(reports.values_list("officer_id").annotate(n=Count("pk")))
    adopted = dict(
        Adoption.objects.filter(committee=committee, status=LIVE, opinion__in=reports)
        .values_list("opinion__officer_id")
        .annotate(n=Count("opinion_id", distinct=True))
    )
    return {pk: (n, adopted.get(pk, 0)) for pk, n in sent.items()}


def stations_with_officers(committee: Any, stations: Iterable[Any]) -> list[dict[str, Any]]:
    """Each station with its active officers, so the office sees which stations still have none (合山: an
    officer at every 联络站)."""
    by_station: dict[int, list[InformationOfficer]] = {}
    for officer in InformationOfficer.objects.filter(committee=committee, is_active=True, station__isnull=False):
        by_station.setdefault(officer.station_id, []).append(officer)
    return [{"station": s, "officers": by_station.get(s.pk, [])} for s in stations]


def station_facts(station: Any, year: int) -> dict[str, int]:
    """For a station's standards checklist (liaison): its serving officers, and the reports sent from it in the
    year (合山's 连心站 collects 社情民意), withdrawn ones left out."""
    return {
        "officers": InformationOfficer.objects.filter(
            committee=station.committee_id, station=station, is_active=True
        ).count(),
        "opinions": Opinion.objects.filter(committee=station.committee_id, station=station, year=year)
        .exclude(status=OS.WITHDRAWN)
        .count(),
    }
