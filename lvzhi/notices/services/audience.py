"""Setting an audience (面向范围) on a notice, a study assignment or a deliberation topic."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError
from lvzhi.notices.models import Audience
from lvzhi.org.models import Member, Sector, SectorGroup, SpecialCommittee


@dataclass(frozen=True)
class AudienceSpec:
    """Everyone serving in the term, or the union of the sectors, groups, committees and members named."""

    all: bool = False
    sector_ids: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()
    special_committee_ids: tuple[int, ...] = ()
    member_ids: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.all or self.sector_ids or self.group_ids or self.special_committee_ids or self.member_ids)


def set_audience(obj: Audience, audience: AudienceSpec, *, code: str) -> None:
    """Replace the object's audience; an id that is not one of the committee's objects is refused."""
    if audience.empty:
        raise DomainError(
            code, _("请选择面向范围：全体委员，或界别、界别组、专委会、委员"), fields={"audience": [_("必填")]}
        )
    committee = obj.committee_id
    wanted = [
        (
            "sectors",
            obj.audience_sectors,
            Sector.objects.filter(committee=committee, term=obj.term),
            audience.sector_ids,
        ),
        ("groups", obj.audience_groups, SectorGroup.objects.filter(committee=committee), audience.group_ids),
        (
            "special_committees",
            obj.audience_special_committees,
            SpecialCommittee.objects.filter(committee=committee),
            audience.special_committee_ids,
        ),
        ("members", obj.audience_members, Member.objects.filter(committee=committee), audience.member_ids),
    ]
    for name, relation, choices, ids in wanted:
        found = list(choices.filter(pk__in=set(ids)))
        if len(found) != len(set(ids)):
            raise DomainError(code, _("面向范围中有不存在的对象"), fields={f"audience.{name}": [_("不存在")]})
        relation.set(found)
    obj.audience_all = audience.all
    obj.save(update_fields=["audience_all"])


def audience_of(obj: Audience) -> AudienceSpec:
    return AudienceSpec(
        all=obj.audience_all,
        sector_ids=tuple(obj.audience_sectors.values_list("pk", flat=True)),
        group_ids=tuple(obj.audience_groups.values_list("pk", flat=True)),
        special_committee_ids=tuple(obj.audience_special_committees.values_list("pk", flat=True)),
        member_ids=tuple(obj.audience_members.values_list("pk", flat=True)),
    )
