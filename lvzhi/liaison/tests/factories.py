"""Letters for tests, made through the services (the public form's checks are tested on their own)."""

import itertools

from django.core.cache import cache

from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.liaison import guard, services
from lvzhi.liaison.models import Letter, Mailbox
from lvzhi.liaison.services.letters import LetterInput
from lvzhi.org.models import HandlingUnit
from lvzhi.testing import World

_seq = itertools.count(1)


def letter_input(**data: object) -> LetterInput:
    values = {
        "kind": Letter.Kind.SUGGESTION,
        "title": f"小区路灯不亮{next(_seq)}",
        "content": "东门到菜场一段路灯坏了半个月，晚上老人出行不便。",
        "phone": "13900001111",
        "writer_name": "王女士",
        "is_public": True,
        **data,
    }
    return LetterInput(**values)


def member_letter(world: World, **data: object) -> Letter:
    """A letter to the world's member's mailbox: sorted to the member on arrival."""
    letter, _created = services.submit_letter(services.mailbox_for(world.member), letter_input(**data))
    return letter


def station_letter(world: World, **data: object) -> Letter:
    """A letter to the world's station's mailbox: waiting for the office to sort it."""
    letter, _created = services.submit_letter(services.mailbox_for(world.station), letter_input(**data))
    return letter


def unit_of(world: World, name: str = "市住建局") -> HandlingUnit:
    """A handling unit, and the world's handling-unit user tied to it."""
    unit, _ = HandlingUnit.objects.get_or_create(committee=world.committee, name=name)
    RoleAssignment.objects.filter(user=world.users[Role.HANDLING_UNIT], committee=world.committee).update(
        handling_unit=unit
    )
    return unit


def forwarded_letter(world: World) -> Letter:
    letter = station_letter(world)
    return services.forward_letter(letter, unit=unit_of(world), note="请核实", actor=world.users[Role.MEMBER_AFFAIRS])


def public_post(mailbox: Mailbox, **data: object) -> dict[str, object]:
    """The fields the mailbox page posts, with a solved challenge."""
    challenge = guard.new_challenge()
    return {
        "kind": "suggestion",
        "title": "公交站台缺少遮雨棚",
        "content": "人民路公交站台没有遮雨棚，下雨天候车的人都淋着。",
        "phone": "13900002222",
        "writer_name": "",
        "challenge": challenge["challenge"],
        "solution": guard.solve(challenge["challenge"], int(challenge["bits"])),
        **data,
    }


def clear_limits() -> None:
    cache.clear()
