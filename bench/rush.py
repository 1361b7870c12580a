"""Rushes through the HTTP API, against Lvzhi served as `make run` serves it (bench/served.py):

- sign-up: 400 members post their sign-up at the same moment for an activity with 100 seats
  (goal: exactly 100 confirmed, every answer within 4 s on PostgreSQL and 2 s on SQLite, no "database is locked");
- plenary: 1,000 members check in with the venue code as they arrive, 100 at a time, then all scan again
  (goal: all answered within 5 s, exactly one check-in each).

    .venv/bin/python bench/rush.py [--members 400] [--seats 100] [--plenary 1000] [--clients 100]

Each member calls with their own API token. The database is the scratch one of the benchmarks (SQLite unless
BENCH_DATABASE_URL names a PostgreSQL database).
"""

import argparse
import datetime
import http.client
import json
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import served
from activities_signup import committee_with_members, database_label, setup


def tokens_for(members: list[Any]) -> dict[int, str]:
    """A bearer token per member (written in bulk: 1,000 sign-ins would only measure password hashing)."""
    import secrets

    from django.conf import settings
    from django.utils import timezone

    from lvzhi.core.models import ApiToken, hash_token

    raw = {m.pk: secrets.token_urlsafe(32) for m in members}
    expires = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    ApiToken.objects.bulk_create(
        ApiToken(user_id=m.user_id, key_hash=hash_token(raw[m.pk]), expires_at=expires) for m in members
    )
    return raw


class Caller:
    """One keep-alive HTTP connection, as a phone's app would hold."""

    def __init__(self, base: str):
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)

    def post(self, path: str, token: str, committee: str, body: dict) -> tuple[int, str, float]:
        headers = {"Authorization": f"Bearer {token}", "X-Committee": committee, "Content-Type": "application/json"}
        started = time.perf_counter()
        self.connection.request("POST", path, body=json.dumps(body), headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        return response.status, text, time.perf_counter() - started


def outcome(status: int, text: str) -> str:
    if status in (200, 201):
        return json.loads(text).get("status", str(status))
    try:
        code = json.loads(text).get("code", "")
    except ValueError:
        code = text[:80]
    return f"HTTP {status} {code}"


def sign_up_rush(base: str, members: int, seats: int) -> None:
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from lvzhi.activities import services
    from lvzhi.activities.models import Activity, Registration

    committee, (staff, *people) = committee_with_members("bench-rush", members)
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
                "capacity": seats,
            },
            audience=services.Audience(all=True),
            actor=staff,
        )
        services.publish_activity(activity, actor=staff)
    tokens = tokens_for(people)
    path = f"/api/v1/activities/{activity.pk}/registrations"
    callers = [Caller(base) for _ in people]
    gate = threading.Barrier(len(people) + 1)
    answers: list[tuple[str, float]] = []
    lock = threading.Lock()

    def sign_up(caller: Caller, member: Any) -> None:
        gate.wait()
        try:
            status, text, seconds = caller.post(path, tokens[member.pk], committee.code, {})
            result = outcome(status, text)
        except OSError as exc:
            result, seconds = f"error: {exc}", float("nan")
        with lock:
            answers.append((result, seconds))

    threads = [threading.Thread(target=sign_up, args=pair) for pair in zip(callers, people, strict=True)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with scopes_disabled():
        stored = Counter(Registration.objects.filter(activity=activity).values_list("status", flat=True))
    outcomes = Counter(result for result, _seconds in answers)
    slowest = max(seconds for _result, seconds in answers)
    locked = sum(n for result, n in outcomes.items() if "locked" in result)
    print(f"Sign-up rush over HTTP: {members} members at once, {seats} seats ({database_label()})")
    print(f"{'all answered in':<30} {elapsed:>8.2f} s   (slowest answer {slowest:.2f} s)")
    print(f"{'sign-ups per second':<30} {members / elapsed:>8.0f}")
    print(f"{'confirmed (stored)':<30} {stored['confirmed']:>8}   (seats: {seats})")
    print(f"{'waitlisted (stored)':<30} {stored['waitlisted']:>8}")
    print(f"{'database is locked':<30} {locked:>8}")
    for result, count in sorted(outcomes.items()):
        if result not in ("confirmed", "waitlisted"):
            print(f"{count:>5} × {result}")


def check_in_round(
    base: str,
    path: str,
    code: Callable[[], str],
    committee: str,
    people: list[Any],
    tokens: dict[int, str],
    clients: int,
) -> tuple[float, Counter, float]:
    """Every member checks in once, `clients` at a time on their own connections: (seconds, outcomes, slowest).
    `code()` is the venue code on the screen at that moment (it rotates)."""
    waiting: queue.SimpleQueue = queue.SimpleQueue()
    for member in people:
        waiting.put(member)
    outcomes: Counter = Counter()
    slowest = [0.0]
    lock = threading.Lock()
    gate = threading.Barrier(clients + 1)

    def arrive() -> None:
        caller = Caller(base)
        seen: Counter = Counter()
        worst = 0.0
        gate.wait()
        while True:
            try:
                member = waiting.get_nowait()
            except queue.Empty:
                break
            try:
                status, text, seconds = caller.post(path, tokens[member.pk], committee, {"code": code()})
                seen["new" if status == 201 else "repeat" if status == 200 else outcome(status, text)] += 1
                worst = max(worst, seconds)
            except OSError as exc:
                seen[f"error: {exc}"] += 1
                caller = Caller(base)
        with lock:
            outcomes.update(seen)
            slowest[0] = max(slowest[0], worst)

    pool = [threading.Thread(target=arrive) for _ in range(clients)]
    for thread in pool:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started, outcomes, slowest[0]


def plenary_rush(base: str, members: int, clients: int) -> None:
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from lvzhi.activities import services
    from lvzhi.activities.models import Activity, CheckIn

    committee, (staff, *people) = committee_with_members("bench-plenary", members)
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
        services.publish_activity(plenary, actor=staff)

    def code() -> str:
        with scope(committee=committee):
            return services.current_venue_code(plenary)

    tokens = tokens_for(people)
    path = f"/api/v1/activities/{plenary.pk}/checkins"
    print(f"Plenary check-in over HTTP: {members} members, {clients} arriving at a time ({database_label()})")
    print(f"{'round':<30} {'seconds':>8} {'per second':>11} {'new':>6} {'repeat':>7} {'slowest s':>10}")
    for label in ("everyone arrives", "everyone scans again"):
        elapsed, outcomes, slowest = check_in_round(base, path, code, committee.code, people, tokens, clients)
        print(
            f"{label:<30} {elapsed:>8.2f} {members / elapsed:>11.0f} {outcomes['new']:>6} {outcomes['repeat']:>7}"
            f" {slowest:>10.2f}"
        )
        for result, count in sorted(outcomes.items()):
            if result not in ("new", "repeat"):
                print(f"{count:>5} × {result}")
    with scopes_disabled():
        stored = CheckIn.objects.filter(activity=plenary)
        print(f"{'check-ins stored':<30} {stored.count():>8}   (members: {members})")
        duplicates = stored.count() - stored.values("member_id").distinct().count()
        print(f"{'duplicate check-ins':<30} {duplicates:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--plenary", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=100)
    args = parser.parse_args()
    setup()
    with served.server() as base:
        sign_up_rush(base, args.members, args.seats)
        print()
        plenary_rush(base, args.plenary, args.clients)


if __name__ == "__main__":
    main()
