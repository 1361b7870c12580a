"""Writes to the organisation's structure (DOMAIN.md §2): terms and sessions, sectors, special committees,
sector groups and regional groups.

Every function runs in a transaction, writes one audit row, and raises a DomainError with a Chinese message.
Deletions are refused while anything still depends on the object, so nobody loses data by tidying up.
Stations and their checklists live in station_services.py; accounts and roles in account_services.py.
"""

from datetime import date
from typing import Any

from django.db import models, router, transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.audit import log_event
from lvzhi.core.cache import invalidate
from lvzhi.core.changes import apply_changes, checked
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.org.models import (
    SERVING_STATUSES,
    Membership,
    RegionalGroup,
    Sector,
    SectorGroup,
    Session,
    SpecialCommittee,
    StatusChange,
    Term,
)
from lvzhi.org.presets import SECTOR_PRESETS
from lvzhi.org.queries.members import FILTER_CACHE
from lvzhi.org.services.members import TERM_YEARS

# Where a new term's sectors come from: the previous term's dictionary, a preset, or nothing yet.
SECTORS_FROM_PREVIOUS = "previous"
SECTORS_FROM_NONE = "none"
SECTOR_SOURCES = (SECTORS_FROM_PREVIOUS, *SECTOR_PRESETS, SECTORS_FROM_NONE)
SECTOR_PRESET_LABELS = {"national34": gettext_lazy("全国政协34个界别"), "city23": gettext_lazy("市级常见23个界别")}

MIN_YEAR, MAX_YEAR = 1949, 2100


def refuse_if_used(obj: models.Model, uses: list[tuple[bool, str]]) -> None:
    """Raise a Conflict naming the first thing that still depends on obj."""
    for used, message in uses:
        if used:
            raise Conflict(f"{obj._meta.model_name}.in_use", message)


