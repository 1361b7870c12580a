"""Each ledger row's points under its year's rules, for the ledger's own lists (API.md `points`)."""

from collections import defaultdict
from typing import Any

from lvzhi.assessment.scoring import people, trace
from lvzhi.assessment.services.schemes import rules_in_force
from lvzhi.ledger.models import DutyRecord


def ledger_points(records: list[Any]) -> dict[int, float]:
    """Points per row id; a row earns by its place among the member's whole year (caps, "each further")."""
    wanted: dict[tuple[int, int, int], set[int]] = defaultdict(set)
    for r in records:
        wanted[(r.committee_id, r.member_id, r.year)].add(r.pk)
    points: dict[int, float] = {}
    for (committee_id, member_id, year), ids in wanted.items():
        committee = next(r.committee for r in records if r.committee_id == committee_id)
        person = next(iter(people(committee, year, [member_id])), None)
        if person is None:
            continue
        rules, _scheme = rules_in_force(committee, year)
        rows = DutyRecord.objects.filter(committee_id=committee_id, member_id=member_id, year=year)
        for traced in trace(list(rows), person, rules):
            if traced.record.pk in ids:
                points[traced.record.pk] = traced.points
    return points
