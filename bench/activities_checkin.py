"""Check-in at a 1,000-member plenary: members scan the venue code on their phones as they arrive.

    .venv/bin/python bench/activities_checkin.py [--members 1000] [--threads 50]

The plenary is published (the whole roster invited), its check-in window is open, and every member checks
in with the rotating venue code through the service the phone's request reaches, from a pool of threads
that each hold their own database connection. Then everyone scans again, which must find the same record.
Prints check-ins per second for both rounds and the check-ins stored (exactly one per member).
Database choice as in activities_signup.py.
"""

import argparse
import datetime
import queue
import threading
import time
from collections import Counter
from typing import Any

from activities_signup import committee_with_members, connection_limit, database_label, setup


def check_in_all(activity: Any, members: list[Any], threads: int) -> tuple[float, Counter]:
    """Every member checks in once, `threads` at a time, each thread on its own connection."""
    from django.db import connection
    from django_scopes import scope

    from lvzhi.activities import services

    waiting: queue.SimpleQueue = queue.SimpleQueue()
    for member in members:
        waiting.put(member)
    outcomes: Counter = Counter()
    lock = threading.Lock()
    gate = threading.Barrier(threads + 1)

    def worker() -> None:
        seen: Counter = Counter()
        gate.wait()
        try:
            with scope(committee=activity.committee):
                while True:
                    try:
                        member = waiting.get_nowait()
                    except queue.Empty:
                        break
                    try:
                        code = services.current_venue_code(activity)
                        _checkin, created = services.check_in_with_venue_code(
                            activity, member=member, code=code, actor=member.user
                        )
                        seen["new" if created else "repeat"] += 1
                    except Exception as exc:  # a benchmark reports failures instead of stopping at the first
                        seen[f"error: {type(exc).__name__}: {exc}"[:160]] += 1
        finally:
            connection.close()
        with lock:
            outcomes.update(seen)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=50)
    args = parser.parse_args()
    setup()

    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from lvzhi.activities import services
    from lvzhi.activities.models import Activity, CheckIn

    committee, (staff, *members) = committee_with_members("bench-checkin", args.members)
    # Starting in half an hour: the members' check-in window (from an hour before) is open, nobody is late.
    starts = timezone.now() + datetime.timedelta(minutes=30)
    with scope(committee=committee):
        plenary = services.create_activity(
            committee=committee,
            data={
                "title": "政协第一届委员会第五次全体会议",
                "kind": "plenary",
                "mode": Activity.Mode.INVITE,
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=3),
                "location": "市会议中心大礼堂",
            },
            audience=services.Audience(all=True),
            actor=staff,
        )
        started = time.perf_counter()
        services.publish_activity(plenary, actor=staff)
        published = time.perf_counter() - started

    threads = connection_limit(args.threads)
    print(f"Plenary check-in: {args.members} members, {threads} threads with a connection each ({database_label()})")
    print(f"{'publish (roster + notices)':<30} {published:>8.2f} s")
    print(f"{'round':<30} {'seconds':>8} {'per second':>11} {'new':>6} {'repeat':>7}")
    for label in ("everyone arrives", "everyone scans again"):
        elapsed, outcomes = check_in_all(plenary, members, threads)
        rate = args.members / elapsed
        print(f"{label:<30} {elapsed:>8.2f} {rate:>11.0f} {outcomes['new']:>6} {outcomes['repeat']:>7}")
        for outcome, count in sorted(outcomes.items()):
            if outcome not in ("new", "repeat"):
                print(f"{count:>5} × {outcome}")
    with scopes_disabled():
        stored = CheckIn.objects.filter(activity=plenary)
        print(f"{'check-ins stored':<30} {stored.count():>8}   (members: {args.members})")
        print(f"{'activity status':<30} {Activity.objects.get(pk=plenary.pk).status:>8}")


if __name__ == "__main__":
    main()