def delete_audited(obj: models.Model, *, action: str, actor: User | None, owned: tuple[type, ...] = ()) -> None:
    """Delete obj unless a row outside `owned` (its own parts) would go with it or blocks it."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError):
        raise Conflict(f"{obj._meta.model_name}.in_use", _("该项已被其他数据引用，不能删除")) from None
    dependents = [m for m, rows in collector.data.items() if rows and m is not type(obj) and m not in owned]
    dependents += [qs.model for qs in collector.fast_deletes if qs.model not in owned and qs.exists()]
    dependents += [
        field.model
        for (field, _value), batches in collector.field_updates.items()
        if field.model not in owned and any(_has_rows(b) for b in batches)
    ]
    if dependents:
        # An automatic many-to-many table is named after the model that declares the field.
        model = dependents[0]._meta.auto_created or dependents[0]
        raise Conflict(
            f"{obj._meta.model_name}.in_use",
            _("该项仍被“%(m)s”引用，不能删除") % {"m": model._meta.verbose_name},
        )
    log_event(action, obj, actor=actor, committee=obj.committee)
    collector.delete()


def _has_rows(batch: Any) -> bool:
    return batch.exists() if isinstance(batch, models.QuerySet) else bool(batch)


def name_taken(queryset: models.QuerySet, name: str, *, exclude: models.Model | None = None) -> bool:
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.filter(name=name).exists()


def name_conflict(label: str) -> Conflict:
    return Conflict("structure.name_taken", _("%(x)s名称已存在") % {"x": label}, fields={"name": [_("名称已存在")]})


# ---- Terms (届) and sessions (次会议) ----------------------------------------------------------------------


MAX_TERM_NUMBER = 99


@transaction.atomic
def prepare_term(
    *,
    committee: Committee,
    start_year: int,
    end_year: int | None = None,
    number: int | None = None,
    sectors_from: str = SECTORS_FROM_PREVIOUS,
    copy_groups: bool = False,
    carry_members: bool = False,
    actor: User | None,
) -> Term:
    """换届, first step: a new term set up beside the current one, which stays current until `make_term_current`.

    Its sectors come from the current term or a preset; groups and the serving members (as 连任, in the sector of
    the same name) may be carried over, so staff can adjust the new term before anyone sees it."""
    if sectors_from not in SECTOR_SOURCES:
        raise DomainError("term.bad_sector_source", _("未知的界别来源"), fields={"sectors_from": [_("请选择界别来源")]})
    terms = Term.objects.select_for_update().filter(committee=committee)
    source = terms.filter(is_current=True).order_by("-number").first() or terms.order_by("-number").first()
    latest = terms.order_by("-number").first()
    number = number if number is not None else ((latest.number + 1) if latest else 1)
    end_year = end_year or start_year + TERM_YEARS - 1
    term = Term(committee=committee, number=number, start_year=start_year, end_year=end_year, is_current=False)
    _check_term(term)
    term.save()
    copied = carried = 0
    if sectors_from == SECTORS_FROM_PREVIOUS and source is not None:
        Sector.objects.bulk_create(
            Sector(committee=committee, term=term, code=s.code, name=s.name, order=s.order)
            for s in Sector.objects.filter(term=source)
        )
        if copy_groups:
            copied = _copy_groups(source, term)
    elif sectors_from in SECTOR_PRESETS:
        _add_preset(term, SECTOR_PRESETS[sectors_from])
    if carry_members and source is not None:
        carried = _carry_members(source, term, actor)
    log_event(
        "term.prepared",
        term,
        actor=actor,
        committee=committee,
        data={
            "previous": source.number if source else None,
            "sectors_from": sectors_from,
            "sectors": Sector.objects.filter(term=term).count(),
            "groups_copied": copied,
            "members_carried": carried,
        },
    )
    return term


def _check_term(term: Term) -> None:
    """Numbers within 1–99, unique, and in the same order as the years: a term starts after the one numbered
    before it and before the one numbered after it."""
    if not 1 <= term.number <= MAX_TERM_NUMBER:
        message = _("届次应在1至%(n)s之间") % {"n": MAX_TERM_NUMBER}
        raise DomainError("term.bad_number", message, fields={"number": [message]})
    for field in ("start_year", "end_year"):
        if not MIN_YEAR <= getattr(term, field) <= MAX_YEAR:
            message = _("年份应在%(a)s至%(b)s之间") % {"a": MIN_YEAR, "b": MAX_YEAR}
            raise DomainError("term.bad_years", message, fields={field: [message]})
    if term.end_year < term.start_year:
        raise DomainError("term.bad_years", _("结束年份不能早于起始年份"), fields={"end_year": [_("结束年份有误")]})
    others = Term.objects.filter(committee=term.committee).exclude(pk=term.pk)
    if others.filter(number=term.number).exists():
        raise Conflict(
            "term.number_taken", _("第%(n)s届已存在") % {"n": term.number}, fields={"number": [_("届次已存在")]}
        )
    before = others.filter(number__lt=term.number).order_by("-number").first()
    if before is not None and term.start_year <= before.start_year:
        message = _("起始年份应晚于上一届（%(t)s）的起始年份") % {"t": before}
        raise DomainError("term.chronology", message, fields={"start_year": [message]})
    after = others.filter(number__gt=term.number).order_by("number").first()
    if after is not None and term.start_year >= after.start_year:
        message = _("起始年份应早于下一届（%(t)s）的起始年份") % {"t": after}
        raise DomainError("term.chronology", message, fields={"start_year": [message]})
    checked(term)


def _carry_members(source: Term, term: Term, actor: User | None) -> int:
    """Serving members of `source` join `term` as 连任 in the sector of the same name (those whose sector the new
    term lacks are left for staff to place)."""
    sectors = {s.name: s for s in Sector.objects.filter(term=term)}
    joined_on = date(term.start_year, 1, 1)
    carried = [
        Membership(
            committee=term.committee,
            member_id=m.member_id,
            term=term,
            sector=sectors[m.sector.name],
            is_standing_member=False,
            recommending_unit=m.recommending_unit,
            appointment=Membership.Appointment.REAPPOINTED,
            joined_on=joined_on,
        )
        for m in Membership.objects.filter(term=source, status__in=SERVING_STATUSES).select_related("sector")
        if m.sector.name in sectors
    ]
    Membership.objects.bulk_create(carried)
    StatusChange.objects.bulk_create(
        StatusChange(
            committee=term.committee,
            membership=m,
            from_status="",
            to_status=m.status,
            effective_on=joined_on,
            actor=actor if actor is not None and actor.is_authenticated else None,
        )
        for m in Membership.objects.filter(term=term)
    )
    return len(carried)


@transaction.atomic
def make_term_current(term: Term, *, actor: User | None) -> Term:
    """换届, second step (or its undo): `term` becomes the committee's current term, the others not.

    The directory, new members and new activities follow the current term, so a term without sectors is
    refused: no member could be added to it."""
    terms = Term.objects.select_for_update().filter(committee=term.committee)
    term = terms.get(pk=term.pk)
    if term.is_current:
        raise Conflict("term.already_current", _("%(t)s已经是本届") % {"t": term})
    if not Sector.objects.filter(term=term).exists():
        raise Conflict("term.no_sectors", _("%(t)s还没有界别，请先设置界别再设为本届") % {"t": term})
    previous = terms.filter(is_current=True).first()
    terms.update(is_current=False)
    Term.objects.filter(pk=term.pk).update(is_current=True)
    term.is_current = True
    log_event(
        "term.made_current",
        term,
        actor=actor,
        committee=term.committee,
        data={"previous": previous.number if previous else None},
    )
    return term


def _copy_groups(previous: Term, term: Term) -> int:
    """Carry the previous term's sector groups (matched to the new sectors by name) and regional groups over."""
    new_sectors = {s.name: s for s in Sector.objects.filter(term=term)}
    count = 0
    for group in SectorGroup.objects.filter(term=previous).prefetch_related("sectors"):
        copy = SectorGroup.objects.create(
            committee=term.committee,
            term=term,
            name=group.name,
            special_committee=group.special_committee,
            order=group.order,
        )
        copy.sectors.set([new_sectors[s.name] for s in group.sectors.all() if s.name in new_sectors])
        count += 1
    regional = [
        RegionalGroup(committee=term.committee, term=term, name=g.name, kind=g.kind, area=g.area)
        for g in RegionalGroup.objects.filter(term=previous)
    ]
    RegionalGroup.objects.bulk_create(regional)
    return count + len(regional)


