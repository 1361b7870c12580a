"""Reports and issues in any state, for the tests and the sweeps."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.opinions import services
from lvzhi.opinions.models import Bulletin, Opinion, Referral
from lvzhi.org.models import HandlingUnit
from lvzhi.testing import World

_seq = itertools.count(1)
TEXT = "某街道老旧小区加装电梯推进缓慢，居民意见较大。建议简化审批流程、明确资金分摊办法，并由街道牵头协调。"


def draft(title: str = "") -> services.Draft:
    return services.Draft(title or f"关于加装电梯的建议{next(_seq)}", TEXT, "society")


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def office(world: World):
    return world.users[Role.INFORMATION_OFFICE]


def submitted(world: World, **kwargs) -> Opinion:
    """A report the world's member sent."""
    return services.submit_opinion(committee=world.committee, user=world.member.user, draft=draft(), **kwargs)


def edited(world: World) -> Opinion:
    opinion = submitted(world)
    return services.edit_opinion(opinion, draft=draft(opinion.title + "（编辑稿）"), actor=office(world))


def report_in(world: World, status: str) -> Opinion:
    """A report of the world's member put straight into a status (for the workflow tables)."""
    opinion = submitted(world)
    Opinion.objects.filter(pk=opinion.pk).update(status=status)
    opinion.refresh_from_db()
    return opinion


def bulletin_in(world: World, status: str) -> Bulletin:
    bulletin = services.create_bulletin(committee=world.committee, opinions=[edited(world)], actor=office(world))
    Bulletin.objects.filter(pk=bulletin.pk).update(status=status)
    bulletin.refresh_from_db()
    return bulletin


def unit_of(world: World) -> HandlingUnit:
    """The world's handling-unit user works for this unit."""
    unit, _ = HandlingUnit.objects.get_or_create(committee=world.committee, name="示范市住房和城乡建设局")
    RoleAssignment.objects.filter(user=world.users[Role.HANDLING_UNIT], role=Role.HANDLING_UNIT).update(
        handling_unit=unit
    )
    return unit


def referral(world: World) -> Referral:
    return services.forward_opinion(edited(world), unit=unit_of(world), actor=office(world), note="请研究办理")


def today():
    return timezone.localdate()
