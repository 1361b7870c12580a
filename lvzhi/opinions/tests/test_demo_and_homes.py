"""Step 7: the demo year of 社情民意, the home tiles, navigation and message links."""

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification, User
from lvzhi.demo.steps import build_demo_committee, quiet_deliveries
from lvzhi.opinions import services
from lvzhi.opinions.models import Adoption, Bulletin, Instruction, Opinion, Referral
from lvzhi.opinions.tests.factories import edited, office, submitted, today
from lvzhi.org.demo.committees import CITY
from lvzhi.testing import tile


@pytest.mark.django_db
def test_the_demo_has_a_year_of_reports_in_every_state_with_issues_and_outcomes():
    with quiet_deliveries():
        committee = build_demo_committee(CITY)
    reports = Opinion.objects.filter(committee=committee)
    assert set(reports.values_list("status", flat=True)) == set(Opinion.Status.values)
    issued = Bulletin.objects.filter(committee=committee, status="issued").order_by("number")
    assert list(issued.values_list("number", flat=True)) == list(range(1, issued.count() + 1))
    assert {"draft", "approved", "issued"} <= set(Bulletin.objects.values_list("status", flat=True))
    assert {"own", "city", "province", "national"} <= set(Adoption.objects.values_list("level", flat=True))
    assert Instruction.objects.exists() and Referral.objects.filter(status="answered").exists()
    client = Client()
    client.force_login(User.objects.get(username="xinxi"))
    assert client.get(reverse("opinions:desk")).status_code == 200
    assert client.get(reverse("opinions:stats")).status_code == 200
    member = Client()
    member.force_login(User.objects.get(username="weiyuan"))
    home = member.get(reverse("portal:member_home"))
    assert tile(home, "opinions.mine")["recent"]


def test_the_member_home_shows_my_reports_and_their_outcomes(world):
    opinion = edited(world)
    services.adopt_opinion(opinion, level="city", adopted_on=today(), actor=office(world))
    home = world.client(Role.MEMBER).get(reverse("portal:member_home"))
    shown = tile(home, "opinions.mine")["recent"]
    assert [(o["pk"], o["adopted"]) for o in shown] == [(opinion.pk, 1)]
    assert "报送社情民意" in home.content.decode()


def test_the_office_desk_shows_reports_to_review(world):
    submitted(world)
    home = world.client(Role.INFORMATION_OFFICE).get(reverse("portal:staff_home"))
    assert tile(home, "opinions.office")["waiting"] == 1
    assert reverse("opinions:desk") in home.content.decode()


def test_a_message_about_a_report_opens_it(world):
    opinion = submitted(world)
    services.return_opinion(opinion, actor=office(world), reason="请补充")
    message = Notification.objects.get(user=world.member.user)
    assert message.url == reverse("opinions:mine_detail", args=[opinion.pk])
    inbox = world.client(Role.MEMBER).get(reverse("inbox"))
    assert reverse("opinions:mine_detail", args=[opinion.pk]) in inbox.content.decode()
