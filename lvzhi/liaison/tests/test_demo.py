"""The demo shows liaison working: contacts with the masses (some members short of the rule), 双联系 and visits
(some members not yet visited), a 大走访 campaign with issues open and answered, stations with areas and visitors."""

import dataclasses

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from lvzhi.liaison.demo import seed_liaison
from lvzhi.liaison.models import Campaign, CampaignIssue, ContactLog, Household, LinkAssignment, Reception, Visit
from lvzhi.liaison.queries_contacts import coverage_for_members, quarter_of
from lvzhi.org.demo import DEMO_COMMITTEES
from lvzhi.org.demo.build import build_committee
from lvzhi.org.models import Member, Station
from lvzhi.testing import signed_in

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    # The smaller demo committee, on its own (the liaison step needs only the organisation beneath it).
    spec = dataclasses.replace(DEMO_COMMITTEES[-1], parent_code=None)
    with override_settings(PASSWORD_HASHERS=FAST_HASHER), scopes_disabled():
        committee, users = build_committee(spec)
        seed_liaison(spec, committee, users)
    return spec, committee, users


def test_the_demo_member_meets_the_contact_rule_and_others_fall_short(demo):
    spec, committee, users = demo
    with scopes_disabled():
        me = Member.objects.get(user=users[f"{spec.prefix}weiyuan"])
        logged = Member.objects.filter(contact_logs__isnull=False).distinct()
        rows = {row.member: row for row in coverage_for_members(logged, *quarter_of(timezone.localdate()))}
        assert rows[me].ok and rows[me].contacts == 3
        assert any(not row.ok for row in rows.values()) and sum(row.ok for row in rows.values()) > len(rows) / 2
        assert ContactLog.objects.filter(committee=committee).count() > 20


def test_the_demo_has_links_visits_and_members_not_yet_visited(demo):
    spec, committee, users = demo
    with scopes_disabled():
        me = Member.objects.get(user=users[f"{spec.prefix}weiyuan"])
        links = LinkAssignment.objects.filter(committee=committee)
        assert links.filter(member=me).exists() and links.count() >= 5
        assert Visit.objects.filter(visited=me).count() == 2
        assert Visit.objects.filter(follow_up_done=True).exists()
        unvisited = [link for link in links if not Visit.objects.filter(visited=link.member).exists()]
        assert unvisited


def test_the_demo_campaign_has_issues_open_and_answered(demo):
    _spec, committee, _users = demo
    with scopes_disabled():
        campaign = Campaign.objects.get(committee=committee)
        assert Household.objects.filter(campaign=campaign).count() == 8
        issues = CampaignIssue.objects.filter(household__campaign=campaign)
        assert issues.filter(answered_at__isnull=False).exists() and issues.filter(answered_at__isnull=True).exists()


def test_the_demo_stations_serve_an_area_and_log_visitors(demo):
    spec, committee, users = demo
    with scopes_disabled():
        station = Station.objects.filter(committee=committee, kind=Station.Kind.LIAISON_STATION).first()
        assert station.area_served.area and Reception.objects.filter(station=station).count() == 3
    client = _client(users[f"{spec.prefix}lianluo"])
    for name in ("liaison:contact_coverage", "liaison:visits", "liaison:campaigns"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("liaison:station", kwargs={"pk": station.pk})).status_code == 200


def _client(user: object) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in(user)
    return client
