"""Build a demo committee: a current term with its sessions, 23 sectors, special committees with seats,
sector groups spanning sectors, regional groups, stations with checklists and rotas, members, a few
lifecycle changes so the history shows, one account per role (DOMAIN.md §2), and the year's activities,
duty ledger and work plan (activities.py).

Rows are bulk-created: the ~360 demo members load in about two seconds.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict
from lvzhi.core.models import AuditEvent, Committee, RoleAssignment, User
from lvzhi.org.demo.committees import (
    DEMO_PASSWORD,
    SECTOR_WEIGHTS,
    DemoCommittee,
    cn_number,
)
from lvzhi.org.demo.people import PeopleFactory
from lvzhi.org.models import (
    GroupSeat,
    Member,
    Membership,
    MembershipStatus,
    Position,
    RegionalGroup,
    Sector,
    SectorGroup,
    Session,
    SpecialCommittee,
    SpecialCommitteeSeat,
    StandardsChecklist,
    Station,
    StationDuty,
    StatusChange,
    Term,
)
from lvzhi.org.services import members as services
from lvzhi.org.services.stations import CHECKLIST_PRESETS

S = Station.Kind


def demo_password_hash() -> str:
    """One hash serves every demo account: each PBKDF2 hash costs about half a second."""
    validate_password(DEMO_PASSWORD)
    return make_password(DEMO_PASSWORD)


def build_committee(spec: DemoCommittee, *, password_hash: str = "") -> tuple[Committee, dict[str, User]]:
    """One committee with its organisation, members and accounts (by username); callers run this with scopes
    disabled, and the demo app seeds the other apps' parts on top."""
    rng = random.Random(spec.seed)
    parent = Committee.objects.get(code=spec.parent_code) if spec.parent_code else None
    committee = services.create_committee(
        code=spec.code,
        name=spec.name,
        level=spec.level,
        parent=parent,
        sector_preset="city23",
        term_number=spec.term_number,
        term_start_year=spec.start_year,
        actor=None,
    )
    term = Term.objects.get(committee=committee)
    sectors = list(Sector.objects.filter(term=term))
    _create_sessions(spec, committee, term)
    specials, groups = _create_bodies(spec, committee, term, sectors)
    regions, stations = _create_places(spec, committee, term, rng)
    memberships = _create_members(spec, committee, term, sectors, regions, stations, rng)
    leaders = _appoint_leaders(spec, committee, memberships, rng)
    _seat_members(spec, committee, memberships, leaders, specials, groups, rng)
    _create_rotas(committee, stations, memberships, rng)
    users = _create_accounts(spec, committee, specials, groups, memberships, password_hash or demo_password_hash())
    _record_departures(spec, memberships, actor=users[f"{spec.prefix}lianluo"], rng=rng)
    return committee, users


def _plenary_meeting(spec: DemoCommittee, session: int) -> str:
    return f"{spec.place}政协第{cn_number(spec.term_number)}届{cn_number(session)}次会议"


def _standing_meeting(spec: DemoCommittee, on: datetime.date) -> str:
    """The standing committee meets about every four months; its meetings are numbered through the term."""
    number = 1 + ((on.year - spec.start_year) * 12 + on.month - 1) // 4
    return f"{spec.place}政协第{cn_number(spec.term_number)}届常委会第{cn_number(number)}次会议"


def _term_start(spec: DemoCommittee) -> datetime.date:
    return datetime.date(spec.start_year, *spec.plenaries[0])


def _create_sessions(spec: DemoCommittee, committee: Committee, term: Term) -> None:
    sessions = []
    for number, (month, day) in enumerate(spec.plenaries, start=1):
        opens = datetime.date(spec.start_year + number - 1, month, day)
        sessions.append(
            Session(
                committee=committee,
                term=term,
                number=number,
                year=opens.year,
                opens_on=opens,
                closes_on=opens + datetime.timedelta(days=3),
            )
        )
    Session.objects.bulk_create(sessions)


def _create_bodies(
    spec: DemoCommittee, committee: Committee, term: Term, sectors: list[Sector]
) -> tuple[dict[str, SpecialCommittee], dict[str, SectorGroup]]:
    specials = {
        name: SpecialCommittee(committee=committee, name=name, order=i)
        for i, name in enumerate(spec.special_committees, start=1)
    }
    SpecialCommittee.objects.bulk_create(specials.values())
    groups = {
        name: SectorGroup(committee=committee, term=term, name=name, special_committee=specials[supervisor], order=i)
        for i, (name, _sectors, supervisor) in enumerate(spec.groups, start=1)
    }
    SectorGroup.objects.bulk_create(groups.values())
    by_name = {s.name: s for s in sectors}
    SectorGroup.sectors.through.objects.bulk_create(
        SectorGroup.sectors.through(sectorgroup=groups[name], sector=by_name[sector])
        for name, group_sectors, _supervisor in spec.groups
        for sector in group_sectors
    )
    return specials, groups


