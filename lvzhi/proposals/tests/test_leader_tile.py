"""The leader's home tile: the key proposals they supervise with their latest supervision record, and the excellent
nominations waiting for their score."""

import datetime

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.proposals import services
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.services import honours
from lvzhi.proposals.tests.factories import key_proposal, office, proposal
from lvzhi.testing import make_user, signed_in, tile, today

KEY = "proposals.leader"
HOME = "/desk/"


def _accepted(world, n: int = 1) -> list[Proposal]:
    return [services.accept(proposal(world, number=None), actor=office(world)) for _ in range(n)]


def _record(world, honour, days_ago: int) -> None:
    honours.add_record(
        honour,
        kind="survey",
        held_on=today() - datetime.timedelta(days=days_ago),
        place="城东街道",
        participants="督办领导、承办单位",
        summary="实地调研",
        actor=world.users[Role.LEADER],
    )


def _nominate(world, item):
    return honours.mark(item, kind="excellent", reason="选题准确", actor=office(world))


def _keys(world) -> list[tuple[int, datetime.date | None]]:
    shown = tile(world.client(Role.LEADER).get(HOME), KEY)
    return [(h.pk, h.last_record) for h in shown["key"]]


def test_a_leader_sees_the_key_proposals_they_supervise_and_the_nominations_they_have_not_scored(world):
    leader = world.users[Role.LEADER]
    visited, untouched, not_mine, closed, withdrawn = _accepted(world, 5)
    visited_key = key_proposal(world, visited, names=(), user_ids=(leader.pk,))
    _record(world, visited_key, 20)
    _record(world, visited_key, 3)
    untouched_key = key_proposal(world, untouched, names=("市政府分管副市长",), user_ids=(leader.pk,))
    key_proposal(world, not_mine, names=("市政府分管副市长",))
    key_proposal(world, closed, names=(), user_ids=(leader.pk,))
    Proposal.objects.filter(pk=closed.pk).update(status=Proposal.Status.CLOSED)
    gone = key_proposal(world, withdrawn, names=(), user_ids=(leader.pk,))
    honours.unmark(gone, reason="误标", actor=office(world))
    scored, waiting = (_nominate(world, p) for p in (visited, untouched))
    honours.score(scored, reviewer=leader, value=85)
    # Never supervised first, then the one supervised longest ago; closed and withdrawn ones drop out.
    assert _keys(world) == [(untouched_key.pk, None), (visited_key.pk, today() - datetime.timedelta(days=3))]
    response = world.client(Role.LEADER).get(HOME)
    shown = tile(response, KEY)
    assert [h.pk for h in shown["unscored"]] == [waiting.pk]
    assert not shown["more_key"] and not shown["more_unscored"]
    page = response.content.decode()
    assert reverse("proposals:key_detail", args=[visited_key.pk]) in page
    assert f"最近督办 {today() - datetime.timedelta(days=3):%Y-%m-%d}" in page and "尚无督办记录" in page
    assert f"?year={untouched.year}#nomination-{waiting.pk}" in page
    excellent = world.client(Role.LEADER).get(f"/proposals/excellent/?year={untouched.year}").content.decode()
    assert f'id="nomination-{waiting.pk}"' in excellent
    # Once scored, the nomination leaves the tile; with nothing left, the tile goes.
    honours.score(waiting, reviewer=leader, value=70)
    honours.unmark(visited_key, reason="x", actor=office(world))
    honours.unmark(untouched_key, reason="x", actor=office(world))
    assert KEY not in [t["key"] for t in world.client(Role.LEADER).get(HOME).context["tiles"]]


def test_only_leaders_of_the_committee_get_the_tile_and_only_their_own_key_proposals(world, outsider):
    leader = world.users[Role.LEADER]
    mine, other = _accepted(world, 2)
    key_proposal(world, mine, names=(), user_ids=(leader.pk,))
    nomination = _nominate(world, other)
    # Another leader of the committee: no key proposal of theirs, but the nomination waits for their score too.
    colleague = Client()
    colleague.cookies[settings.SESSION_COOKIE_NAME] = signed_in(
        make_user(world.committee, Role.LEADER, display_name="赵秘书长")
    )
    shown = tile(colleague.get(HOME), KEY)
    assert shown["key"] == [] and [h.pk for h in shown["unscored"]] == [nomination.pk]
    # The office runs these lists from its own screens; units, members and another committee's leader see nothing.
    for client in (
        world.client(Role.PROPOSAL_OFFICE),
        world.client(Role.ADMIN),
        world.client(Role.MEMBER_AFFAIRS),
        outsider.client(Role.LEADER),
    ):
        tiles = client.get(HOME).context["tiles"]
        assert KEY not in [t["key"] for t in tiles]
    for client in (world.client(Role.HANDLING_UNIT), world.client(Role.MEMBER)):
        response = client.get(reverse("home"), follow=True)
        assert KEY not in [t["key"] for t in (response.context or {}).get("tiles", [])]


def test_the_tile_costs_the_same_queries_for_one_row_or_many(world):
    leader = world.users[Role.LEADER]
    client = world.client(Role.LEADER)

    def grow(n: int) -> None:
        for item in _accepted(world, n):
            honour = key_proposal(world, item, names=(), user_ids=(leader.pk,))
            _record(world, honour, 1)
            _nominate(world, item)

    def cost() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(HOME)
        assert response.status_code == 200
        sql = [q["sql"] for q in captured.captured_queries]
        return len(sql), sum("proposals_honour" in q for q in sql)

    grow(1)
    client.get(HOME)  # the first view refreshes the session
    small = cost()
    grow(8)
    shown = tile(client.get(HOME), KEY)
    assert len(shown["key"]) == len(shown["unscored"]) == 5 and shown["more_key"] and shown["more_unscored"]
    # The tile's own two queries (key proposals with their latest record, unscored nominations), whatever the rows.
    assert cost() == small and small[1] == 2 and small[0] <= 20
