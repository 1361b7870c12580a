"""The sign-up and check-in races on the SQLite default, run by test_races_sqlite.py in a child process.

The test database of the suite is in memory, which threads cannot share; this runs against a fresh SQLite file
(LVZHI_VAR_DIR, set by the test) with the settings `make run` uses, and prints what it found as JSON.
"""

import datetime
import json
import os
import threading
from collections import Counter
from collections.abc import Callable

import django

SIGN_UPS, SEATS, ARRIVALS = 200, 50, 100


def race(work: list[Callable[[], str]]) -> Counter:
    from django.db import connection

    gate = threading.Barrier(len(work))
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def run(task: Callable[[], str]) -> None:
        gate.wait()
        try:
            outcome = task()
        except Exception as exc:  # every failure is reported, the race goes on
            outcome = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=run, args=(task,)) for task in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from lvzhi.activities import services
    from lvzhi.activities.models import Activity, CheckIn, Registration
    from lvzhi.testing import build_world, make_member

    call_command("migrate", verbosity=0)
    # Cheap password hashes, as in the suite: 200 logins hashed with PBKDF2 would take most of the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        world = build_world()
        members = [make_member(world, f"委员{i:03d}", user=True) for i in range(SIGN_UPS)]
    staff = world.users["member_affairs"]
    starts = timezone.now() + datetime.timedelta(days=7)
    with scope(committee=world.committee):
        menu = services.create_activity(
            committee=world.committee,
            data={
                "title": "委员活动日",
                "kind": "activity_day",
                "mode": Activity.Mode.MENU,
                "capacity": SEATS,
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=2),
            },
            audience=services.Audience(all=True),
            actor=staff,
        )
        services.publish_activity(menu, actor=staff)
        soon = timezone.now() + datetime.timedelta(minutes=30)
        plenary = services.create_activity(
            committee=world.committee,
            data={
                "title": "全体会议",
                "kind": "plenary",
                "mode": Activity.Mode.INVITE,
                "location": "大礼堂",
                "starts_at": soon,
                "ends_at": soon + datetime.timedelta(hours=3),
            },
            audience=services.Audience(member_ids=tuple(m.pk for m in members[:ARRIVALS])),
            actor=staff,
        )
        services.publish_activity(plenary, actor=staff)
        code = services.current_venue_code(plenary)

    def sign_up(member: object) -> Callable[[], str]:
        def task() -> str:
            with scope(committee=world.committee):
                return services.register_for_activity(menu, member=member, actor=member.user).status

        return task

    def check_in(member: object) -> Callable[[], str]:
        def task() -> str:
            with scope(committee=world.committee):
                _checkin, created = services.check_in_with_venue_code(
                    plenary, member=member, code=code, actor=member.user
                )
                return "new" if created else "repeat"

        return task

    signed = race([sign_up(m) for m in members])
    arrived = race([check_in(m) for m in members[:ARRIVALS] * 2])  # everyone scans twice, at the same moment
    with scopes_disabled():
        stored = Counter(Registration.objects.filter(activity=menu).values_list("status", flat=True))
        positions = list(
            Registration.objects.filter(activity=menu, status="waitlisted").values_list("position", flat=True)
        )
        checkins = CheckIn.objects.filter(activity=plenary)
        print(
            json.dumps(
                {
                    "sign_up_outcomes": dict(signed),
                    "confirmed": stored["confirmed"],
                    "waitlisted": stored["waitlisted"],
                    "positions": sorted(positions) == list(range(1, len(positions) + 1)),
                    "check_in_outcomes": dict(arrived),
                    "check_ins": checkins.count(),
                    "members_checked_in": checkins.values("member_id").distinct().count(),
                }
            )
        )


if __name__ == "__main__":
    main()
