"""Reads of the annual work plan: who sees and edits which branch, the tree, and its roll-up progress.

A year's plan is a few hundred to a few thousand items, so the tree is built in memory from two queries
(the items and their held activities; a third when members have 提案 items: their proposals) and progress
rolls up from the members to the committee.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from lvzhi.activities.models import Activity
from lvzhi.activities.transitions import HELD
from lvzhi.core.capabilities import ROLE_CAPABILITIES
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.models import Committee
from lvzhi.core.tenancy import Access
from lvzhi.core.years import year_bounds
from lvzhi.org.models import Member, SectorGroup
from lvzhi.planning.models import PlanItem
from lvzhi.proposals.queries import credits_in_year

L = PlanItem.Level
LEVEL_RANK = {L.COMMITTEE: 0, L.SPECIAL_COMMITTEE: 1, L.SECTOR_GROUP: 2, L.MEMBER: 3}


@dataclass(frozen=True)
class Units:
    """The parts of the committee a user works for under one capability."""

    everything: bool = False
    special_committees: frozenset[int] = frozenset()
    groups: frozenset[int] = frozenset()

    def __or__(self, other: Units) -> Units:
        return Units(
            self.everything or other.everything,
            self.special_committees | other.special_committees,
            self.groups | other.groups,
        )


def units(access: Access, capability: C) -> Units:
    """Unscoped holders of the capability work for the whole committee; scoped ones for their unit only."""
    if access.user.is_superuser:
        return Units(everything=True)
    everything, special, groups = False, set(), set()
    for assignment in access.assignments:
        if capability not in ROLE_CAPABILITIES.get(assignment.role, frozenset()):
            continue
        if assignment.special_committee_id:
            special.add(assignment.special_committee_id)
        elif assignment.sector_group_id:
            groups.add(assignment.sector_group_id)
        elif not (assignment.regional_group_id or assignment.station_id):
            everything = True
    return Units(everything, frozenset(special), frozenset(groups))


def manages_calendar(access: Access) -> bool:
    """Holidays and rules are the whole committee's: staff scoped to one unit may read them, not change them."""
    return units(access, C.MANAGE_ACTIVITIES).everything


@dataclass
class PlanNode:
    item: PlanItem
    children: list[PlanNode] = field(default_factory=list)
    linked: int = 0  # activities linked to this item itself
    held: set[int] = field(default_factory=set)  # held activities in this item's subtree
    own_proposals: list[int] = field(default_factory=list)  # proposals counted for this item itself
    proposals: set[int] = field(default_factory=set)  # proposals counted in this item's subtree

    @property
    def done(self) -> int:
        return min(len(self.held) + len(self.proposals), self.item.target_count)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.item.target_count)


@dataclass(frozen=True)
class LevelProgress:
    level: str
    label: str
    items: int
    target: int
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.target) if self.target else 0


@dataclass
class PlanTree:
    roots: list[PlanNode]
    nodes: dict[int, PlanNode]
    levels: list[LevelProgress]

    def walk(self) -> Iterable[tuple[int, PlanNode]]:
        """Depth-first (depth, node) pairs, for an indented list."""
        stack = [(0, n) for n in reversed(self.roots)]
        while stack:
            depth, node = stack.pop()
            yield depth, node
            stack.extend((depth + 1, c) for c in reversed(node.children))


def year_items(committee: Committee, year: int) -> QuerySet[PlanItem]:
    return (
        PlanItem.objects.filter(committee=committee, year=year)
        .select_related("special_committee", "sector_group", "member")
        .order_by("month", "id")
    )


def _supervisors() -> dict[int, int | None]:
    return dict(SectorGroup.objects.values_list("id", "special_committee_id"))


def _in_units(item: PlanItem, scope: Units, supervisors: dict[int, int | None]) -> bool:
    if item.special_committee_id in scope.special_committees or item.sector_group_id in scope.groups:
        return True
    return item.sector_group_id is not None and supervisors.get(item.sector_group_id) in scope.special_committees


def in_branch(item: PlanItem, scope: Units) -> bool:
    """The item or one of its ancestors belongs to one of the units (a group counts for its supervising committee)."""
    if scope.everything:
        return True
    supervisors = _supervisors()
    seen: PlanItem | None = item
    while seen is not None:
        if _in_units(seen, scope, supervisors):
            return True
        seen = PlanItem.objects.filter(pk=seen.parent_id).first() if seen.parent_id else None
    return False


