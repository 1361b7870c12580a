"""学习目标 and 培训覆盖 screens and their API: figures shown, export, permissions, tenancy, query budget."""

import datetime
import io

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.ledger.services import DutyEntry, record_duties
from lvzhi.org.models import GroupSeat
from lvzhi.testing import make_member, make_user, signed_in

YEAR = 2025


def sessions(world, member, *roles):
    entries = [
        DutyEntry(member, "study", role, datetime.date(YEAR, n + 1, 3), f"学习{n}") for n, role in enumerate(roles)
    ]
    record_duties(committee=world.committee, entries=entries, recorded_by=None)


@pytest.fixture
def members(world):
    wang = make_member(world, "王芳")
    sessions(world, world.member, "present", "present", "present", "present")
    sessions(world, wang, "present", "absent")
    return world.member, wang


def test_study_page_shows_members_groups_and_the_short_list(world, members):
    client = world.client(Role.MEMBER_AFFAIRS)
    page = client.get(f"/assessment/targets/study/?year={YEAR}").content.decode()
    assert "李明" in page and "王芳" in page and "经济界活动组" in page
    short = client.get(f"/assessment/targets/study/?year={YEAR}&short=1").content.decode()
    assert "王芳" in short and f'data-member="{world.member.pk}"' not in short


def test_study_export_is_a_real_workbook(world, members):
    response = world.client(Role.LEADER).get(f"/assessment/targets/study.xlsx?year={YEAR}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    figures = {r[0]: r[4:8] for r in rows[2:]}
    assert figures == {"李明": (4, 4, 0, "100.0%"), "王芳": (2, 1, 0, "50.0%")}
    assert [s.title for s in book.worksheets] == ["委员", "界别活动组", "委员工作室"]


def test_bad_filters_show_the_page_not_an_error(world, members):
    client = world.client(Role.MEMBER_AFFAIRS)
    for query in ("year=abc", "sector=x", "group=-1", "station=99999999999999999999999", "year=1800"):
        assert client.get(f"/assessment/targets/study/?{query}").status_code == 200
    assert client.get("/assessment/targets/training/?term=abc").status_code == 200


def test_members_may_not_see_the_targets_and_a_narrowed_convenor_sees_their_group(world, members):
    _li, wang = members
    for url in ("/assessment/targets/study/", "/assessment/targets/training/", "/api/v1/stats/study-targets"):
        assert world.client(Role.MEMBER).get(url).status_code == 403
    convenor = make_user(world.committee, Role.GROUP_CONVENOR, username="convenor")
    RoleAssignment.objects.filter(user=convenor).update(sector_group=world.group)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in(convenor)
    names = [m["name"] for m in client.get(f"/api/v1/stats/study-targets?year={YEAR}").json()["items"]]
    assert names == ["李明"]  # 王芳 is not in the convenor's group
    GroupSeat.objects.create(committee=world.committee, membership=wang.memberships.get(), group=world.group)
    names = [m["name"] for m in client.get(f"/api/v1/stats/study-targets?year={YEAR}").json()["items"]]
    assert sorted(names) == ["李明", "王芳"]


def test_api_figures_and_tenancy(world, outsider, members):
    body = world.client(Role.MEMBER_AFFAIRS).get(f"/api/v1/stats/study-targets?year={YEAR}&short=true").json()
    assert (body["count"], body["items"][0]["name"], body["items"][0]["rate"]) == (1, "王芳", 0.5)
    assert body["groups"][0]["sessions"] == 4 and body["members_meeting_both"] == 1
    # Another committee's staff see their own (empty) committee, and our term is not theirs to name.
    theirs = outsider.client(Role.MEMBER_AFFAIRS).get(f"/api/v1/stats/study-targets?year={YEAR}").json()
    assert [m["name"] for m in theirs["items"]] == ["李明"] and theirs["groups"][0]["sessions"] == 0
    assert (
        outsider.client(Role.MEMBER_AFFAIRS).get(f"/api/v1/stats/training?term_id={world.term.pk}").status_code == 404
    )
    assert (
        outsider.client(Role.MEMBER_AFFAIRS).get(f"/assessment/targets/training/?term={world.term.pk}").status_code
        == 404
    )
    training = world.client(Role.LEADER).get(f"/api/v1/stats/training?term_id={world.term.pk}").json()
    assert (training["members"], training["trained"], training["count"]) == (2, 0, 2)


def test_study_page_query_budget(world, members, django_assert_max_num_queries):
    for n in range(20):
        sessions(world, make_member(world, f"委员{n}"), "present", "excused")
    client = world.client(Role.MEMBER_AFFAIRS)
    client.get("/assessment/targets/study/")  # warm the session and caches
    with django_assert_max_num_queries(20):
        assert client.get(f"/assessment/targets/study/?year={YEAR}").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/assessment/targets/training/").status_code == 200