@transaction.atomic
def update_term(term: Term, *, changes: dict[str, Any], actor: User | None) -> Term:
    term = Term.objects.select_for_update().get(pk=term.pk)
    diff = apply_changes(term, changes, ["start_year", "end_year"])
    if diff:
        _check_term(term)
        term.save()
        log_event("term.updated", term, actor=actor, committee=term.committee, data={"changes": diff})
    return term


def _check_session(session: Session) -> None:
    term = session.term
    if not term.start_year <= session.year <= term.end_year:
        raise DomainError(
            "session.year_outside_term",
            _("年度应在本届起止年份（%(a)s—%(b)s）之内") % {"a": term.start_year, "b": term.end_year},
            fields={"year": [_("年度不在本届之内")]},
        )
    if session.opens_on and session.closes_on and session.closes_on < session.opens_on:
        raise DomainError("session.bad_dates", _("闭幕日期不能早于开幕日期"), fields={"closes_on": [_("闭幕日期有误")]})
    if Session.objects.filter(term=term, number=session.number).exclude(pk=session.pk).exists():
        raise Conflict(
            "session.number_taken",
            _("本届第%(n)s次会议已存在") % {"n": session.number},
            fields={"number": [_("会次已存在")]},
        )
    checked(session)


@transaction.atomic
def create_session(
    *,
    term: Term,
    year: int,
    number: int | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    actor: User | None,
) -> Session:
    if number is None:
        number = (Session.objects.filter(term=term).aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session(
        committee=term.committee, term=term, number=number, year=year, opens_on=opens_on, closes_on=closes_on
    )
    _check_session(session)
    session.save()
    log_event("session.created", session, actor=actor, committee=term.committee, data={"year": year})
    return session


@transaction.atomic
def update_session(session: Session, *, changes: dict[str, Any], actor: User | None) -> Session:
    session = Session.objects.select_for_update(of=("self",)).select_related("term").get(pk=session.pk)
    diff = apply_changes(session, changes, ["number", "year", "opens_on", "closes_on"])
    if diff:
        _check_session(session)
        session.save()
        log_event("session.updated", session, actor=actor, committee=session.committee, data={"changes": diff})
    return session


@transaction.atomic
def delete_session(session: Session, *, actor: User | None) -> None:
    delete_audited(session, action="session.deleted", actor=actor)


# ---- Sectors (界别) -------------------------------------------------------------------------------------


def _add_preset(term: Term, names: list[str]) -> int:
    """Add the preset's sectors the term lacks, with codes that do not clash with existing ones."""
    existing = list(Sector.objects.filter(term=term))
    have = {s.name for s in existing}
    codes = {s.code for s in existing}
    order = max((s.order for s in existing), default=0)
    new = []
    for name in names:
        if name in have:
            continue
        order += 1
        code = _free_code(codes, order)
        codes.add(code)
        new.append(Sector(committee=term.committee, term=term, code=code, name=name, order=order))
    Sector.objects.bulk_create(new)
    invalidate(FILTER_CACHE, term.committee_id)  # bulk_create sends no post_save
    return len(new)


def _free_code(codes: set[str], start: int) -> str:
    n = start
    while f"S{n:02d}" in codes:
        n += 1
    return f"S{n:02d}"


@transaction.atomic
def apply_sector_preset(*, term: Term, preset: str, actor: User | None) -> int:
    """Fill a term's sector dictionary from a preset; sectors it already has are kept as they are."""
    if preset not in SECTOR_PRESETS:
        raise DomainError("sector.bad_preset", _("未知的界别预设：%(p)s") % {"p": preset})
    Term.objects.select_for_update().get(pk=term.pk)
    added = _add_preset(term, SECTOR_PRESETS[preset])
    log_event("sector.preset_applied", term, actor=actor, committee=term.committee, data={"preset": preset})
    return added


def _check_sector(sector: Sector) -> None:
    others = Sector.objects.filter(term=sector.term).exclude(pk=sector.pk)
    if others.filter(name=sector.name).exists():
        raise name_conflict(_("界别"))
    if others.filter(code=sector.code).exists():
        raise Conflict("sector.code_taken", _("界别代码已存在"), fields={"code": [_("代码已存在")]})
    checked(sector)


@transaction.atomic
def create_sector(*, term: Term, name: str, code: str = "", order: int | None = None, actor: User | None) -> Sector:
    existing = Sector.objects.filter(term=term)
    if order is None:
        order = (existing.aggregate(n=Max("order"))["n"] or 0) + 1
    code = code or _free_code(set(existing.values_list("code", flat=True)), order)
    sector = Sector(committee=term.committee, term=term, name=name.strip(), code=code.strip(), order=order)
    _check_sector(sector)
    sector.save()
    log_event("sector.created", sector, actor=actor, committee=term.committee, data={"term": term.number})
    return sector


@transaction.atomic
def update_sector(sector: Sector, *, changes: dict[str, Any], actor: User | None) -> Sector:
    sector = Sector.objects.select_for_update().get(pk=sector.pk)
    diff = apply_changes(sector, changes, ["name", "code", "order"])
    if diff:
        _check_sector(sector)
        sector.save()
        log_event("sector.updated", sector, actor=actor, committee=sector.committee, data={"changes": diff})
    return sector


@transaction.atomic
def delete_sector(sector: Sector, *, actor: User | None) -> None:
    refuse_if_used(sector, [(Membership.objects.filter(sector=sector).exists(), _("该界别已有委员，不能删除"))])
    delete_audited(sector, action="sector.deleted", actor=actor)


# ---- Special committees (专委会) ------------------------------------------------------------------------


@transaction.atomic
def create_special_committee(
    *, committee: Committee, name: str, order: int = 0, is_active: bool = True, actor: User | None
) -> SpecialCommittee:
    body = SpecialCommittee(committee=committee, name=name.strip(), order=order, is_active=is_active)
    checked(body)
    if name_taken(SpecialCommittee.objects.filter(committee=committee), body.name):
        raise name_conflict(_("专委会"))
    body.save()
    log_event("special_committee.created", body, actor=actor, committee=committee)
    return body


@transaction.atomic
def update_special_committee(
    body: SpecialCommittee, *, changes: dict[str, Any], actor: User | None
) -> SpecialCommittee:
    body = SpecialCommittee.objects.select_for_update().get(pk=body.pk)
    diff = apply_changes(body, changes, ["name", "order", "is_active"])
    if diff:
        checked(body)
        if name_taken(SpecialCommittee.objects.filter(committee=body.committee), body.name, exclude=body):
            raise name_conflict(_("专委会"))
        body.save()
        log_event("special_committee.updated", body, actor=actor, committee=body.committee, data={"changes": diff})
    return body


@transaction.atomic
def delete_special_committee(body: SpecialCommittee, *, actor: User | None) -> None:
    refuse_if_used(
        body,
        [
            (body.seats.exists(), _("该专委会已有委员，不能删除；可改为停用")),
            (SectorGroup.objects.filter(special_committee=body).exists(), _("该专委会仍指导界别活动组，不能删除")),
            (
                RoleAssignment.objects.filter(special_committee=body).exists(),
                _("有工作人员账号限定在该专委会，请先调整其角色"),
            ),
        ],
    )
    delete_audited(body, action="special_committee.deleted", actor=actor)


# ---- Sector groups (界别活动组) and regional groups (联络组/活动组) --------------------------------------------


def _check_group_links(term: Term, sectors: list[Sector], special_committee: SpecialCommittee | None) -> None:
    if any(s.term_id != term.pk for s in sectors):
        raise DomainError(
            "sector_group.bad_sector", _("所含界别须属于同一届"), fields={"sectors": [_("界别不属于本届")]}
        )
    if special_committee is not None and special_committee.committee_id != term.committee_id:
        raise DomainError("sector_group.bad_special_committee", _("指导专委会不存在"))


@transaction.atomic
def create_sector_group(
    *,
    term: Term,
    name: str,
    sectors: list[Sector],
    special_committee: SpecialCommittee | None = None,
    order: int = 0,
    actor: User | None,
) -> SectorGroup:
    _check_group_links(term, sectors, special_committee)
    group = SectorGroup(
        committee=term.committee, term=term, name=name.strip(), special_committee=special_committee, order=order
    )
    checked(group)
    if name_taken(SectorGroup.objects.filter(term=term), group.name):
        raise name_conflict(_("界别活动组"))
    group.save()
    group.sectors.set(sectors)
    log_event(
        "sector_group.created",
        group,
        actor=actor,
        committee=term.committee,
        data={"sectors": [s.name for s in sectors], "special_committee": str(special_committee or "")},
    )
    return group


@transaction.atomic
def update_sector_group(
    group: SectorGroup,
    *,
    changes: dict[str, Any],
    sectors: list[Sector] | None = None,
    actor: User | None,
) -> SectorGroup:
    """Change a group's fields; `sectors`, when given, replaces the set of sectors it spans."""
    group = SectorGroup.objects.select_for_update(of=("self",)).select_related("term").get(pk=group.pk)
    diff = apply_changes(group, changes, ["name", "special_committee", "order"])
    _check_group_links(group.term, sectors or [], group.special_committee)
    if diff:
        checked(group)
        if name_taken(SectorGroup.objects.filter(term=group.term_id), group.name, exclude=group):
            raise name_conflict(_("界别活动组"))
        group.save()
    if sectors is not None:
        before = sorted(group.sectors.values_list("name", flat=True))
        after = sorted(s.name for s in sectors)
        if before != after:
            group.sectors.set(sectors)
            diff["sectors"] = [before, after]
    if diff:
        log_event("sector_group.updated", group, actor=actor, committee=group.committee, data={"changes": diff})
    return group


@transaction.atomic
def delete_sector_group(group: SectorGroup, *, actor: User | None) -> None:
    refuse_if_used(
        group,
        [
            (group.seats.exists(), _("该活动组已有成员，不能删除")),
            (RoleAssignment.objects.filter(sector_group=group).exists(), _("有账号限定在该活动组，请先调整其角色")),
        ],
    )
    delete_audited(group, action="sector_group.deleted", actor=actor, owned=(SectorGroup.sectors.through,))


@transaction.atomic
def create_regional_group(
    *, term: Term, name: str, kind: str = RegionalGroup.Kind.LIAISON, area: str = "", actor: User | None
) -> RegionalGroup:
    group = RegionalGroup(committee=term.committee, term=term, name=name.strip(), kind=kind, area=area.strip())
    checked(group)
    if name_taken(RegionalGroup.objects.filter(term=term), group.name):
        raise name_conflict(_("联络组"))
    group.save()
    log_event("regional_group.created", group, actor=actor, committee=term.committee, data={"kind": kind})
    return group


@transaction.atomic
def update_regional_group(group: RegionalGroup, *, changes: dict[str, Any], actor: User | None) -> RegionalGroup:
    group = RegionalGroup.objects.select_for_update().get(pk=group.pk)
    diff = apply_changes(group, changes, ["name", "kind", "area"])
    if diff:
        checked(group)
        if name_taken(RegionalGroup.objects.filter(term=group.term_id), group.name, exclude=group):
            raise name_conflict(_("联络组"))
        group.save()
        log_event("regional_group.updated", group, actor=actor, committee=group.committee, data={"changes": diff})
    return group


@transaction.atomic
def delete_regional_group(group: RegionalGroup, *, actor: User | None) -> None:
    refuse_if_used(
        group,
        [
            (group.memberships.exists(), _("该联络组已有委员，不能删除")),
            (RoleAssignment.objects.filter(regional_group=group).exists(), _("有账号限定在该联络组，请先调整其角色")),
        ],
    )
    delete_audited(group, action="regional_group.deleted", actor=actor)
