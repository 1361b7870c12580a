"""双联系, visits and 大走访: targets, coverage "every member visited", issues tracked to an answer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Notification
from lvzhi.liaison.models import CampaignIssue
from lvzhi.liaison.queries_visits import link_progress, visited_counts
from lvzhi.liaison.services import visits as services
from lvzhi.testing import make_member

API = "/api/v1"


@pytest.fixture
def leader(world):
    return make_member(world, "周主席")


def _visit(world, leader, **data):
    values = {"date": timezone.localdate(), "form": "talk", "topics": "履职困难", "requests": "希望多参加调研"}
    return services.record_visit(
        world.committee, visitor=leader, visited=world.member, **{**values, **data}, actor=world.users[Role.LEADER]
    )


def test_a_pair_counts_its_visits_against_the_target(world, leader):
    year = timezone.localdate().year
    actor = world.users[Role.MEMBER_AFFAIRS]
    services.assign_link(
        world.committee, year=year, kind="chair_standing", leader=leader, member=world.member, target=2, actor=actor
    )
    with pytest.raises(Conflict):
        services.assign_link(
            world.committee, year=year, kind="chair_standing", leader=leader, member=world.member, target=2, actor=actor
        )
    with pytest.raises(DomainError):
        services.assign_link(
            world.committee, year=year, kind="nonsense", leader=leader, member=leader, target=0, actor=actor
        )
    _visit(world, leader)
    [progress] = link_progress(world.committee.pk, year)
    assert (progress.done, progress.met) == (1, False)
    _visit(world, leader, form="visit")
    assert link_progress(world.committee.pk, year)[0].met


def test_coverage_names_the_members_not_yet_visited(world, leader):
    year = timezone.localdate().year
    _visit(world, leader)
    counts = {m.name: n for m, n in visited_counts(world.term, year)}
    assert counts == {"李明": 1, "周主席": 0}


def test_a_visit_in_the_future_or_to_oneself_is_refused(world, leader):
    with pytest.raises(DomainError) as refused:
        services.record_visit(
            world.committee,
            visitor=leader,
            visited=leader,
            date=timezone.localdate() + datetime.timedelta(days=1),
            form="talk",
            topics="",
            actor=world.users[Role.LEADER],
        )
    assert set(refused.value.fields) == {"date", "visited", "topics"}


def test_a_follow_up_is_done_once_and_the_member_is_told(world, leader):
    visit = _visit(world, leader)
    services.finish_follow_up(visit, note="已安排参加下月调研", actor=world.users[Role.MEMBER_AFFAIRS])
    assert Notification.objects.filter(user=world.member.user, kind="visit.follow_up").exists()
    with pytest.raises(Conflict):
        services.finish_follow_up(visit, note="再次", actor=world.users[Role.MEMBER_AFFAIRS])


def test_a_campaigns_issues_are_tracked_to_an_answer(world):
    actor = world.users[Role.MEMBER_AFFAIRS]
    today = timezone.localdate()
    campaign = services.create_campaign(
        world.committee,
        title="三大一实干大走访",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today,
        actor=actor,
    )
    with pytest.raises(DomainError):
        services.add_household(
            campaign, date=today + datetime.timedelta(days=5), name="张家", visitors="委员工委", actor=actor
        )
    services.add_household(
        campaign, date=today, name="幸福里 3 栋 201", visitors="本委", issues=["楼道灯坏", "", "停车难"], actor=actor
    )
    issues = list(CampaignIssue.objects.filter(household__campaign=campaign))
    assert [i.description for i in issues] == ["楼道灯坏", "停车难"]
    services.answer_issue(issues[0], answer="已修", actor=actor)
    with pytest.raises(Conflict):
        services.answer_issue(issues[0], answer="再答", actor=actor)


def test_the_screens(world, leader):
    client = world.client(Role.LEADER)
    response = client.post(
        reverse("liaison:visits"),
        {
            "visit-visitor": leader.pk,
            "visit-visited": world.member.pk,
            "visit-date": timezone.localdate().isoformat(),
            "visit-form": "visit",
            "visit-topics": "企业经营",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("liaison:visits"))
    assert page.context["visited_count"] == 1
    assert [m.name for m in page.context["not_visited"]] == ["周主席"]
    created = client.post(
        reverse("liaison:campaigns"),
        {"title": "大走访", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert created.status_code == 302
    assert world.client(Role.MEMBER).get(reverse("liaison:visits")).status_code == 403


def test_the_api(world, leader, outsider):
    client = world.client(Role.MEMBER_AFFAIRS)
    today = timezone.localdate().isoformat()
    visit = client.post(
        f"{API}/visits",
        {"visitor_id": leader.pk, "visited_id": world.member.pk, "date": today, "form": "talk", "topics": "谈心"},
        content_type="application/json",
    )
    assert visit.status_code == 201
    assert client.get(f"{API}/visit-coverage").json()["visited"] == 1
    campaign = client.post(
        f"{API}/campaigns",
        {"title": "大走访", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
        content_type="application/json",
    ).json()
    done = client.post(
        f"{API}/campaigns/{campaign['id']}/households",
        {"date": "2026-06-01", "name": "李家", "visitors": "本委", "issues": ["路面破损"]},
        content_type="application/json",
    )
    assert done.json()["issues"] == 1
    issue_id = client.get(f"{API}/campaigns/{campaign['id']}/issues").json()[0]["id"]
    answered = client.post(
        f"{API}/campaign-issues/{issue_id}/answer", {"answer": "已修复"}, content_type="application/json"
    )
    assert answered.json()["answered"] is True
    assert outsider.client(Role.ADMIN).get(f"{API}/campaigns/{campaign['id']}/issues").status_code == 404
    assert world.client(Role.MEMBER).get(f"{API}/visits").status_code == 403
