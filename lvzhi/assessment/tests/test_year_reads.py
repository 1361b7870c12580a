"""Each request reads the assessment year once: the ranking, the member's progress and the rules in force share it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.assessment import queries
from lvzhi.assessment.models import AssessmentYear
from lvzhi.assessment.services.schemes import load_year, rules_in_force
from lvzhi.assessment.tests.cycle_factories import STAR, THREE_ONES, YEAR, lines, year_in
from lvzhi.assessment.views.me import my_progress
from lvzhi.core.capabilities import Role
from lvzhi.core.tenancy import access_for
from lvzhi.testing import make_member

TABLE = AssessmentYear._meta.db_table


def year_reads(captured: CaptureQueriesContext) -> int:
    return sum(1 for q in captured.captured_queries if f'FROM "{TABLE}"' in q["sql"])


def test_rules_in_force_takes_a_loaded_year_and_reads_nothing_more(world):
    lines(world, world.member, *THREE_ONES)
    frozen = year_in(world, "checking")
    loaded = load_year(world.committee, YEAR)
    with CaptureQueriesContext(connection) as captured:
        rules, scheme = rules_in_force(world.committee, YEAR, loaded)
    assert len(captured.captured_queries) == 0 and scheme is None
    assert rules.to_json() == frozen.rules
    with CaptureQueriesContext(connection) as captured:
        rules_in_force(world.committee, YEAR + 5, None)  # no year: only the adopted scheme is looked up
    assert year_reads(captured) == 0 and len(captured.captured_queries) == 1


def test_the_ranking_reads_the_year_once_live_or_frozen(world):
    for i in range(6):
        lines(world, make_member(world, f"委员{i}"), *STAR[: i + 1])
    access = access_for(world.users[Role.MEMBER_AFFAIRS], world.committee)
    for status in ("live", "checking"):
        if status == "checking":
            year_in(world, "checking")
        with CaptureQueriesContext(connection) as captured:
            result = queries.ranking(access, YEAR)
        assert year_reads(captured) == 1, status
        assert len(result.scores) == 7


def test_the_ranking_page_and_api_within_their_budget(world, django_assert_max_num_queries):
    for i in range(12):
        lines(world, make_member(world, f"委员{i}"), *STAR[: i % 5 + 1])
    year_in(world, "published")
    client = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(16):
        assert client.get(f"/assessment/?year={YEAR}").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/assessment/{YEAR}/scores").status_code == 200


def test_my_progress_reads_the_year_once(world):
    lines(world, world.member, *THREE_ONES)
    for status in ("live", "checking"):
        if status == "checking":
            year_in(world, "checking")
        with CaptureQueriesContext(connection) as captured:
            progress = my_progress(world.committee, world.member, YEAR)
        assert progress is not None and progress.score.score == 70
        assert year_reads(captured) == 1, status


def test_the_members_score_page_within_its_budget(world, django_assert_max_num_queries):
    lines(world, world.member, *THREE_ONES)
    year_in(world, "published")
    client = world.client(Role.MEMBER)
    with django_assert_max_num_queries(16):  # session, user, roles, member, one year, term, ledger, unread count
        assert client.get(f"/assessment/me/?year={YEAR}").status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(f"/api/v1/assessment/{YEAR}/my-score").status_code == 200
