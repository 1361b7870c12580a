"""load_demo: each app seeds its own part of a demo committee, in layer order, inside one transaction per committee.

A new app adds its seeding function to STEPS; the apps' demo modules never call each other.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings

from lvzhi.activities.demo import seed_activities
from lvzhi.assessment.demo_cycle import seed_cycle
from lvzhi.assessment.demo_reports import seed_duty_reports
from lvzhi.core.errors import Conflict
from lvzhi.core.models import Committee, User
from lvzhi.liaison.demo import seed_liaison
from lvzhi.notices.demo import seed_notices
from lvzhi.opinions.demo import seed_opinions
from lvzhi.org.demo import DEMO_COMMITTEES, DemoCommittee, build_committee, demo_password_hash
from lvzhi.planning.demo import seed_plan
from lvzhi.proposals.demo import seed_proposals

Step = Callable[[DemoCommittee, Committee, dict[str, User]], None]

# After the organisation (members and accounts): what each feature app seeds, lower layers first.
STEPS: list[Step] = [
    *(seed_activities, seed_plan, seed_liaison, seed_proposals, seed_opinions, seed_notices),
    seed_duty_reports,
    seed_cycle,
]


@contextmanager
def quiet_deliveries() -> Iterator[None]:
    """The demo's mobiles are made up: invitations and leave decisions go to the inbox only, and no e-mail or
    SMS is queued for a worker to send (or print) later."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        yield


@transaction.atomic
def build_demo_committee(spec: DemoCommittee, *, password_hash: str = "") -> Committee:
    committee, users = build_committee(spec, password_hash=password_hash or demo_password_hash())
    for step in STEPS:
        step(spec, committee, users)
    return committee


def load_demo(*, force: bool = False) -> list[Committee]:
    """Build each demo committee that does not exist yet; returns the ones built (none on a second run).

    The demo accounts share a published password, so they go only into a database that holds no other
    committee, unless `force` says the caller means it.
    """
    missing = [spec for spec in DEMO_COMMITTEES if not Committee.objects.filter(code=spec.code).exists()]
    if missing and not force and Committee.objects.exclude(code__in=[s.code for s in DEMO_COMMITTEES]).exists():
        raise Conflict(
            "demo.database_in_use",
            "数据库中已有其他政协的数据。示范数据含公开密码的演示账号，只载入新数据库；确需载入请加 --force。",
        )
    password_hash = demo_password_hash()
    with quiet_deliveries():
        return [build_demo_committee(spec, password_hash=password_hash) for spec in missing]
