"""Speed budgets of the daily screens and API lists: queries constant in the number of rows, and a plain page
view writes nothing (issue 7). Timing itself is measured by `make bench`, never here."""

import datetime
import time

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import ApiToken
from lvzhi.core.sessions import REFRESHED_KEY
from lvzhi.ledger.services import self_report_duty
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.org.models import GroupSeat, SpecialCommitteeSeat
from lvzhi.testing import make_activity, make_member

WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT", "REPLACE")


def grow(world, n: int) -> None:
    """n more of every kind of row the daily screens list: members with seats, activities the member is invited
    to (with their rosters and inbox notices), leave requests and self-reported duty records."""
    member = world.member
    staff = world.users[Role.MEMBER_AFFAIRS]
    for i in range(n):
        other = make_member(world, f"委员{i:03d}{n}")
        seat = other.memberships.get()
        GroupSeat.objects.create(committee=world.committee, membership=seat, group=world.group)
        SpecialCommitteeSeat.objects.create(
            committee=world.committee, membership=seat, special_committee=world.special_committee
        )
        activity = make_activity(world, audience=services.Audience(all=True))
        services.publish_activity(activity, actor=staff)
        menu = make_activity(world, mode=Activity.Mode.MENU, capacity=5, audience=services.Audience(all=True))
        services.publish_activity(menu, actor=staff)
        services.register_for_activity(menu, member=member, actor=member.user)
        services.request_leave(activity, member=member, kind="official", reason="出差", actor=member.user)
        self_report_duty(
            member=member,
            kind=DutyKind.PUBLIC_SERVICE,
            title=f"公益活动{i}",
            event_date=datetime.date.today(),
            evidence="照片",
            actor=member.user,
        )


def screens(world) -> list[tuple[str, str]]:
    activity = Activity.objects.filter(committee=world.committee).order_by("id").first()
    return [
        (Role.MEMBER, reverse("portal:member_home")),
        (Role.MEMBER, reverse("activities:menu")),
        (Role.MEMBER, reverse("activities:mine")),
        (Role.MEMBER, reverse("ledger:mine")),
        (Role.MEMBER, reverse("inbox")),
        (Role.MEMBER_AFFAIRS, reverse("org:directory")),
        (Role.MEMBER_AFFAIRS, reverse("org:member_detail", args=[world.member.pk])),
        (Role.MEMBER_AFFAIRS, reverse("activities:manage_list")),
        (Role.MEMBER_AFFAIRS, reverse("activities:manage_roster", args=[activity.pk])),
        (Role.MEMBER_AFFAIRS, reverse("activities:leave_queue")),
        (Role.MEMBER_AFFAIRS, reverse("dashboard:activities")),
    ]


def api_lists(world) -> list[tuple[str, str]]:
    activity = Activity.objects.filter(committee=world.committee).order_by("id").first()
    return [
        (Role.MEMBER_AFFAIRS, "/api/v1/members?page_size=50"),
        (Role.MEMBER, "/api/v1/activities"),
        (Role.MEMBER_AFFAIRS, "/api/v1/activities"),
        (Role.MEMBER_AFFAIRS, f"/api/v1/activities/{activity.pk}/registrations"),
        (Role.MEMBER_AFFAIRS, "/api/v1/leave-requests"),
        (Role.MEMBER_AFFAIRS, "/api/v1/duty-records"),
        (Role.MEMBER_AFFAIRS, f"/api/v1/members/{world.member.pk}/duty-records"),
        (Role.MEMBER, "/api/v1/me/notifications"),
        (Role.MEMBER_AFFAIRS, "/api/v1/stats/activities"),
        (Role.MEMBER, "/api/v1/plans"),
        (Role.ADMIN, "/api/v1/users"),
    ]


