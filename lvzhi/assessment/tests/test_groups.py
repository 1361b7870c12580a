"""Sector-group assessment (DOMAIN.md §4.4): "八个有"/"168" ticked from data and by evidence, the composite, the
internal ranking; screens and API with permissions and tenancy."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.assessment.groups import group_results
from lvzhi.assessment.models_groups import GroupEvidence
from lvzhi.assessment.services import groups as services
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import RoleAssignment
from lvzhi.dashboard.tests.test_activity_stats import held
from lvzhi.ledger.services import DutyEntry, record_duties
from lvzhi.ledger.taxonomy import ActivityKind as K
from lvzhi.org.models import GroupSeat, SectorGroup, Term
from lvzhi.testing import make_member, make_user, signed_in

YEAR = 2025


def ledger(world, member, *lines):
    entries = [DutyEntry(member, k, r, datetime.date(YEAR, 2, n + 1), f"{k}{n}") for n, (k, r) in enumerate(lines)]
    record_duties(committee=world.committee, entries=entries, recorded_by=None)


def checks(world, group=None):
    result = next(r for r in group_results(world.committee, YEAR) if r.group == (group or world.group))
    return result, {c.item.code: c for c in result.checks}


@pytest.fixture
def year(world):
    """The group (李明 and 王芳) held a study, a 协商会, two 界别活动 (one in December) and a 述职会; both members
    have 3 contacts, 李明 a proposal and a mailbox answer."""
    li, wang = world.member, make_member(world, "王芳")
    GroupSeat.objects.create(committee=world.committee, membership=wang.memberships.get(), group=world.group)
    both = [li, wang]
    held(world, K.STUDY, both, checked_in=both, group=world.group, day=datetime.date(YEAR, 3, 1))
    held(world, K.SECTOR_CONSULTATION, both, checked_in=both, group=world.group, day=datetime.date(YEAR, 5, 1))
    held(world, K.SECTOR_ACTIVITY, both, checked_in=both, group=world.group, day=datetime.date(YEAR, 6, 1))
    held(world, K.SECTOR_ACTIVITY, both, checked_in=[li], group=world.group, day=datetime.date(YEAR, 12, 5))
    held(world, K.DUTY_REPORT_MEETING, both, checked_in=both, group=world.group, day=datetime.date(YEAR, 12, 20))
    held(world, K.RESEARCH, both, checked_in=both, day=datetime.date(YEAR, 7, 1))  # not organised by the group
    contacts = [("contact", "participant")] * 3
    ledger(world, li, *contacts, ("proposal", "first_proposer"), ("mailbox", "participant"))
    ledger(world, wang, *contacts)
    return li, wang


def test_items_the_data_shows_tick_themselves(world, year):
    result, got = checks(world)
    done = {code for code, c in got.items() if c.done}
    assert done == {
        *("study_training", "consultation_supervision", "proposals_information", "activities_service"),
        *("sector_consultation", "sector_activities", "mailbox", "contacts", "duty_report"),
    }
    assert not got["research_inspection"].done  # the research was not the group's own
    assert got["study_days"].detail == "有学习的月份 1 / 12" and not got["study_days"].done
    assert got["sector_activities"].detail == "界别活动 2 次（含 12 月界别活动月）"
    assert (result.checklist_done, result.targets_done, result.members) == (4, 5, 2)


def test_sector_activities_need_one_in_the_december_month_and_contacts_every_member(world, year):
    li, _wang = year
    other = SectorGroup.objects.create(committee=world.committee, term=world.term, name="文化界活动组")
    GroupSeat.objects.create(committee=world.committee, membership=li.memberships.get(), group=other)
    zhao = make_member(world, "赵强")
    GroupSeat.objects.create(committee=world.committee, membership=zhao.memberships.get(), group=other)
    ledger(world, zhao, ("contact", "participant"), ("contact", "participant"))
    held(world, K.SECTOR_ACTIVITY, [li], checked_in=[li], group=other, day=datetime.date(YEAR, 4, 1))
    held(world, K.SECTOR_ACTIVITY, [li], checked_in=[li], group=other, day=datetime.date(YEAR, 9, 1))
    _result, got = checks(world, other)
    assert not got["sector_activities"].done  # two, but none in December
    assert not got["contacts"].done and got["contacts"].detail == "不足 3 条的委员 1 人"


def test_evidence_ticks_the_rest_and_the_composite_weighs_40_30_30(world, year):
    staff = world.users[Role.MEMBER_AFFAIRS]
    services.tick(world.group, year=YEAR, item="plan_summary", note="年度计划和总结已报", file=None, actor=staff)
    services.tick(world.group, year=YEAR, item="workstation", note="界别工作站挂牌", file=None, actor=staff)
    result, got = checks(world)
    assert got["plan_summary"].done and not got["plan_summary"].auto
    assert (result.checklist_done, result.targets_done) == (5, 6)
    mean = result.mean_score
    assert mean is not None
    assert result.composite == round(40 * 5 / 8 + 30 * min(mean, 100) / 100 + 30 * 6 / 7, 1)
    services.untick(world.group, year=YEAR, item="workstation", actor=staff)
    assert checks(world)[0].targets_done == 5


def test_ticks_refuse_bad_input_in_chinese(world):
    staff = world.users[Role.MEMBER_AFFAIRS]
    with pytest.raises(DomainError, match="未知的考评项目"):
        services.tick(world.group, year=YEAR, item="nonsense", note="x", file=None, actor=staff)
    with pytest.raises(DomainError, match="请填写佐证说明"):
        services.tick(world.group, year=YEAR, item="innovation", note="  ", file=None, actor=staff)
    with pytest.raises(DomainError, match="文件"):
        bad = SimpleUploadedFile("x.pdf", b"MZ\x90\x00not a pdf")
        services.tick(world.group, year=YEAR, item="innovation", note="亮点", file=bad, actor=staff)
    with pytest.raises(DomainError):
        services.untick(world.group, year=YEAR, item="innovation", actor=staff)


def test_ranking_orders_by_composite_with_ties_sharing_a_rank(world, year):
    quiet = SectorGroup.objects.create(committee=world.committee, term=world.term, name="科技界活动组")
    empty = SectorGroup.objects.create(committee=world.committee, term=world.term, name="体育界活动组")
    ranks = [(r.group.name, r.rank) for r in group_results(world.committee, YEAR)]
    assert ranks[0] == ("经济界活动组", 1)
    assert set(ranks[1:]) == {(quiet.name, 2), (empty.name, 2)}


# Screens


def test_ranking_and_detail_pages_and_evidence_upload(world, year):
    client = world.client(Role.MEMBER_AFFAIRS)
    page = client.get(f"/assessment/groups/?year={YEAR}").content.decode()
    assert "经济界活动组" in page and "内部" in page
    detail = client.get(f"/assessment/groups/{world.group.pk}/?year={YEAR}").content.decode()
    assert 'data-item="sector_consultation" data-done="1"' in detail
    upload = SimpleUploadedFile("总结.pdf", b"%PDF-1.4 summary")
    response = client.post(
        f"/assessment/groups/{world.group.pk}/tick/",
        {"year": YEAR, "item": "plan_summary", "note": "年度总结", "file": upload},
    )
    assert response.status_code == 302
    evidence = GroupEvidence.objects.get()
    assert evidence.file and evidence.note == "年度总结"
    download = client.get(f"/assessment/groups/evidence/{evidence.pk}/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    bad = client.post(f"/assessment/groups/{world.group.pk}/tick/", {"year": YEAR, "item": "nope", "note": "x"})
    assert bad.status_code == 302
    assert "未知的考评项目" in client.get(bad["Location"]).content.decode()
    client.post(f"/assessment/groups/{world.group.pk}/untick/", {"year": YEAR, "item": "plan_summary"})
    assert not GroupEvidence.objects.exists()
    export = client.get(f"/assessment/groups/ranking.xlsx?year={YEAR}")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_permissions_and_tenancy_on_screens(world, outsider, year):
    staff = world.client(Role.COMMITTEE_STAFF)  # may view, may not tick
    assert staff.get(f"/assessment/groups/{world.group.pk}/").status_code == 200
    tick = f"/assessment/groups/{world.group.pk}/tick/"
    assert staff.post(tick, {"year": YEAR, "item": "innovation", "note": "x"}).status_code == 403
    assert world.client(Role.MEMBER).get("/assessment/groups/").status_code == 403
    stranger = outsider.client(Role.MEMBER_AFFAIRS)
    assert stranger.get(f"/assessment/groups/{world.group.pk}/").status_code == 404
    assert stranger.post(tick, {"year": YEAR, "item": "innovation", "note": "x"}).status_code == 404
    assert "经济界活动组" in stranger.get("/assessment/groups/").content.decode()  # their own group of that name
    assert f'data-group="{world.group.pk}"' not in stranger.get("/assessment/groups/").content.decode()


def test_a_convenor_sees_only_their_group(world, year):
    other = SectorGroup.objects.create(committee=world.committee, term=world.term, name="文化界活动组")
    convenor = make_user(world.committee, Role.GROUP_CONVENOR, username="convenor")
    RoleAssignment.objects.filter(user=convenor).update(sector_group=world.group)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in(convenor)
    page = client.get(f"/assessment/groups/?year={YEAR}").content.decode()
    assert "经济界活动组" in page and "文化界活动组" not in page
    assert client.get(f"/assessment/groups/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/assessment/groups/{other.pk}?year={YEAR}").status_code == 404


def test_api_ranking_detail_tick_untick(world, outsider, year):
    client = world.client(Role.MEMBER_AFFAIRS)
    ranking = client.get(f"/api/v1/assessment/groups?year={YEAR}").json()
    assert ranking["items"][0]["name"] == "经济界活动组" and ranking["items"][0]["targets_done"] == 5
    url = f"/api/v1/assessment/groups/{world.group.pk}"
    ticked = client.post(
        f"{url}/checks", {"year": YEAR, "item": "innovation", "note": "特色品牌"}, content_type="application/json"
    )
    assert ticked.status_code == 201 and ticked.json()["checklist_done"] == 5
    assert client.get(f"{url}?year={YEAR}").json()["checks"][7]["evidence_note"] == "特色品牌"
    bad = client.post(f"{url}/checks", {"year": YEAR, "item": "nope", "note": "x"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["message"] == "未知的考评项目"
    assert client.delete(f"{url}/checks/innovation?year={YEAR}").status_code == 204
    assert client.delete(f"{url}/checks/innovation?year={YEAR}").status_code == 404
    assert (
        world.client(Role.LEADER)
        .post(f"{url}/checks", {"year": YEAR, "item": "innovation", "note": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    assert world.client(Role.MEMBER).get(f"/api/v1/assessment/groups?year={YEAR}").status_code == 403
    assert outsider.client(Role.MEMBER_AFFAIRS).get(f"{url}?year={YEAR}").status_code == 404


def test_ranking_query_budget(world, year, django_assert_max_num_queries):
    for n in range(8):
        group = SectorGroup.objects.create(committee=world.committee, term=world.term, name=f"活动组{n}")
        member = make_member(world, f"委员{n}")
        GroupSeat.objects.create(committee=world.committee, membership=member.memberships.get(), group=group)
    client = world.client(Role.MEMBER_AFFAIRS)
    client.get("/assessment/groups/")
    with django_assert_max_num_queries(20):
        assert client.get(f"/assessment/groups/?year={YEAR}").status_code == 200


def test_a_year_outside_the_groups_term_is_refused_and_nothing_is_written(world):
    old_term = Term.objects.create(
        committee=world.committee, number=world.term.number - 1, start_year=2013, end_year=2017
    )
    old = SectorGroup.objects.create(committee=world.committee, term=old_term, name="上届活动组")
    client = world.client(Role.MEMBER_AFFAIRS)
    url = f"/api/v1/assessment/groups/{old.pk}"
    for year in (YEAR, 2099):
        refused = client.get(f"{url}?year={year}")
        assert refused.status_code == 400 and "不在该界别活动组所属的" in refused.json()["error"]["message"]
        ticked = client.post(
            f"{url}/checks", {"year": year, "item": "innovation", "note": "x"}, content_type="application/json"
        )
        assert ticked.status_code == 400 and "year" in ticked.json()["error"]["fields"]
    assert client.get(f"{url}?year=2015").json()["name"] == "上届活动组"
    page = client.get(f"/assessment/groups/{old.pk}/?year={YEAR}")
    assert page.status_code == 302 and "不在该界别活动组所属的" in client.get(page["Location"]).content.decode()
    assert not GroupEvidence.objects.exists()
