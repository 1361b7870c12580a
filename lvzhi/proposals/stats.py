"""Proposal statistics as offices publish them (DOMAIN.md §6 items 4 and 5): what came in and what became of it,
by kind, period and category; handling units' on-time rate, returns, days and satisfaction; reply and satisfaction
rates; the A/B/C mix; key proposals; what is overdue. A fixed number of queries whatever the year holds."""

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count
from django.utils import timezone

from lvzhi.proposals import queries
from lvzhi.proposals.models import Assignment, Category, Honour, Proposal, ProposalSettings, Reply
from lvzhi.proposals.services.rules import ReplyClasses
from lvzhi.proposals.transitions import ACCEPTED_OR_LATER

P = Proposal.Status
DECIDED = Honour.Status.APPROVED
HANDLED = frozenset({P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED})
ANSWERED = frozenset({P.REPLIED, P.CLOSED})


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _labelled(choices: Any, counts: Counter) -> list[tuple[str, int]]:
    return [(str(label), counts.get(value, 0)) for value, label in choices]


def _grades(counts: Counter) -> list[tuple[str, int]]:
    """The reply-class mix in the committee's wording; D appears where the four-class set is on or D was used."""
    settings = ProposalSettings.objects.first()  # the committee in scope
    four = (settings is not None and settings.four_class_replies) or bool(counts.get(Reply.Grade.D))
    return _labelled(ReplyClasses(four=four).choices, counts)


def statistics(year: int, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    rows = list(
        Proposal.objects.filter(year=year)
        .exclude(status=P.DRAFT)
        .values_list("status", "proposer_kind", "period", "category", "satisfaction")
    )
    status = Counter(r[0] for r in rows)
    accepted = [r for r in rows if r[0] in ACCEPTED_OR_LATER]
    handled = sum(status[s] for s in HANDLED)
    answered = sum(status[s] for s in ANSWERED)
    rated = Counter(r[4] for r in rows if r[4] and r[0] == P.CLOSED)
    evaluated = sum(rated.values())
    pleased = rated[Proposal.Satisfaction.SATISFIED] + rated[Proposal.Satisfaction.BASICALLY_SATISFIED]
    grades = Counter(
        Reply.objects.filter(proposal__year=year, status=Reply.Status.PUBLISHED).values_list("grade", flat=True)
    )
    return {
        "year": year,
        "received": len(rows),
        "accepted": len(accepted) + status[P.MERGED],
        "merged": status[P.MERGED],
        "not_accepted": status[P.NOT_ACCEPTED],
        "converted": status[P.CONVERTED],
        "withdrawn": status[P.WITHDRAWN],
        "pending": status[P.SUBMITTED] + status[P.RETURNED],
        "by_kind": _labelled(Proposal.ProposerKind.choices, Counter(r[1] for r in rows)),
        "by_period": _labelled(Proposal.Period.choices, Counter(r[2] for r in rows)),
        "by_category": _labelled(Category.choices, Counter(r[3] for r in accepted)),
        "handled": handled,
        "answered": answered,
        "reply_rate": _rate(answered, handled),
        "evaluated": evaluated,
        "satisfaction": _labelled(Proposal.Satisfaction.choices, rated),
        "satisfaction_rate": _rate(pleased, evaluated),
        "grades": _grades(grades),
        "units": units(year),
        "key": list(
            Honour.objects.filter(proposal__year=year, kind=Honour.Kind.KEY, status=DECIDED, unmarked_at=None)
            .select_related("proposal", "proposal__lead")
            .prefetch_related("supervisors")
            .order_by("proposal__number")
        ),
        "excellent": Honour.objects.filter(
            proposal__year=year, kind=Honour.Kind.EXCELLENT, status=DECIDED, unmarked_at=None
        ).count(),
        "overdue": list(
            queries.overdue_assignments(today=today)
            .filter(proposal__year=year)
            .select_related("proposal", "unit")[:200]
        ),
    }


def units(year: int) -> list[dict[str, Any]]:
    """承办单位办理情况: per unit, what it was given (主办/协办), answered, on time, returned, days and satisfaction."""
    assignments = list(
        Assignment.objects.filter(proposal__year=year)
        .select_related("unit")
        .values_list("pk", "unit_id", "unit__name", "role", "due_date", "assigned_at", "proposal__satisfaction")
    )
    first_published: dict[int, datetime.datetime] = {}
    for assignment_id, published_at in (
        Reply.objects.filter(proposal__year=year, status=Reply.Status.PUBLISHED)
        .order_by("published_at")
        .values_list("assignment_id", "published_at")
    ):
        first_published.setdefault(assignment_id, published_at)
    returned = dict(
        Reply.objects.filter(proposal__year=year, status=Reply.Status.RETURNED)
        .values("assignment__unit_id")
        .annotate(n=Count("pk"))
        .values_list("assignment__unit_id", "n")
    )
    table: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"lead": 0, "co": 0, "answered": 0, "on_time": 0, "days": [], "rated": 0, "pleased": 0}
    )
    for pk, unit_id, name, role, due, assigned_at, satisfaction in assignments:
        row = table[unit_id]
        row["name"] = name
        row["co" if role == Assignment.Role.CO else "lead"] += 1
        published = first_published.get(pk)
        if published is not None:
            row["answered"] += 1
            row["on_time"] += timezone.localdate(published) <= due
            row["days"].append((published - assigned_at).days)
        if satisfaction and role != Assignment.Role.CO:
            row["rated"] += 1
            row["pleased"] += satisfaction != Proposal.Satisfaction.UNSATISFIED
    result = []
    for unit_id, row in table.items():
        days = row.pop("days")
        result.append(
            {
                **row,
                "unit_id": unit_id,
                "returned": returned.get(unit_id, 0),
                "on_time_rate": _rate(row["on_time"], row["answered"]),
                "average_days": round(sum(days) / len(days), 1) if days else None,
                "satisfaction_rate": _rate(row["pleased"], row["rated"]),
            }
        )
    return sorted(result, key=lambda r: (-r["lead"] - r["co"], r["name"]))
