"""提案 items of the work plan are completed by the member's real proposals of the year, and roll up."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.planning import services
from lvzhi.planning.models import PlanItem
from lvzhi.planning.plan_queries import plan_tree, year_items
from lvzhi.proposals.models import Cosigner, Drafter, Proposal
from lvzhi.proposals.tests.factories import colleague, proposal
from lvzhi.testing import World, today

L = PlanItem.Level
S = Proposal.Status


def item(world: World, level: str, parent: PlanItem | None = None, target: int = 3, **owner) -> PlanItem:
    data = {
        "year": today().year,
        "level": level,
        "parent": parent,
        "title": "提交提案" if level == L.MEMBER else "界别委员提交提案",
        "item_type": PlanItem.Type.PROPOSAL,
        "target_count": target,
        **owner,
    }
    return services.create_plan_item(committee=world.committee, data=data, actor=None)


def cosign(world: World, of: Proposal, member, status: str = Cosigner.Status.CONFIRMED) -> Cosigner:
    return Cosigner.objects.create(committee=world.committee, proposal=of, member=member, status=status)


@pytest.fixture
def items(world):
    group = item(world, L.SECTOR_GROUP, target=10, sector_group=world.group)
    return group, item(world, L.MEMBER, group, member=world.member)


def test_a_members_proposal_item_counts_what_they_submitted_as_proposer_drafter_or_confirmed_cosigner(
    world, outsider, items
):
    _group, mine = items
    other = colleague(world)
    counted = [
        proposal(world, S.SUBMITTED),
        proposal(world, S.NOT_ACCEPTED),  # submitting was the member's part; the office's decision is not
        cosign(world, proposal(world, S.ACCEPTED, lead=other), world.member).proposal,
    ]
    collective = proposal(world, S.ACCEPTED, lead=other, proposer_kind=Proposal.ProposerKind.COLLECTIVE)
    Drafter.objects.create(committee=world.committee, proposal=collective, member=world.member)
    counted.append(collective)
    proposal(world, S.DRAFT)
    proposal(world, S.WITHDRAWN)
    Proposal.objects.filter(pk=proposal(world, S.SUBMITTED).pk).update(year=today().year - 1)
    cosign(world, proposal(world, S.SUBMITTED, lead=other), world.member, Cosigner.Status.INVITED)
    cosign(world, proposal(world, S.SUBMITTED, lead=other), world.member, Cosigner.Status.DECLINED)
    proposal(world, S.SUBMITTED, lead=other, proposer_kind=Proposal.ProposerKind.COLLECTIVE)  # not a drafter
    proposal(outsider, S.SUBMITTED, lead=outsider.member)

    node = plan_tree(year_items(world.committee, today().year)).nodes[mine.pk]
    assert node.own_proposals == sorted(p.pk for p in counted)
    assert (node.done, node.percent) == (3, 100)  # four counted, the target is three


def test_proposals_roll_up_to_the_group_item_counting_each_proposal_once(world, items):
    group, mine = items
    other = colleague(world)
    theirs = item(world, L.MEMBER, group, member=other)
    joint = proposal(world, S.SUBMITTED)
    cosign(world, joint, other)
    proposal(world, S.SUBMITTED, lead=other)
    nodes = plan_tree(year_items(world.committee, today().year)).nodes
    assert (nodes[mine.pk].done, nodes[theirs.pk].done) == (1, 2)
    assert (nodes[group.pk].done, nodes[group.pk].own_proposals) == (2, [])


def test_other_kinds_of_item_do_not_count_proposals(world):
    data = {
        "year": today().year,
        "level": L.MEMBER,
        "title": "参加调研",
        "item_type": "research",
        "member": world.member,
    }
    research = services.create_plan_item(committee=world.committee, data=data, actor=None)
    proposal(world, S.SUBMITTED)
    assert plan_tree(year_items(world.committee, today().year)).nodes[research.pk].done == 0


def test_the_members_plan_page_lists_the_counted_proposals(world, items, django_assert_max_num_queries):
    counted = proposal(world, S.ACCEPTED)
    client = world.client(Role.MEMBER)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("planning:my_plan"), {"year": today().year}).content.decode()
    assert "已完成 1/3 件" in page and counted.title in page
    assert reverse("proposals:detail", args=[counted.pk]) in page


def test_the_plan_tree_shows_the_proposals_an_item_counts(world, items):
    proposal(world, S.SUBMITTED)
    page = world.client(Role.MEMBER_AFFAIRS).get(reverse("planning:plans"), {"year": today().year}).content.decode()
    assert "计入 1 件提案" in page


def test_the_api_gives_the_counted_proposals_and_the_progress(world, outsider, items):
    _group, mine = items
    counted = proposal(world, S.SUBMITTED)
    row = world.client(Role.MEMBER).get(f"/api/v1/plans/{mine.pk}").json()
    assert (row["proposal_ids"], row["done_count"], row["progress"]) == ([counted.pk], 1, 33)
    assert outsider.client(Role.MEMBER_AFFAIRS).get(f"/api/v1/plans/{mine.pk}").status_code == 404
