"""The demo that `make run` loads (load_demo) and the accounts it prints (demo_accounts)."""

from collections import Counter
from dataclasses import replace
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities.models import Activity, LeaveRequest, Registration, SavedAudience
from lvzhi.core.audit import history_of
from lvzhi.core.auth import check_credentials
from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent, Committee, Notification, RoleAssignment, User
from lvzhi.demo import steps as demo_build
from lvzhi.ledger.models import DutyRecord
from lvzhi.org.demo import DEMO_COMMITTEES, DEMO_PASSWORD
from lvzhi.org.demo.committees import CITY
from lvzhi.org.models import (
    GroupSeat,
    Member,
    Membership,
    MembershipStatus,
    PoliticalAffiliation,
    SectorGroup,
    Session,
    SpecialCommittee,
    SpecialCommitteeSeat,
    Station,
    StationDuty,
)
from lvzhi.planning.models import PlanItem
from lvzhi.planning.plan_queries import plan_tree, year_items
from lvzhi.testing import signed_in, tile

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Under xdist (--dist loadgroup), the whole module runs on one worker, so the demo is loaded once, not per worker.
pytestmark = pytest.mark.xdist_group("demo")


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """The demo takes a few seconds to load, so this module loads it once, in a transaction rolled back
    at the end (as Django's TestCase.setUpTestData does); each test's own changes roll back after it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        yield run("load_demo")
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db) -> str:
    return demo_output


@pytest.mark.django_db
def test_the_demo_city_has_a_term_sectors_bodies_and_about_300_members(demo):
    city = Committee.objects.get(code="demo-city")
    term = city.terms.get()
    assert (term.number, term.start_year, term.end_year, term.is_current) == (14, 2022, 2026, True)
    assert list(Session.objects.filter(term=term).values_list("number", "year")) == [
        (1, 2022),
        (2, 2023),
        (3, 2024),
        (4, 2025),
        (5, 2026),
    ]
    memberships = Membership.objects.filter(term=term).select_related("member", "sector")
    assert memberships.count() == 300
    assert len({m.sector_id for m in memberships}) == 23
    assert SpecialCommittee.objects.filter(committee=city).count() == 8
    assert SectorGroup.objects.filter(committee=city).count() == 12
    assert Station.objects.filter(committee=city).values("kind").distinct().count() == 4
    assert StationDuty.objects.filter(committee=city).exists()
    # Every member is in the sector group covering their sector; every group has one convenor.
    assert GroupSeat.objects.filter(committee=city).count() == 300
    assert Counter(GroupSeat.objects.filter(committee=city, role="convenor").values_list("group", flat=True)) == {
        g.pk: 1 for g in SectorGroup.objects.filter(committee=city)
    }
    assert SpecialCommitteeSeat.objects.filter(committee=city, role="director").count() == 8


@pytest.mark.django_db
def test_demo_members_look_like_a_real_roster(demo):
    members = Member.objects.filter(committee__code="demo-city")
    mobiles = [m.mobile for m in members]
    assert len(set(mobiles)) == len(mobiles) and all(m.startswith("139") and len(m) == 11 for m in mobiles)
    parties = Counter(m.political_affiliation for m in members)
    assert 0.33 <= parties[PoliticalAffiliation.CPC] / 300 <= 0.47
    assert parties[PoliticalAffiliation.RCCK] and parties[PoliticalAffiliation.NON_PARTY]
    assert 0.15 <= members.filter(gender="female").count() / 300 <= 0.4
    assert 0 < members.filter(mobile_in_directory=True).count() < 300
    standing = Membership.objects.filter(committee__code="demo-city", is_standing_member=True).count()
    assert 0.08 <= standing / 300 <= 0.22
    numbers = list(Membership.objects.filter(committee__code="demo-city").values_list("number", flat=True))
    assert len(set(numbers)) == 300 and "1401001" in numbers


@pytest.mark.django_db
def test_the_district_sits_under_the_city_with_its_own_members(demo):
    district = Committee.objects.get(code="demo-district")
    assert (district.parent.code, district.level) == ("demo-city", Committee.Level.COUNTY)
    assert Membership.objects.filter(committee=district).count() == 60


@pytest.mark.django_db
def test_lifecycle_changes_show_in_the_history(demo):
    statuses = Counter(Membership.objects.filter(committee__code="demo-city").values_list("status", flat=True))
    assert statuses[MembershipStatus.ADDED] >= 3
    assert statuses[MembershipStatus.RESIGNED] == 1 and statuses[MembershipStatus.DECEASED] == 1
    resigned = Membership.objects.get(committee__code="demo-city", status=MembershipStatus.RESIGNED)
    assert [c.to_status for c in resigned.status_changes.all()] == [MembershipStatus.ACTIVE, MembershipStatus.RESIGNED]
    assert "member.status_changed" in [e.action for e in history_of(resigned.member)]
    added = Membership.objects.filter(committee__code="demo-city", status=MembershipStatus.ADDED).first()
    assert added.joined_on > added.term.sessions.get(number=1).opens_on


@pytest.mark.django_db
def test_each_committee_has_one_account_per_role_with_the_demo_password(demo):
    for spec in DEMO_COMMITTEES:
        assignments = RoleAssignment.objects.filter(committee__code=spec.code).select_related("user")
        assert sorted(a.role for a in assignments) == sorted(Role.values)
        by_role = {a.role: a for a in assignments}
        assert by_role[Role.COMMITTEE_STAFF].special_committee.name == spec.staff_committee
        assert by_role[Role.GROUP_CONVENOR].sector_group.name == spec.convenor_group
        member_user = by_role[Role.MEMBER].user
        assert member_user.member.memberships.get().is_serving
        assert check_credentials(f"{spec.prefix}lianluo", DEMO_PASSWORD) is not None
        assert check_credentials(member_user.mobile, DEMO_PASSWORD) == member_user


@pytest.mark.django_db
def test_the_demo_member_signs_in_and_lands_on_their_home_page(demo):
    client = Client()
    response = client.post(reverse("login"), {"username": "weiyuan", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").url == reverse("portal:member_home")


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_says_so(demo):
    models = (User, Member, AuditEvent, Activity, Registration, DutyRecord, Notification, PlanItem)
    counts = [m.objects.count() for m in models]
    out = run("load_demo")
    assert "未作改动" in out and "nothing changed" in out
    assert [m.objects.count() for m in models] == counts


@pytest.mark.django_db
def test_the_demo_is_not_loaded_into_a_database_with_other_committees(world, monkeypatch):
    # Another demo committee than the module's, so that the module's demo counts as "other" data too.
    monkeypatch.setattr(demo_build, "DEMO_COMMITTEES", (replace(CITY, code="demo-new", prefix="new-"),))
    with pytest.raises(CommandError, match="已有其他政协"):
        run("load_demo")
    assert not Committee.objects.filter(code="demo-new").exists()


@pytest.mark.django_db
def test_demo_accounts_prints_the_address_and_every_account_with_its_role_and_password(demo):
    out = run("demo_accounts", "--port", "8123")
    assert "http://127.0.0.1:8123" in out
    for spec in DEMO_COMMITTEES:
        assert spec.name in out
        for account in spec.accounts():
            assert account.username in out
    assert "专委会工作人员（经济委员会）" in out
    assert out.count(DEMO_PASSWORD) == 2 * len(Role.values)


@pytest.mark.django_db
def test_past_activities_are_recorded_afterwards_and_closed_into_the_ledger_15_in_the_city_8_in_the_district(demo):
    for spec, count in zip(DEMO_COMMITTEES, (15, 8), strict=True):
        held = Activity.objects.filter(committee__code=spec.code, status=Activity.Status.ATTENDANCE_CONFIRMED)
        assert held.count() == count and all(a.recorded_afterwards and a.starts_at < timezone.now() for a in held)
        assert held.values("kind").distinct().count() >= 6
        attendance = Counter(Registration.objects.filter(activity__in=held).values_list("attendance", flat=True))
        assert set(attendance) <= {"present", "late", "excused", "absent"}
        assert attendance["present"] > 0.7 * sum(attendance.values())
        assert attendance["late"] and attendance["excused"] and attendance["absent"]
        ledger = DutyRecord.objects.filter(source_type="activities.activity", source_id__in=held.values("pk"))
        assert ledger.count() == sum(attendance.values())


@pytest.mark.django_db
def test_upcoming_menu_items_are_open_for_sign_up_one_full_with_a_waiting_list(demo):
    for spec in DEMO_COMMITTEES:
        upcoming = Activity.objects.filter(
            committee__code=spec.code, status=Activity.Status.PUBLISHED, starts_at__gt=timezone.now()
        )
        menu = upcoming.filter(mode=Activity.Mode.MENU)
        # Besides its own two meetings, the city holds the training it invited the district's members to.
        own = upcoming.filter(mode=Activity.Mode.INVITE, audience_committees__isnull=True)
        assert menu.count() == 5 and own.count() == 2
        full = menu.get(title="委员活动日：走进敬老院")
        statuses = Counter(full.registrations.values_list("status", flat=True))
        assert statuses == {"confirmed": full.capacity, "waitlisted": 3}
        nearly = menu.get(title="“一老一小”服务设施建设调研")
        assert nearly.registrations.filter(status="confirmed").count() == nearly.capacity - 2


@pytest.mark.django_db
def test_the_district_is_invited_to_the_citys_training_and_offices_keep_saved_audiences(demo):
    training = Activity.objects.get(committee__code="demo-city", audience_committees__code="demo-district")
    serving = Membership.objects.filter(committee__code="demo-district").serving()
    invited = set(training.registrations.values_list("member_id", flat=True))
    assert invited == set(serving.values_list("member_id", flat=True)) and invited
    assert SavedAudience.objects.filter(committee__code="demo-district").count() == 3


@pytest.mark.django_db
def test_the_demo_member_has_a_ledger_a_pending_self_report_places_and_an_inbox(demo):
    me = Member.objects.get(user__username="weiyuan")
    ledger = Counter(DutyRecord.objects.filter(member=me).values_list("status", "role"))
    assert ledger[("confirmed", "present")] >= 8
    assert ledger[("confirmed", "late")] == 1 and ledger[("confirmed", "excused")] == 1
    assert ledger[("pending", "participant")] == 1
    upcoming = Registration.objects.filter(member=me, activity__starts_at__gt=timezone.now())
    assert Counter(upcoming.values_list("activity__mode", "status")) == {
        ("menu", "confirmed"): 1,
        ("invite", "invited"): 2,
    }
    assert LeaveRequest.objects.get(member=me).status == LeaveRequest.Status.APPROVED
    kinds = set(Notification.objects.filter(user=me.user).values_list("kind", flat=True))
    assert {"activity.published", "activity.invited", "leave.decided"} <= kinds


@pytest.mark.django_db
def test_the_annual_plan_cascades_down_to_the_demo_member_with_progress(demo):
    items = PlanItem.objects.filter(committee__code="demo-city")
    assert Counter(items.values_list("level", flat=True)) == {
        "committee": 3,
        "special_committee": 1,
        "sector_group": 2,
        "member": 3,
    }
    assert items.filter(level="member", member__user__username="weiyuan", parent__level="sector_group").count() == 3
    proposals_item = items.get(level="member", item_type="proposal")
    tree = plan_tree(year_items(proposals_item.committee, proposals_item.year))
    assert tree.nodes[proposals_item.pk].done > 0  # the demo member's own proposals of the year
    assert items.filter(activities__status=Activity.Status.ATTENDANCE_CONFIRMED).distinct().count() >= 4


@pytest.mark.django_db
def test_the_statistics_api_shows_the_demo_year(demo):
    latest = Activity.objects.filter(committee__code="demo-city", status="attendance_confirmed").latest("starts_at")
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in(User.objects.get(username="lingdao"))
    year = timezone.localtime(latest.starts_at).year
    body = client.get(f"/api/v1/stats/activities?year={year}").json()
    assert body["count"] > 0 and sum(row["activities"] for row in body["items"]) > 0


@pytest.mark.django_db
def test_the_demo_has_proposals_in_every_state_and_a_chengban_tied_to_a_unit(demo):
    from lvzhi.core.models import RoleAssignment, User
    from lvzhi.proposals.models import Proposal

    city = Committee.objects.get(code="demo-city")
    states = set(Proposal.objects.filter(committee=city).values_list("status", flat=True))
    assert states == set(Proposal.Status.values) - {Proposal.Status.WITHDRAWN}
    clerk = User.objects.get(username="chengban")
    unit = RoleAssignment.objects.get(user=clerk, role="handling_unit").handling_unit
    assert unit is not None and Proposal.objects.filter(assignments__unit=unit, status="assigned").exists()


@pytest.mark.django_db
def test_the_demo_has_decided_key_proposals_with_supervision_and_a_scored_excellent_round(demo):
    from lvzhi.proposals.models import Honour, HonourScore, SupervisionRecord

    city = Committee.objects.get(code="demo-city")
    key = Honour.objects.filter(committee=city, kind="key")
    assert set(key.values_list("status", flat=True)) == {"candidate", "approved", "declined"}
    leader = key.filter(status="approved", supervisors__user__username="lingdao")
    assert leader.count() == 2
    assert SupervisionRecord.objects.filter(honour__in=leader).count() == 3
    excellent = Honour.objects.filter(committee=city, kind="excellent", status="candidate")
    assert excellent.count() == 4 and HonourScore.objects.filter(honour__in=excellent).count() == 7
    client = Client()
    client.force_login(User.objects.get(username="lingdao"))
    assert "督办记录" in client.get(f"/proposals/key/{leader.first().pk}/").content.decode()
    # The leader's home: the key proposal still in hand (the other is closed) with its latest supervision, and the
    # nomination waiting for the leader's score.
    home = tile(client.get("/desk/"), "proposals.leader")
    assert [h.pk for h in home["key"]] == list(leader.exclude(proposal__status="closed").values_list("pk", flat=True))
    assert home["key"][0].last_record is not None and len(home["unscored"]) == 1