def plan_tree(items: Iterable[PlanItem]) -> PlanTree:
    """The items as a tree with held activities rolled up: a parent is done as far as its subtree's activities go."""
    nodes = {item.pk: PlanNode(item) for item in items}
    links = PlanItem.activities.through.objects.filter(planitem_id__in=list(nodes)).values_list(
        "planitem_id", "activity_id", "activity__status"
    )
    for item_id, activity_id, status in links:
        nodes[item_id].linked += 1
        if status in HELD:
            nodes[item_id].held.add(activity_id)
    _count_proposals(nodes.values())
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.item.parent_id) if node.item.parent_id else None
        (parent.children if parent else roots).append(node)
    for root in roots:
        _roll_up(root)
    return PlanTree(roots, nodes, _levels(nodes.values()))


def _count_proposals(nodes: Iterable[PlanNode]) -> None:
    """A member's 提案 item is completed by the member's own proposals of the item's year (see
    `proposals.queries.credits_in_year`); items above count them through their members' items."""
    wanted: dict[tuple[int, int], list[PlanNode]] = defaultdict(list)
    for node in nodes:
        item = node.item
        if item.level == L.MEMBER and item.item_type == PlanItem.Type.PROPOSAL and item.member_id:
            wanted[item.committee_id, item.year].append(node)
    for (committee_id, year), owners in wanted.items():
        counted: dict[int, list[int]] = defaultdict(list)
        for member_id, proposal_id in credits_in_year(committee_id, year, {n.item.member_id for n in owners}):
            counted[member_id].append(proposal_id)
        for node in owners:
            node.own_proposals = sorted(set(counted[node.item.member_id]))
            node.proposals.update(node.own_proposals)


def _roll_up(node: PlanNode) -> None:
    for child in node.children:
        _roll_up(child)
        node.held |= child.held
        node.proposals |= child.proposals


def _levels(nodes: Iterable[PlanNode]) -> list[LevelProgress]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for node in nodes:
        total = totals[node.item.level]
        total[0] += 1
        total[1] += node.item.target_count
        total[2] += node.done
    return [LevelProgress(level, label, *totals[level]) for level, label in L.choices if level in totals]


def _subtree(node: PlanNode) -> Iterable[PlanNode]:
    yield node
    for child in node.children:
        yield from _subtree(child)


def _branches(tree: PlanTree, scope: Units, member: Member | None) -> list[PlanNode]:
    """The highest nodes that belong to the scope's units (or to the member): each heads a visible branch."""
    supervisors = _supervisors()
    heads: list[PlanNode] = []
    covered: set[int] = set()
    for _depth, node in tree.walk():
        if node.item.pk in covered:
            continue
        mine = member is not None and node.item.member_id == member.pk
        if mine or _in_units(node.item, scope, supervisors):
            heads.append(node)
            covered |= {n.item.pk for n in _subtree(node)}
    return heads


def visible_tree(access: Access, member: Member | None, year: int) -> PlanTree:
    """The whole year's tree for committee-wide staff; a scoped user's branches; a member's own items."""
    tree = plan_tree(year_items(access.committee, year))
    scope = units(access, C.VIEW_STATS) | units(access, C.MANAGE_ACTIVITIES)
    if scope.everything:
        return tree
    heads = _branches(tree, scope, member)
    kept = {n.item.pk: n for head in heads for n in _subtree(head)}
    return PlanTree(heads, kept, _levels(kept.values()))


def editable_ids(access: Access, tree: PlanTree) -> set[int]:
    """The tree's items this user may edit: everything, or their units' branches."""
    if not access.can(C.MANAGE_ACTIVITIES):
        return set()
    scope = units(access, C.MANAGE_ACTIVITIES)
    if scope.everything:
        return set(tree.nodes)
    return {n.item.pk for head in _branches(tree, scope, None) for n in _subtree(head)}


def can_edit(access: Access, item: PlanItem) -> bool:
    return access.can(C.MANAGE_ACTIVITIES) and in_branch(item, units(access, C.MANAGE_ACTIVITIES))


def linkable_activities(item: PlanItem, q: str = "") -> QuerySet[Activity]:
    """Activities of the item's year not yet linked to it, newest first."""
    start, end = year_bounds(item.year)
    activities = (
        Activity.objects.filter(committee_id=item.committee_id, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Activity.Status.CANCELLED)
        .exclude(pk__in=item.activities.values("pk"))
        .order_by("-starts_at", "-id")
    )
    return activities.filter(title__contains=q.strip()) if q.strip() else activities