# Queries of a page at most (session, user, roles, unread count and the page's own); an API list at most
# (token, roles and the list's own). Constant in the number of rows: the tests below compare 1 row with 12.
SCREEN_BUDGET = 17  # the roster's: its summary, tabs, leave decisions and the first on the waiting list
API_BUDGET = 10
# A member's ledger also carries each row's points: per member-year, the membership, the year's rules and the year's
# rows (scoring.trace), still none per row.
LEDGER_API_BUDGET = 12
# 我的履职 is built from every app's tiles (activities, ledger, inbox, proposals, 社情民意, letters and contacts,
# notices, study): each tile costs about one query of its own, none grows with the rows. The activity menu's
# audience needs the member's facets (tenure, positions, group seats: four queries) since audiences filter by them.
HOME_BUDGET = 25


def queries(fetch) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert fetch().status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_every_daily_screen_costs_the_same_queries_for_one_row_or_many(world):
    grow(world, 1)
    clients = {role: world.client(role) for role in (Role.MEMBER, Role.MEMBER_AFFAIRS)}
    targets = screens(world)
    for role, url in targets:
        clients[role].get(url)  # the first view refreshes the session; the budget is for the views after it
    small = {url: len(queries(lambda r=role, u=url: clients[r].get(u))) for role, url in targets}
    grow(world, 11)
    for role, url in targets:
        large = len(queries(lambda r=role, u=url: clients[r].get(u)))
        budget = HOME_BUDGET if url == "/me/" else SCREEN_BUDGET
        assert large == small[url] <= budget, (url, small[url], large)


def test_every_api_list_costs_the_same_queries_for_one_row_or_many(world):
    grow(world, 1)
    tokens = {}
    for role in (Role.MEMBER, Role.MEMBER_AFFAIRS, Role.ADMIN):
        _token, raw = ApiToken.issue(world.users[role])
        tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_X_COMMITTEE": world.committee.code}
    client = world.client(Role.MEMBER)
    targets = api_lists(world)
    for role, url in targets:
        client.get(url, **tokens[role])  # the first use stamps the token; the budget is for the requests after it
    small = {url + role: len(queries(lambda r=role, u=url: client.get(u, **tokens[r]))) for role, url in targets}
    grow(world, 11)
    for role, url in targets:
        large = len(queries(lambda r=role, u=url: client.get(u, **tokens[r])))
        budget = LEDGER_API_BUDGET if url.endswith("/duty-records") else API_BUDGET
        assert large == small[url + role] <= budget, (url, role, small[url + role], large)


def test_a_plain_page_view_writes_nothing(world):
    grow(world, 2)
    clients = {role: world.client(role) for role in (Role.MEMBER, Role.MEMBER_AFFAIRS)}
    for role, url in screens(world):
        clients[role].get(url)
        for sql in queries(lambda r=role, u=url: clients[r].get(u)):
            assert not sql.lstrip().upper().startswith(WRITES), (url, sql)


def test_an_api_read_writes_nothing(world):
    grow(world, 2)
    tokens = {}
    for role in (Role.MEMBER, Role.MEMBER_AFFAIRS, Role.ADMIN):
        _token, raw = ApiToken.issue(world.users[role])
        tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_X_COMMITTEE": world.committee.code}
    client = world.client(Role.MEMBER)
    for role, url in api_lists(world):
        client.get(url, **tokens[role])
        for sql in queries(lambda r=role, u=url: client.get(u, **tokens[r])):
            assert not sql.lstrip().upper().startswith(WRITES), (url, sql)


def test_the_session_slides_at_most_once_every_few_minutes(world, monkeypatch):
    client = world.client(Role.MEMBER)
    url = reverse("activities:menu")
    client.get(url)
    first = client.session[REFRESHED_KEY]
    expiry = client.session.get_expiry_date()
    assert not any(sql.lstrip().upper().startswith(WRITES) for sql in queries(lambda: client.get(url)))
    later = time.time() + settings.SESSION_REFRESH_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    writes = [sql for sql in queries(lambda: client.get(url)) if "django_session" in sql and "UPDATE" in sql]
    assert writes, "a session older than the refresh interval is saved again"
    assert client.session[REFRESHED_KEY] > first
    assert client.session.get_expiry_date() >= expiry - datetime.timedelta(seconds=1)
    assert timezone.now() < client.session.get_expiry_date()


def test_a_signed_out_page_makes_no_session(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
