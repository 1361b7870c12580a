"""社情民意 list screens against the bare Django list page (/work/shared/perf/page_ratio.py; goal ≥ 0.7×).

    .venv/bin/python bench/opinions_list.py [--members 5000] [--reports 3000] [--port 8161] [--seconds 8]

The scale committee (bench/scale.py) gets `--reports` reports spread over the year on top of its demo year,
then granian serves it (2 workers, as `make run` does) and page_ratio.py loads each list with wrk beside the
bare reference page: the office's desk (all statuses), the member's own list, the issues and the API list.
"""

import argparse
import datetime
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import scale

PAGE_RATIO = Path(os.environ.get("PAGE_RATIO", "/work/shared/perf/page_ratio.py"))


def add_reports(committee, count: int) -> None:
    """Bulk rows for the list pages (they read reports only); the services are exercised by the tests."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from lvzhi.opinions.models import Opinion
    from lvzhi.org.models import Member, Station

    with scopes_disabled():
        have = Opinion.objects.filter(committee=committee).count()
        if have >= count:
            return
        members = list(Member.objects.filter(committee=committee)[:400])
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
                author_name=members[i % len(members)].name,
                station=stations[i % len(stations)] if stations else None,
                status=statuses[i % len(statuses)],
                submitted_at=now - datetime.timedelta(hours=i),
                year=(now - datetime.timedelta(hours=i)).year,
            )
            for i in range(count - have)
        )


def serve(port: int) -> subprocess.Popen:
    granian = str(Path(sys.executable).with_name("granian"))
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost", "PYTHONPATH": str(scale.ROOT)}
    proc = subprocess.Popen(
        [granian, "--interface", "wsgi", "lvzhi.wsgi:application", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "2", "--blocking-threads", "1", "--log-level", "warning"],
        cwd=scale.ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return proc
        except OSError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGTERM)
    sys.exit("Lvzhi did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8161")))
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    scale.setup()
    committee = scale.committee(args.members)
    add_reports(committee, args.reports)
    code = committee.code
    if not PAGE_RATIO.exists():
        sys.exit(f"{PAGE_RATIO} is missing (set PAGE_RATIO)")
    print(f"社情民意 lists, {args.reports} reports, load {scale.load()}", flush=True)
    proc = serve(args.port)
    try:
        subprocess.run(
            [sys.executable, str(PAGE_RATIO), "--python", sys.executable, "--server", f"http://127.0.0.1:{args.port}",
             "--seconds", str(args.seconds),
             "--page", f"{code}-xinxi:/opinions/desk/?status=all",
             "--page", f"{code}-xinxi:/opinions/bulletins/",
             "--page", f"{code}-weiyuan:/opinions/mine/",
             "--api", f"{code}-xinxi:{code}:/api/v1/opinions?page_size=50"],
            check=False,
        )  # fmt: skip
    finally:
        os.killpg(proc.pid, signal.SIGTERM)


if __name__ == "__main__":
    main()
