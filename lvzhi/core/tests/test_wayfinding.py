"""Finding one's way: a help link on every page to the guide's section for that screen, breadcrumbs on staff pages,
the member tab bar on every member page, and the to-do counts the ledger and the member import add to a home."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from lvzhi.core import todo
from lvzhi.core.capabilities import Role
from lvzhi.core.help import SECTIONS, guide_anchors, section_for
from lvzhi.core.models import AuditEvent, RoleAssignment
from lvzhi.core.tenancy import access_for
from lvzhi.core.tests.test_route_sweep import ROUTES
from lvzhi.ledger import services as ledger
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.testing import make_member, make_user

MEMBER_PAGES = [
    "portal:member_home",
    "activities:menu",
    "activities:mine",
    "activities:calendar",
    "activities:my_code",
    "ledger:mine",
    "ledger:report",
    "org:my_profile",
    "org:directory",
    "planning:my_plan",
    "inbox",
]
STAFF_PAGES = [
    "portal:staff_home",
    "org:directory",
    "org:import",
    "org:organisation",
    "accounts:users",
    "activities:manage_list",
    "activities:leave_queue",
    "activities:import",
    "planning:calendar",
    "planning:plans",
    "ledger:review",
    "dashboard:activities",
]


def test_every_section_a_page_links_to_is_in_the_guide():
    anchors = guide_anchors()
    linked = {section for _, staff, member in SECTIONS for section in (staff, member)} | {"general"}
    assert linked - anchors == set()


def test_every_page_has_a_help_section():
    for name, _pattern in ROUTES:
        assert section_for(name, staff=True) in guide_anchors()


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_pages_have_the_help_link_and_the_tab_bar(world, name):
    html = world.client(Role.MEMBER).get(reverse(name)).content.decode()
    assert 'data-testid="member-tabs"' in html
    assert re.search(r'href="/help/#[a-z-]+" data-testid="help-link"', html)
    assert 'data-testid="breadcrumbs"' not in html  # members have the tab bar instead


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_have_the_help_link_and_breadcrumbs(world, name):
    html = world.client(Role.ADMIN).get(reverse(name)).content.decode()
    assert 'data-testid="breadcrumbs"' in html and 'aria-current="page"' in html
    assert f'href="/help/#{section_for(name, staff=True)}"' in html
    assert 'data-testid="member-tabs"' not in html


def test_the_breadcrumb_leads_home_then_to_the_menu_entry_then_the_page(world):
    html = world.client(Role.MEMBER_AFFAIRS).get(reverse("org:member_detail", args=[world.member.pk])).content
    crumbs = re.findall(r'class="breadcrumb-item[^"]*"[^>]*>(?:<a href="([^"]*)">)?([^<]*)', html.decode())
    assert crumbs == [("/", "首页"), (reverse("org:directory"), "委员通讯录"), ("", "李明")]


def test_the_help_page_renders_the_guide_with_section_ids(world):
    html = world.client(Role.MEMBER).get(reverse("help")).content.decode()
    assert '<h2 id="member-home">二、委员（我的履职）</h2>' in html
    assert "{#" not in html


def test_the_help_page_needs_a_sign_in(client):
    assert client.get(reverse("help")).status_code == 302


def test_self_reports_wait_for_the_reviewer_in_scope(world):
    other = make_member(world, "周杰", user=True)
    for member in (world.member, other):
        ledger.self_report_duty(
            member=member,
            kind=DutyKind.PUBLIC_SERVICE,
            title="义诊",
            event_date=timezone.localdate(),
            evidence="照片",
            actor=member.user,
        )
    convenor = make_user(world.committee, Role.GROUP_CONVENOR)
    RoleAssignment.objects.filter(user=convenor).update(sector_group=world.group)
    with scope(committee=world.committee):
        office = {t.key: t.count for t in todo.todos(access_for(world.users[Role.MEMBER_AFFAIRS], world.committee))}
        group = {t.key: t.count for t in todo.todos(access_for(convenor, world.committee))}
        leader = {t.key for t in todo.todos(access_for(world.users[Role.LEADER], world.committee))}
    assert office["todo-self-reports"] == 2
    assert group["todo-self-reports"] == 1  # only 李明 sits in the convenor's group
    assert "todo-self-reports" not in leader


def test_a_finished_member_import_shows_on_its_importers_home_for_a_week(world):
    actor = world.users[Role.MEMBER_AFFAIRS]
    AuditEvent.objects.create(committee=world.committee, actor=actor, action="member.imported", object_type="x")
    old = AuditEvent.objects.create(committee=world.committee, actor=actor, action="member.imported", object_type="x")
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    html = world.client(Role.MEMBER_AFFAIRS).get(reverse("portal:staff_home")).content.decode()
    assert 'data-testid="todo-member-imports-count">1<' in html
    assert "todo-member-imports" not in world.client(Role.ADMIN).get(reverse("portal:staff_home")).content.decode()
