"""A frozen year for the cycle's tests: last year's ledger for the world's member, frozen by member affairs."""

import datetime

from django.utils import timezone

from lvzhi.assessment.models import AssessmentYear
from lvzhi.assessment.services import cycle
from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import DutyEntry, record_duties
from lvzhi.testing import World

YEAR = timezone.localdate().year - 1  # a year that has ended, so it may be frozen


def office(world: World):
    return world.users[Role.MEMBER_AFFAIRS]


def leader(world: World):
    return world.users[Role.LEADER]


def lines(world: World, member, *pairs, year: int = YEAR) -> list[DutyRecord]:
    """Ledger rows (kind, role) for the member, one a month from March."""
    entries = [
        DutyEntry(member, kind, role, datetime.date(year, 3 + i % 9, 10), f"{kind}事项{i}")
        for i, (kind, role) in enumerate(pairs)
    ]
    return record_duties(committee=world.committee, entries=entries, recorded_by=None)


THREE_ONES = (
    ("plenary", "present"),
    ("research", "present"),
    ("inspection", "present"),
    ("proposal", "first_proposer"),
    ("proposal", "first_proposer"),
    ("opinion", "submitter"),
)  # 70 under the default rules (test_scoring's hand-computed case)


def year_in(world: World, status: str, year: int = YEAR) -> AssessmentYear:
    """The world's assessment year moved through the real services up to `status`."""
    assessment = cycle.open_year(world.committee, year, actor=office(world))
    path = ["checking", "review", "approval", "published", "archived"]
    steps = {
        "checking": lambda a: cycle.freeze(a, actor=office(world)),
        "review": lambda a: cycle.close_check(a, actor=office(world)),
        "approval": lambda a: cycle.submit(a, actor=office(world)),
        "published": lambda a: cycle.approve(a, actor=leader(world)),
        "archived": lambda a: cycle.archive(a, actor=office(world)),
    }
    for step in path[: path.index(status) + 1] if status != "live" else []:
        assessment = steps[step](assessment)
    return assessment


STAR = (
    ("plenary", "present"),
    *[("research", "present")] * 6,
    ("proposal", "first_proposer"),
    ("opinion", "adopted_own"),
    ("award", "award_national"),
)  # the full base and a bonus: 优秀 under the default rules
