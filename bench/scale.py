"""Scale data: a committee of N members (default 5,000) in a scratch database.

    .venv/bin/python bench/scale.py [--members 5000]

The development database is never touched: LVZHI_VAR_DIR points at a scratch directory (BENCH_VAR_DIR
when bench/run.py shares one between scripts, else a temporary one removed at exit) and DATABASE_URL
is ignored; set BENCH_DATABASE_URL to benchmark on PostgreSQL instead.
The members come from the demo generator (lvzhi/org/demo), so names, sectors, seats and stations
look like a real city's, only more of them.
"""

import argparse
import atexit
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup() -> Path:
    """Point Django at the scratch database, set Django up and migrate. Call before importing lvzhi."""
    shared = os.environ.get("BENCH_VAR_DIR")
    var_dir = Path(shared) if shared else Path(tempfile.mkdtemp(prefix="lvzhi-bench-"))
    if not shared:
        atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
    os.environ["LVZHI_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ["ALLOWED_HOSTS"] = "testserver"  # Django's test client
    os.environ["DJANGO_SETTINGS_MODULE"] = "lvzhi.settings"
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return var_dir


def committee(members: int = 5000) -> Any:
    """The scale committee with `members` members, built on first use and reused after."""
    from django_scopes import scopes_disabled

    from lvzhi.core.models import Committee
    from lvzhi.demo.steps import build_demo_committee, quiet_deliveries
    from lvzhi.org.demo.committees import CITY

    code = f"bench-{members}"
    # Building a committee from the command line is cross-committee work with no request scope.
    with scopes_disabled():
        existing = Committee.objects.filter(code=code).first()
        if existing is not None:
            return existing
        name = f"基准市政协（{members}人）"
        spec = replace(CITY, code=code, name=name, prefix=f"{code}-", members=members, seed=members)
        with quiet_deliveries():
            return build_demo_committee(spec)


def opinions(committee: Any, count: int = 3000) -> None:
    """At least `count` 社情民意 reports in the committee, spread over the statuses and the past months, a few of
    them by the demo member account (its "my reports"). Bulk rows: the list screens read reports only; the services
    that write them are exercised by the tests."""
    import datetime

    from django.utils import timezone
    from django_scopes import scopes_disabled

    from lvzhi.opinions.models import Opinion
    from lvzhi.org.models import Member, Station

    with scopes_disabled():
        have = Opinion.objects.filter(committee=committee).count()
        if have >= count:
            return
        own = Member.objects.filter(committee=committee, user__username__endswith="weiyuan").first()
        others = Member.objects.filter(committee=committee).exclude(pk=getattr(own, "pk", None))[:399]
        members = ([own] if own else []) + list(others)
        stations = list(Station.objects.filter(committee=committee))
        statuses = Opinion.Status.values
        now = timezone.now()
        Opinion.objects.bulk_create(
            Opinion(
                committee=committee,
                title=f"关于第{i}项民生问题的建议",
                content="情况、分析和建议。" * 40,
                category="society",
                source="member",
                author_member=members[i % len(members)],
                author_user_id=members[i % len(members)].user_id,
                author_name=members[i % len(members)].name,
                station=stations[i % len(stations)] if stations else None,
                status=statuses[i % len(statuses)],
                submitted_at=now - datetime.timedelta(hours=i),
                year=timezone.localtime(now - datetime.timedelta(hours=i)).year,
            )
            for i in range(count - have)
        )


def load() -> str:
    """The 1-minute load average, printed with the figures: a busy machine makes every figure slower."""
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    args = parser.parse_args()
    var_dir = setup()
    started = time.perf_counter()
    built = committee(args.members)
    print(f"{built.name}: {args.members} members in {time.perf_counter() - started:.1f} s ({var_dir})")


if __name__ == "__main__":
    main()
