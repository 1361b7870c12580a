"""The committee tree: a committee's system administrator creates and edits the committees below their own."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.models import Committee, User
from lvzhi.org.services.members import create_committee

L = Committee.Level
# Higher first: a committee sits strictly below its parent's level.
LEVEL_RANK = {L.NATIONAL: 0, L.PROVINCE: 1, L.CITY: 2, L.COUNTY: 3}


def below(committee: Committee) -> list[Committee]:
    """Every committee under this one, at every level."""
    return list(Committee.objects.filter(pk__in=committee.descendant_ids()).order_by("level", "name"))


def _within(home: Committee, parent_code: str) -> Committee:
    """The parent, which must be the administrator's own committee or one below it (any other is "not found",
    so another tree's codes are not disclosed)."""
    allowed = {home.pk, *home.descendant_ids()}
    parent = Committee.objects.filter(code=parent_code, pk__in=allowed).first()
    if parent is None:
        raise NotFound(
            "committee.parent_not_found",
            _("上级政协不存在或不在本会之下"),
            fields={"parent_code": [_("只能选择本会或本会的下级政协")]},
        )
    return parent


def _check_level(level: str, parent: Committee) -> None:
    if level not in LEVEL_RANK:
        raise DomainError("committee.bad_level", _("未知的级别"), fields={"level": [_("请选择级别")]})
    if LEVEL_RANK[level] <= LEVEL_RANK[parent.level]:
        raise DomainError(
            "committee.level_not_below",
            _("下级政协的级别应低于上级政协（%(p)s）") % {"p": parent.get_level_display()},
            fields={"level": [_("级别应低于上级政协")]},
        )


@transaction.atomic
def create_below(
    *,
    home: Committee,
    code: str,
    name: str,
    level: str,
    parent_code: str,
    sector_preset: str,
    term_number: int,
    term_start_year: int | None,
    actor: User,
) -> Committee:
    """A new committee under the administrator's own (directly or deeper), with its first term and sectors."""
    parent = _within(home, parent_code)
    _check_level(level, parent)
    if not name.strip():
        raise DomainError("committee.name_required", _("请填写名称"), fields={"name": [_("此项为必填")]})
    return create_committee(
        code=code,
        name=name.strip(),
        level=level,
        parent=parent,
        sector_preset=sector_preset,
        term_number=term_number,
        term_start_year=term_start_year,
        actor=actor,
    )


@transaction.atomic
def update_below(
    committee: Committee, *, home: Committee, name: str, level: str, parent_code: str, actor: User
) -> Committee:
    """Rename, re-level or move a committee below one's own; it cannot move under itself or out of the tree."""
    if committee.pk not in home.descendant_ids():
        raise NotFound("committee.not_found", _("政协不存在"))
    parent = _within(home, parent_code)
    if parent.pk == committee.pk or parent.pk in committee.descendant_ids():
        raise DomainError(
            "committee.cycle", _("不能移到自己或自己的下级之下"), fields={"parent_code": [_("请选择其他上级")]}
        )
    _check_level(level, parent)
    for child in Committee.objects.filter(parent=committee):
        if LEVEL_RANK[child.level] <= LEVEL_RANK.get(level, 99):
            raise DomainError(
                "committee.level_not_above_children",
                _("%(c)s 是其下级，级别应高于它") % {"c": child.name},
                fields={"level": [_("级别应高于下级政协")]},
            )
    if not name.strip():
        raise DomainError("committee.name_required", _("请填写名称"), fields={"name": [_("此项为必填")]})
    before = {"name": committee.name, "level": committee.level, "parent": committee.parent.code}
    committee.name, committee.level, committee.parent = name.strip(), level, parent
    committee.save(update_fields=["name", "level", "parent"])
    after = {"name": committee.name, "level": committee.level, "parent": parent.code}
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changed:
        log_event("committee.updated", committee, actor=actor, committee=home, data=changed)
    return committee
