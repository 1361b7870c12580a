"""Test scenario: one committee with a user per role, and an outsider committee (healthchecks' alice/bob/charlie)."""

import datetime
import io
import itertools
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from lvzhi.activities import services as activity_services
from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.org.models import (
    GroupSeat,
    Member,
    Sector,
    SectorGroup,
    SpecialCommittee,
    SpecialCommitteeSeat,
    Station,
    Term,
)
from lvzhi.org.services import members as services

PASSWORD = "Lvzhi-test-2026"
_seq = itertools.count(1)


@dataclass
class World:
    committee: Committee
    term: Term
    sectors: list[Sector]
    special_committee: SpecialCommittee
    group: SectorGroup
    station: Station
    users: dict[str, User] = field(default_factory=dict)
    member: Member | None = None
    sessions: dict[str, str] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions.get(role) or signed_in(self.users[role])
        return client

    def keep_signed_in(self) -> None:
        """Sign every role in once; later clients reuse these sessions instead of signing in again (for a world
        shared by many tests whose writes roll back, so the sessions outlive each test)."""
        for role, user in self.users.items():
            self.sessions[role] = signed_in(user)


def signed_in(user: User) -> str:
    """The key of a new session holding `user`, as Client.force_login leaves it, without force_login's other
    writes (a throwaway session, a key rotation, last_login): cheaper for the hundreds of tests that sign in."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def make_user(committee: Committee, role: str, username: str | None = None, **extra: object) -> User:
    username = username or f"{committee.code}-{role}-{next(_seq)}"
    user = User.objects.create_user(username=username, password=PASSWORD, home_committee=committee, **extra)
    RoleAssignment.objects.create(user=user, committee=committee, role=role)
    return user


def make_member(
    world: "World", name: str = "张伟", *, sector: Sector | None = None, user: bool = False, **data: object
) -> Member:
    with scopes_disabled():
        member = services.create_member(
            committee=world.committee,
            term=world.term,
            member_data={"name": name, "gender": "male", **data},
            membership_data={"sector": sector or world.sectors[0]},
            actor=None,
            username=f"{world.committee.code}-m{next(_seq)}" if user else None,
            password=PASSWORD if user else None,
        )
    return member


def build_world(code: str = "city", name: str = "示范市政协") -> World:
    with scopes_disabled():
        committee = services.create_committee(
            code=code, name=name, level="city", parent=None, term_start_year=2022, actor=None
        )
        term = Term.objects.get(committee=committee)
        sectors = list(Sector.objects.filter(term=term))
        special = SpecialCommittee.objects.create(committee=committee, name="经济委员会")
        group = SectorGroup.objects.create(
            committee=committee, term=term, name="经济界活动组", special_committee=special
        )
        group.sectors.add(sectors[0])
        station = Station.objects.create(committee=committee, name="城东委员工作室", kind=Station.Kind.STUDIO)
        world = World(committee, term, sectors, special, group, station)
        # One user per staff role, written in bulk: most tests build a world, so its cost is paid hundreds of times.
        staff_roles = [role for role in Role.values if role != Role.MEMBER]
        password = make_password(PASSWORD)
        users = User.objects.bulk_create(
            User(username=f"{code}-{role}-{next(_seq)}", password=password, home_committee=committee)
            for role in staff_roles
        )
        world.users = dict(zip(staff_roles, users, strict=True))
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=user, committee=committee, role=role) for role, user in world.users.items()
        )
        member = services.create_member(
            committee=committee,
            term=term,
            member_data={"name": "李明", "gender": "male", "mobile": f"139{next(_seq):08d}"},
            membership_data={"sector": sectors[0], "station": station},
            actor=None,
            username=f"{code}-m{next(_seq)}",
            password=PASSWORD,
        )
        world.member = member
        world.users[Role.MEMBER] = member.user
        membership = member.memberships.get()
        SpecialCommitteeSeat.objects.create(committee=committee, membership=membership, special_committee=special)
        GroupSeat.objects.create(committee=committee, membership=membership, group=group)
    return world


def make_activity(world: "World", **data: object) -> Activity:
    """A draft meeting a week ahead, created by member affairs through the service, inviting the world's member;
    keywords override the service's data keys, and `audience=` an activities Audience."""
    audience = data.pop("audience", None) or activity_services.Audience(member_ids=(world.member.pk,))
    starts_at = timezone.now() + datetime.timedelta(days=7)
    with scopes_disabled():
        return activity_services.create_activity(
            committee=world.committee,
            data={
                "title": f"会议活动{next(_seq)}",
                "kind": "research",
                "mode": Activity.Mode.INVITE,
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=2),
                "location": "市政协三楼会议室",
                **data,
            },
            audience=audience,
            actor=world.users[Role.MEMBER_AFFAIRS],
        )


def today() -> datetime.date:
    return datetime.date.today()


def tile(response: Any, key: str) -> dict[str, Any]:
    """The context a home tile (core.registry) rendered with, by its key."""
    return next(t["context"] for t in response.context["tiles"] if t["key"] == key)


def picture(fmt: str = "PNG", size: tuple[int, int] = (4, 3)) -> bytes:
    """A real, tiny image: uploads are checked by their bytes and their header's width and height."""
    from PIL import Image  # only tests that upload pictures need Pillow here

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