def _create_places(
    spec: DemoCommittee, committee: Committee, term: Term, rng: random.Random
) -> tuple[list[RegionalGroup], list[Station]]:
    regions = RegionalGroup.objects.bulk_create(
        RegionalGroup(committee=committee, term=term, name=name, kind=kind, area=area)
        for name, kind, area in spec.regions
    )
    checklists = {
        name: StandardsChecklist(committee=committee, name=name, items=items)
        for name, items in CHECKLIST_PRESETS.items()
    }
    StandardsChecklist.objects.bulk_create(checklists.values())
    stations = []
    for name, kind, host, address in spec.stations:
        # Stations for the public (联络站, 委员之家) follow the fuller "八有" standard; studios "五有".
        checklist = checklists["八有" if kind in (S.LIAISON_STATION, S.HOME) else "五有"]
        done = [item for item in checklist.items if rng.random() < 0.8]
        stations.append(
            Station(
                committee=committee,
                name=name,
                kind=kind,
                host_unit=host,
                address=address,
                checklist=checklist,
                checklist_done=done,
            )
        )
    return regions, Station.objects.bulk_create(stations)


def sector_counts(sectors: list[Sector], total: int) -> dict[int, int]:
    """Split `total` members over the sectors: one each, the rest by SECTOR_WEIGHTS (largest remainder)."""
    base = 1 if total >= len(sectors) else 0
    rest = total - base * len(sectors)
    weights = {s.pk: SECTOR_WEIGHTS.get(s.name, 10) for s in sectors}
    scale = rest / sum(weights.values())
    counts = {pk: base + int(w * scale) for pk, w in weights.items()}
    by_remainder = sorted(weights, key=lambda pk: weights[pk] * scale % 1, reverse=True)
    for pk in by_remainder[: total - sum(counts.values())]:
        counts[pk] += 1
    return counts


def _create_members(
    spec: DemoCommittee,
    committee: Committee,
    term: Term,
    sectors: list[Sector],
    regions: list[RegionalGroup],
    stations: list[Station],
    rng: random.Random,
) -> list[Membership]:
    people = PeopleFactory(seed=spec.seed, place=spec.place, year=spec.start_year)
    counts = sector_counts(sectors, spec.members)
    width = max(3, len(str(max(counts.values()))))
    members, memberships = [], []
    for sector in sectors:
        for seq in range(1, counts[sector.pk] + 1):
            member = Member(committee=committee, **people.person(sector.name))
            member.name_pinyin, member.name_initials = services.pinyin_of(member.name)
            members.append(member)
            memberships.append(
                Membership(
                    committee=committee,
                    member=member,
                    term=term,
                    number=f"{spec.term_number:02d}{sector.order:02d}{seq:0{width}d}",
                    sector=sector,
                    is_standing_member=rng.random() < 0.15,
                    recommending_unit=_recommending_unit(spec, sector.name),
                    appointment=rng.choice(Membership.Appointment.values),
                    joined_on=_term_start(spec),
                    regional_group=rng.choice(regions),
                    station=rng.choice(stations) if rng.random() < 0.5 else None,
                    concurrent_posts="省政协委员" if rng.random() < 0.03 else "",
                )
            )
    _mark_additions(spec, memberships, rng)
    Member.objects.bulk_create(members)
    Membership.objects.bulk_create(memberships)  # bulk_create copies each new member's pk into member_id
    StatusChange.objects.bulk_create(
        StatusChange(
            committee=committee,
            membership=m,
            from_status="",
            to_status=m.status,
            effective_on=m.joined_on,
            decided_by=m.status_decided_by or _plenary_meeting(spec, 1),
        )
        for m in memberships
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            committee=committee,
            action="member.created",
            object_type=Member._meta.label_lower,
            object_id=str(m.member.pk),
            object_repr=m.member.name,
            data={"term": term.number, "source": "demo"},
        )
        for m in memberships
    )
    return memberships


