"""Menu sign-up under load: 400 members sign up at the same moment for an activity with 100 seats.

    .venv/bin/python bench/activities_signup.py [--members 400] [--seats 100]

Each member signs up from their own thread with their own database connection, all released at once
by a barrier, through the same service the API and the portal call. Prints sign-ups per second and how
many were confirmed (never more than the seats) and waitlisted. The database is a scratch SQLite file
(WAL, IMMEDIATE transactions) unless BENCH_DATABASE_URL, or DATABASE_URL when this script is run on its
own, names a PostgreSQL database; PostgreSQL's max_connections caps how many connections are open at once.
"""

import argparse
import datetime
import itertools
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import scale

CONNECTION_HEADROOM = 10  # connections left for the main thread, psql and the like


def setup() -> None:
    """The scratch database, and no e-mail or text message leaves the machine."""
    if "BENCH_VAR_DIR" not in os.environ and os.environ.get("DATABASE_URL"):
        os.environ.setdefault("BENCH_DATABASE_URL", os.environ["DATABASE_URL"])
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["SMS_BACKEND"] = "lvzhi.core.sms.MemorySmsBackend"
    scale.setup()


def database_label() -> str:
    from django.db import connection

    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def committee_with_members(prefix: str, members: int) -> tuple[Any, list[Any]]:
    """A new committee with `members` serving members, each with a login (no password: nobody logs in)."""
    from django_scopes import scopes_disabled

    from lvzhi.core.models import Committee, RoleAssignment, User
    from lvzhi.org.models import Member, Membership, Sector, Term
    from lvzhi.org.services import members as services

    with scopes_disabled():  # building a committee is work above any one committee's scope
        number = next(n for n in itertools.count(1) if not Committee.objects.filter(code=f"{prefix}-{n}").exists())
        code = f"{prefix}-{number}"
        committee = services.create_committee(
            code=code, name=f"基准政协{code}", level="city", parent=None, term_start_year=2022, actor=None
        )
        term = Term.objects.get(committee=committee)
        sector = Sector.objects.filter(term=term).first()
        users = User.objects.bulk_create(
            User(username=f"{code}-m{i}", password="!", home_committee=committee) for i in range(members)
        )
        RoleAssignment.objects.bulk_create(RoleAssignment(user=u, committee=committee, role="member") for u in users)
        people = Member.objects.bulk_create(
            Member(committee=committee, user=u, name=f"委员{i}", gender="male", name_pinyin=f"weiyuan{i:05d}")
            for i, u in enumerate(users)
        )
        Membership.objects.bulk_create(
            Membership(committee=committee, member=m, term=term, sector=sector, joined_on=datetime.date(2022, 1, 1))
            for m in people
        )
        staff = User.objects.create(username=f"{code}-staff", password="!", home_committee=committee)
        RoleAssignment.objects.create(user=staff, committee=committee, role="member_affairs")
    return committee, [staff, *people]


def run_concurrently(work: list[Callable[[], str]], connections: int) -> tuple[float, Counter]:
    """Start one thread per task, release them together, at most `connections` talking to the database."""
    from django.db import connection

    gate = threading.Barrier(len(work) + 1)
    seats = threading.BoundedSemaphore(connections)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def worker(task: Callable[[], str]) -> None:
        gate.wait()
        with seats:
            try:
                outcome = task()
            except Exception as exc:  # a benchmark reports failures instead of stopping at the first
                outcome = f"error: {type(exc).__name__}: {exc}"[:160]
            finally:
                connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=worker, args=(task,)) for task in work]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, outcomes


def connection_limit(wanted: int) -> int:
    from django.db import connection

    if connection.vendor != "postgresql":
        return wanted
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        (limit,) = cursor.fetchone()
    return min(wanted, int(limit) - CONNECTION_HEADROOM)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--seats", type=int, default=100)
    args = parser.parse_args()
    setup()

    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from lvzhi.activities import services
    from lvzhi.activities.models import Activity, Registration

    committee, (staff, *members) = committee_with_members("bench-signup", args.members)
    starts = timezone.now() + datetime.timedelta(days=7)
    with scope(committee=committee):
        activity = services.create_activity(
            committee=committee,
            data={
                "title": "委员活动日：走进开发区",
                "kind": "activity_day",
                "mode": Activity.Mode.MENU,
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=3),
                "capacity": args.seats,
            },
            audience=services.Audience(all=True),
            actor=staff,
        )
        services.publish_activity(activity, actor=staff)

    def sign_up(member: Any) -> Callable[[], str]:
        def task() -> str:
            with scope(committee=committee):
                return services.register_for_activity(activity, member=member, actor=member.user).status

        return task

    connections = connection_limit(args.members)
    print(f"Menu sign-up: {args.members} members, {args.seats} seats, one thread each ({database_label()})")
    print(f"database connections open at once: at most {connections}")
    elapsed, outcomes = run_concurrently([sign_up(m) for m in members], connections)
    with scopes_disabled():
        stored = Counter(Registration.objects.filter(activity=activity).values_list("status", flat=True))
        positions = list(
            Registration.objects.filter(activity=activity, status="waitlisted")
            .order_by("position")
            .values_list("position", flat=True)
        )
    print(f"{'elapsed':<28} {elapsed:>8.2f} s")
    print(f"{'sign-ups per second':<28} {args.members / elapsed:>8.0f}")
    print(f"{'confirmed':<28} {stored['confirmed']:>8}   (seats: {args.seats})")
    queue_ok = len(set(positions)) == len(positions)
    print(f"{'waitlisted':<28} {stored['waitlisted']:>8}   (waiting-list positions distinct: {queue_ok})")
    for outcome, count in sorted(outcomes.items()):
        if outcome not in ("confirmed", "waitlisted"):
            print(f"{count:>5} × {outcome}")


if __name__ == "__main__":
    main()
