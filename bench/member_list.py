"""Member directory at 5,000 members: response time (median, p95) and queries per request.

    .venv/bin/python bench/member_list.py [--members 5000] [--repeat 30]

Requests go through Django's test client: the whole middleware stack, tenancy, the view or API
endpoint and template rendering, without a web server or network in the way.
"""

import argparse
import math
import statistics
import time
import unicodedata
from typing import Any

import scale


def timed(client: Any, url: str, repeat: int) -> tuple[list[float], list[float], Any]:
    """Wall-clock and CPU milliseconds per request. On a busy machine the CPU time is the steadier figure:
    client, application and SQLite all run in this one process."""
    for _ in range(3):  # warm up caches (templates, URL resolver, SQLite pages)
        response = client.get(url)
    if response.status_code != 200:
        return [], [], response
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu, response


def ljust(text: str, width: int) -> str:
    """Pad to `width` terminal columns; Chinese characters take two."""
    return text + " " * (width - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))


def queries_of(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    scale.setup()
    committee = scale.committee(args.members)

    from django.test import Client
    from django_scopes import scopes_disabled

    from lvzhi.core.models import User
    from lvzhi.org.models import Sector

    with scopes_disabled():
        sector = Sector.objects.filter(committee=committee, name="经济界").get()
    clients = {}
    for role in ("lianluo", "zhuanwei", "weiyuan"):
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(User.objects.get(username=f"{committee.code}-{role}"))
    cases = [
        ("lianluo", "/org/members/", "directory page 1 (staff, 50 rows)", args.repeat),
        ("lianluo", "/org/members/?page=60", "directory page 60 (staff)", args.repeat),
        ("lianluo", "/org/members/?q=zh", "directory search q=zh (pinyin initials)", args.repeat),
        ("lianluo", f"/org/members/?sector={sector.pk}&standing=1", "directory sector + standing filter", args.repeat),
        ("zhuanwei", "/org/members/", "directory, staff scoped to 经济委员会", args.repeat),
        ("weiyuan", "/org/members/", "directory as a member", args.repeat),
        ("lianluo", "/api/v1/members", "GET /api/v1/members (50 per page)", args.repeat),
        ("lianluo", "/api/v1/members?page_size=200", "GET /api/v1/members?page_size=200", args.repeat),
        ("weiyuan", "/api/v1/members", "GET /api/v1/members as a member", args.repeat),
    ]
    print(f"Member directory, {args.members} members, {args.repeat} requests a line after 3 warm-ups")
    print(f"(load {scale.load()}; cpu ms = CPU time of this process, steadier than wall time on a busy machine)")
    print(f"{'request':<46} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>8} {'queries':>8} {'KB':>7}")
    for role, url, label, repeat in cases:
        times, cpu, response = timed(clients[role], url, repeat)
        if not times:
            print(f"{ljust(label, 46)} HTTP {response.status_code}, not measured")
            continue
        p95 = sorted(times)[max(0, math.ceil(0.95 * len(times)) - 1)]
        size = len(response.content) / 1024
        queries = queries_of(clients[role], url)
        median, median_cpu = statistics.median(times), statistics.median(cpu)
        print(f"{ljust(label, 46)} {median:>10.1f} {p95:>8.1f} {median_cpu:>8.1f} {queries:>8} {size:>7.0f}")
    export(clients["lianluo"], args.members)


def export(client: Any, members: int) -> None:
    """The directory export: the request only queues it; the background task (run here in this process, as the
    worker would) writes the workbook."""
    from django_scopes import scopes_disabled

    from lvzhi.org.models import DirectoryExport
    from lvzhi.org.tasks import write_directory_export

    started = time.perf_counter()
    response = client.post("/org/members/export/")
    asked = (time.perf_counter() - started) * 1000
    print(f"{ljust('directory export: the request (queues it)', 46)} {asked:>10.1f}   (HTTP {response.status_code})")
    with scopes_disabled():
        job = DirectoryExport.objects.order_by("-id").first()
    started = time.perf_counter()
    write_directory_export.call(job.pk)
    seconds = time.perf_counter() - started
    with scopes_disabled():
        job.refresh_from_db()
    label = f"directory export: the task, {job.total} rows"
    print(f"{ljust(label, 46)} {seconds * 1000:>10.0f}   ({job.status}; the page shows its progress meanwhile)")


if __name__ == "__main__":
    main()