def _recommending_unit(spec: DemoCommittee, sector: str) -> str:
    p = spec.place
    units = {
        "中共": f"中共{p}委",
        "民革": f"民革{p}委员会",
        "民盟": f"民盟{p}委员会",
        "民进": f"民进{p}委员会",
        "共青团": f"共青团{p}委",
        "总工会": f"{p}总工会",
        "妇联": f"{p}妇女联合会",
        "工商联": f"{p}工商业联合会",
        "科协": f"{p}科学技术协会",
        "台联": f"{p}台湾同胞联谊会",
        "侨联": f"{p}归国华侨联合会",
    }
    return units.get(sector, f"中共{p}委统战部")


def _mark_additions(spec: DemoCommittee, memberships: list[Membership], rng: random.Random) -> None:
    """About 2% joined mid-term (增补), decided by a standing-committee meeting."""
    for membership in rng.sample(memberships, max(1, len(memberships) // 50)):
        joined = datetime.date(spec.start_year + rng.randint(1, 3), rng.randint(3, 11), rng.randint(1, 28))
        membership.joined_on = joined
        membership.status = MembershipStatus.ADDED
        membership.status_effective_on = joined
        membership.status_decided_by = _standing_meeting(spec, joined)
        membership.appointment = Membership.Appointment.NEW
        membership.is_standing_member = False


def _appoint_leaders(
    spec: DemoCommittee, committee: Committee, memberships: list[Membership], rng: random.Random
) -> set[int]:
    """Standing members, and the chair, vice chairs and secretary-general among them; returns the leaders' ids."""
    started = _term_start(spec)
    standing = [m for m in memberships if m.is_standing_member]
    positions = [
        Position(committee=committee, membership=m, title=Position.Title.STANDING_MEMBER, started_on=started)
        for m in standing
    ]
    leaders = rng.sample(standing, min(len(standing), 7))
    titles = [Position.Title.CHAIR] + [Position.Title.VICE_CHAIR] * 5 + [Position.Title.SECRETARY_GENERAL]
    for membership, title in zip(leaders, titles, strict=False):
        positions.append(
            Position(
                committee=committee,
                membership=membership,
                title=title,
                started_on=started,
                decided_by=_plenary_meeting(spec, 1),
            )
        )
        membership.member.employer = f"{spec.place}政协"
        membership.member.job_title = Position.Title(title).label
    Member.objects.bulk_update([m.member for m in leaders], ["employer", "job_title"])
    Position.objects.bulk_create(positions)
    return {m.pk for m in leaders}


def _seat_members(
    spec: DemoCommittee,
    committee: Committee,
    memberships: list[Membership],
    leaders: set[int],
    specials: dict[str, SpecialCommittee],
    groups: dict[str, SectorGroup],
    rng: random.Random,
) -> None:
    """Everyone sits in the sector group of their sector, most in a special committee; standing members lead."""
    group_of_sector = {sector: groups[name] for name, sectors, _ in spec.groups for sector in sectors}
    by_special: dict[str, list[SpecialCommitteeSeat]] = {name: [] for name in specials}
    by_group: dict[str, list[GroupSeat]] = {name: [] for name in groups}
    for membership in memberships:
        group = group_of_sector[membership.sector.name]
        by_group[group.name].append(GroupSeat(committee=committee, membership=membership, group=group))
        if membership.pk not in leaders and rng.random() < 0.85:
            # Most members sit in the special committee that supervises their sector group.
            special = group.special_committee if rng.random() < 0.6 else rng.choice(list(specials.values()))
            seat = SpecialCommitteeSeat(committee=committee, membership=membership, special_committee=special)
            by_special[special.name].append(seat)
    leading = [SpecialCommitteeSeat.Role.DIRECTOR] + [SpecialCommitteeSeat.Role.DEPUTY_DIRECTOR] * 2
    for seats in by_special.values():
        for seat, role in zip(sorted(seats, key=_standing_first), leading, strict=False):
            seat.role = role
    group_titles = {
        GroupSeat.Role.CONVENOR: Position.Title.CONVENOR,
        GroupSeat.Role.DEPUTY_CONVENOR: Position.Title.DEPUTY_CONVENOR,
        GroupSeat.Role.LIAISON: Position.Title.LIAISON,
    }
    started, decided = _term_start(spec), _plenary_meeting(spec, 1)
    positions = []
    for name, seats in by_group.items():
        for seat, role in zip(sorted(seats, key=_standing_first), group_titles, strict=False):
            seat.role = role
            positions.append(
                Position(
                    committee=committee,
                    membership=seat.membership,
                    title=group_titles[role],
                    note=name,
                    started_on=started,
                    decided_by=decided,
                )
            )
    positions += [
        Position(committee=committee, membership=m, title=Position.Title.INFORMATION_OFFICER, started_on=started)
        for m in rng.sample(memberships, max(1, len(memberships) // 30))
    ]
    SpecialCommitteeSeat.objects.bulk_create(seat for seats in by_special.values() for seat in seats)
    GroupSeat.objects.bulk_create(seat for seats in by_group.values() for seat in seats)
    Position.objects.bulk_create(positions)


def _standing_first(seat: SpecialCommitteeSeat | GroupSeat) -> bool:
    return not seat.membership.is_standing_member


def _create_rotas(
    committee: Committee, stations: list[Station], memberships: list[Membership], rng: random.Random
) -> None:
    """Stations open to the public take visitors on weekdays; studios one day a week (清新: Wednesdays)."""
    duties, heads = [], []
    for station in stations:
        members = [m for m in memberships if m.station_id == station.pk] or memberships
        weekdays = range(5) if station.kind in (S.LIAISON_STATION, S.HOME) else (2,)
        for weekday in weekdays:
            duties.append(
                StationDuty(
                    committee=committee,
                    station=station,
                    weekday=weekday,
                    member=rng.choice(members).member,
                    note="接待群众来访",
                )
            )
        head = members[0]
        heads.append(
            Position(
                committee=committee,
                membership=head,
                title=Position.Title.STATION_HEAD,
                note=station.name,
                started_on=head.joined_on,
            )
        )
    StationDuty.objects.bulk_create(duties)
    Position.objects.bulk_create(heads)


def _create_accounts(
    spec: DemoCommittee,
    committee: Committee,
    specials: dict[str, SpecialCommittee],
    groups: dict[str, SectorGroup],
    memberships: list[Membership],
    password: str,
) -> dict[str, User]:
    """One account per role; `password` is the demo password's hash."""
    accounts = spec.accounts()
    taken = list(User.objects.filter(username__in=[a.username for a in accounts]).values_list("username", flat=True))
    if taken:
        raise Conflict("demo.username_taken", f"演示账号的用户名已被占用：{'、'.join(taken)}")
    # The member account belongs to a serving member with a station, a special committee and a group.
    seated = set(SpecialCommitteeSeat.objects.filter(committee=committee).values_list("membership_id", flat=True))
    member = next(
        m.member for m in memberships if m.is_serving and m.station_id and m.pk in seated and not m.is_standing_member
    )
    users = {
        a.username: User(
            username=a.username,
            password=password,
            display_name=member.name if a.role == Role.MEMBER else a.display_name,
            home_committee=committee,
            mobile=member.mobile if a.role == Role.MEMBER else None,
        )
        for a in accounts
    }
    User.objects.bulk_create(users.values())
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            user=users[a.username],
            committee=committee,
            role=a.role,
            special_committee=specials[a.scoped_to] if a.role == Role.COMMITTEE_STAFF else None,
            sector_group=groups[a.scoped_to] if a.role == Role.GROUP_CONVENOR else None,
        )
        for a in accounts
    )
    member.user = users[f"{spec.prefix}weiyuan"]
    member.mobile_in_directory = True
    member.save(update_fields=["user", "mobile_in_directory"])
    AuditEvent.objects.bulk_create(
        AuditEvent(
            committee=committee,
            action="user.created",
            object_type=User._meta.label_lower,
            object_id=str(users[a.username].pk),
            object_repr=a.username,
            data={"roles": [a.role], "source": "demo"},
        )
        for a in accounts
    )
    return users


def _record_departures(spec: DemoCommittee, memberships: list[Membership], *, actor: User, rng: random.Random) -> None:
    """One resignation and one death, through the same service staff use, so the history shows them."""
    candidates = [
        m
        for m in memberships
        if m.status == MembershipStatus.ACTIVE and not m.is_standing_member and m.member.user_id is None
    ]
    resigned, deceased = rng.sample(candidates, 2)
    resigned_on = datetime.date(spec.start_year + 3, 6, 18)
    services.change_member_status(
        resigned,
        to_status=MembershipStatus.RESIGNED,
        effective_on=resigned_on,
        decided_by=_standing_meeting(spec, resigned_on),
        note="因工作调动离开本市，本人书面申请辞去委员职务",
        actor=actor,
    )
    services.change_member_status(
        deceased,
        to_status=MembershipStatus.DECEASED,
        effective_on=datetime.date(spec.start_year + 2, 9, 3),
        note="因病医治无效逝世",
        actor=actor,
    )
