"""manage.py load_demo: the demo committees, members, accounts and activities `make run` shows. Safe to run again."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from lvzhi.activities.models import Activity
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Committee, RoleAssignment
from lvzhi.demo.steps import load_demo
from lvzhi.ledger.models import DutyRecord
from lvzhi.org.demo import DEMO_COMMITTEES
from lvzhi.org.models import Membership, SectorGroup, SpecialCommittee, Station


class Command(BaseCommand):
    help = "载入示范数据（示范市政协、示范区政协及各角色演示账号）；已载入时不作改动。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="数据库中已有其他政协时也载入。Load even beside other committees."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        # The demo builds several committees at once from the command line: no single committee
        # scope covers that work, so scoping is off here (and only here, not in any request).
        with scopes_disabled():
            try:
                built = load_demo(force=options["force"])
            except DomainError as exc:
                raise CommandError(exc.message) from None
            if not built:
                names = "、".join(c.name for c in Committee.objects.filter(code__in=[s.code for s in DEMO_COMMITTEES]))
                self.stdout.write(f"示范数据已存在（{names}），未作改动。Demo data already loaded; nothing changed.")
                return
            for committee in built:
                self.stdout.write(f"  {committee.name}（{committee.code}）：{self._summary(committee)}")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"示范数据已载入，用时 {elapsed:.1f} 秒。Demo data loaded in {elapsed:.1f}s.")
        )

    @staticmethod
    def _summary(committee: Committee) -> str:
        counts = {
            "委员": Membership.objects.filter(committee=committee).count(),
            "专委会": SpecialCommittee.objects.filter(committee=committee).count(),
            "界别活动组": SectorGroup.objects.filter(committee=committee).count(),
            "委员工作站点": Station.objects.filter(committee=committee).count(),
            "账号": RoleAssignment.objects.filter(committee=committee).count(),
            "活动": Activity.objects.filter(committee=committee).count(),
            "履职记录": DutyRecord.objects.filter(committee=committee).count(),
        }
        return "，".join(f"{label} {n}" for label, n in counts.items())
