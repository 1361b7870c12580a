"""Proposals for tests: written straight to the table in any status, or drafted through the services."""

import itertools

from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.org.models import HandlingUnit, Member
from lvzhi.proposals import services
from lvzhi.proposals.models import Assignment, Proposal, ProposalEvent, Reply
from lvzhi.proposals.services import handling
from lvzhi.proposals.similarity import terms_of
from lvzhi.testing import World, make_member, today

_seq = itertools.count(1)

ELEVATOR = (
    "关于加快老旧小区加装电梯的建议",
    "我市老旧小区多建于上世纪九十年代，没有电梯，老年居民上下楼困难。建议简化加装电梯审批流程，"
    "设立专项补贴资金，明确低层住户补偿办法，由街道社区牵头协调居民意见。",
)
PARKING = (
    "关于缓解中心城区停车难的建议",
    "中心城区停车位缺口大，医院学校周边违停严重。建议挖掘机关单位停车资源错时共享，建设立体停车库，"
    "推广智慧停车诱导系统。",
)


def office(world: World):
    return world.users[Role.PROPOSAL_OFFICE]


def proposal(
    world: World, status: str = Proposal.Status.SUBMITTED, *, lead: Member | None = None, text=ELEVATOR, **extra
) -> Proposal:
    title, content = text
    terms, total = terms_of(title, content)
    return Proposal.objects.create(
        committee=world.committee,
        term=world.term,
        year=today().year,
        lead=lead or world.member,
        title=title,
        content=content,
        category="society",
        status=status,
        terms=terms,
        term_total=total,
        indexed_at=None if status == Proposal.Status.DRAFT else timezone.now(),
        **extra,
    )


def colleague(world: World, name: str = "王芳") -> Member:
    return make_member(world, f"{name}{next(_seq)}", user=True)


def draft_by(world: World, member: Member | None = None, text=ELEVATOR) -> Proposal:
    member = member or world.member
    title, content = text
    return services.create_draft(
        member=member, data={"title": title, "content": content, "category": "society"}, actor=member.user
    )


def unit_of(world: World, name: str = "市住建局") -> HandlingUnit:
    """A handling unit tied to the world's handling-unit user."""
    unit, _created = HandlingUnit.objects.get_or_create(committee=world.committee, name=name)
    RoleAssignment.objects.filter(user=world.users[Role.HANDLING_UNIT], role=Role.HANDLING_UNIT).update(
        handling_unit=unit
    )
    return unit


def assigned(world: World, status: str = Proposal.Status.ASSIGNED) -> tuple[Proposal, Assignment]:
    """A proposal in `status` assigned to the world's unit as sole handler (with its assignment event)."""
    item = proposal(world, status, number=1000 + next(_seq))  # clear of the numbers accept() gives
    assignment = Assignment.objects.create(
        committee=world.committee, proposal=item, unit=unit_of(world), role="sole", due_date=today()
    )
    ProposalEvent.objects.create(committee=world.committee, proposal=item, action="assign", to_status=status)
    return item, assignment


def reviewing_reply(world: World, item: Proposal, assignment: Assignment) -> Reply:
    return Reply.objects.create(
        committee=world.committee,
        proposal=item,
        assignment=assignment,
        status=Reply.Status.REVIEWING,
        grade="B",
        content="已列入明年计划。",
        contact_mode="phone",
        contacted_on=today(),
    )


def replied(world: World, grade: str = "A", *, text=ELEVATOR) -> Proposal:
    """A proposal taken through the services to a published reply of `grade` from the world's unit."""
    unit = unit_of(world)
    item = services.accept(proposal(world, text=text), actor=office(world))
    handling.assign(item, units=[(unit, "lead")], due_date=None, actor=office(world))
    reply = handling.draft_reply(
        item.assignments.get(),
        grade=grade,
        content="答复正文。",
        contact_mode="phone",
        contacted_on=today(),
        unit_ids=frozenset({unit.pk}),
        actor=world.users[Role.HANDLING_UNIT],
    )
    handling.approve_reply(reply, actor=office(world))
    item.refresh_from_db()
    return item


def key_proposal(world: World, item: Proposal, *, names=("王副主席",), user_ids=()):
    """A decided key proposal: shortlisted, decided by a leaders' meeting today, with supervising leaders."""
    from lvzhi.proposals.services import honours

    honour = honours.mark(item, kind="key", reason="主席会议确定", actor=office(world))
    honours.decide_key(
        world.committee,
        year=item.year,
        meeting="第5次主席会议",
        held_on=today(),
        approved=[honour.pk],
        declined=[],
        actor=office(world),
    )
    if names or user_ids:
        honours.set_supervisors(honour, user_ids=list(user_ids), names=list(names), actor=office(world))
    honour.refresh_from_db()
    return honour


def excellent_proposal(world: World, item: Proposal, *, score: int = 90):
    """An awarded excellent proposal: nominated, scored by the office, awarded today (closing the year's round)."""
    from lvzhi.proposals.services import honours

    honour = honours.mark(item, kind="excellent", reason="选题准确、成效显著", actor=office(world))
    honours.score(honour, reviewer=office(world), value=score)
    honours.award(
        world.committee,
        year=item.year,
        meeting="第9次主席会议",
        held_on=today(),
        honour_ids=[honour.pk],
        actor=office(world),
    )
    honour.refresh_from_db()
    return honour
