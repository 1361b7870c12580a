"""The assessment API: scores and the member's own score, schemes, a frozen year, ledger points; permissions and
tenancy."""

import datetime
import json

from lvzhi.assessment import rules as R
from lvzhi.assessment.models import AssessmentYear, Scheme
from lvzhi.assessment.services.scores import committee_scores, store_scores
from lvzhi.core.capabilities import Role
from lvzhi.ledger.services import DutyEntry, record_duties
from lvzhi.testing import make_member

YEAR = 2026
API = "/api/v1"


def add(world, member, kind, role, n=1, year=YEAR):
    entries = [DutyEntry(member, kind, role, datetime.date(year, 5, 1 + i), f"事项{i}") for i in range(n)]
    return record_duties(committee=world.committee, entries=entries, recorded_by=None)


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_staff_read_scores_with_bands_ranks_and_breakdown(world):
    other = make_member(world, "王芳")
    add(world, world.member, "plenary", "present")
    add(world, world.member, "research", "present", 3)
    add(world, other, "research", "present")
    body = world.client(Role.MEMBER_AFFAIRS).get(f"{API}/assessment/{YEAR}/scores").json()
    assert body["status"] == "live" and body["count"] == 2
    first, second = body["items"]
    assert (first["name"], first["score"], first["rank"], first["band"]) == ("李明", 45.0, 1, "incompetent")
    assert {"indicator": "B1", "label": "全体会议出席", "points": 30.0} in first["breakdown"]
    assert second["rank"] == 2


def test_scores_filter_by_sector_ranks_within_it(world):
    other = make_member(world, "王芳", sector=world.sectors[1])
    add(world, other, "research", "present", 2)
    body = world.client(Role.MEMBER_AFFAIRS).get(f"{API}/assessment/{YEAR}/scores?sector={world.sectors[1].pk}")
    assert [(i["name"], i["rank"]) for i in body.json()["items"]] == [("王芳", 1)]


def test_members_may_not_read_the_committee_scores_and_outsiders_see_only_their_own(world, outsider):
    assert world.client(Role.MEMBER).get(f"{API}/assessment/{YEAR}/scores").status_code == 403
    assert world.client(Role.PROPOSAL_OFFICE).get(f"{API}/assessment/{YEAR}/scores").status_code == 403
    items = outsider.client(Role.ADMIN).get(f"{API}/assessment/{YEAR}/scores").json()["items"]
    assert [i["member_id"] for i in items] == [outsider.member.pk]


def test_the_member_reads_their_own_score_and_minimum_duties(world):
    add(world, world.member, "plenary", "present")
    body = world.client(Role.MEMBER).get(f"{API}/assessment/{YEAR}/my-score").json()
    assert body["score"]["score"] == 30 and body["score"]["rank"] is None  # internal ranking by default
    assert [(d["code"], d["done"]) for d in body["minimum_duties"]] == [("M1", True), ("M2", False), ("M3", False)]
    assert world.client(Role.MEMBER_AFFAIRS).get(f"{API}/assessment/{YEAR}/my-score").status_code == 403


def test_a_member_not_assessed_that_year_gets_404(world):
    response = world.client(Role.MEMBER).get(f"{API}/assessment/2019/my-score")
    assert response.status_code == 404
    assert response.json()["error"]["code"] in ("assessment.not_assessed", "term.missing", "not_found")


def test_scheme_life_draft_edit_refused_edit_adopt_and_no_edit_after(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    created = post(client, f"{API}/assessment/schemes", {"name": "2027年度办法", "preset": "anqing"})
    assert created.status_code == 201
    scheme = created.json()
    rules = scheme["rules"]
    rules["indicators"][0]["cap"] = "很多"
    refused = patch(client, f"{API}/assessment/schemes/{scheme['id']}", {"rules": rules})
    assert refused.status_code == 422
    assert "上限" in refused.json()["error"]["message"]
    rules["indicators"][0]["cap"] = 20
    assert patch(client, f"{API}/assessment/schemes/{scheme['id']}", {"rules": rules}).status_code == 200
    adopted = post(client, f"{API}/assessment/schemes/{scheme['id']}/adopt", {"from_year": 2027})
    assert adopted.json()["status"] == "adopted"
    again = patch(client, f"{API}/assessment/schemes/{scheme['id']}", {"rules": rules})
    assert again.status_code == 409 and again.json()["error"]["code"] == "scheme.not_draft"
    assert post(client, f"{API}/assessment/schemes", {"name": "x", "preset": "nope"}).status_code == 422


def test_only_assessment_managers_write_schemes(world):
    body = {"name": "办法", "preset": "default"}
    for role in (Role.LEADER, Role.COMMITTEE_STAFF, Role.MEMBER):
        assert post(world.client(role), f"{API}/assessment/schemes", body).status_code == 403
    assert world.client(Role.LEADER).get(f"{API}/assessment/schemes").status_code == 200


def test_simulation_lists_who_would_change_band(world):
    add(world, world.member, "plenary", "present")
    add(world, world.member, "research", "present", 6)
    add(world, world.member, "proposal", "first_proposer")
    add(world, world.member, "opinion", "submitter")  # 30 + 30 + 20 + 5 = 85: 称职
    client = world.client(Role.MEMBER_AFFAIRS)
    scheme = post(client, f"{API}/assessment/schemes", {"name": "济南式", "preset": "jinan"}).json()
    result = post(client, f"{API}/assessment/schemes/{scheme['id']}/simulate", {"year": YEAR}).json()
    # 济南: 25 + 15 + 15 + 5 = 60 of a 70 base; 称职 under both schemes, so nobody changes band
    assert (result["members"], result["mean_before"], result["mean_after"], result["changes"]) == (1, 85, 60, [])


def _freeze(world, year=YEAR) -> AssessmentYear:
    rules, _scheme = R.DEFAULT, None
    assessment = AssessmentYear.objects.create(
        committee=world.committee,
        year=year,
        status=AssessmentYear.Status.CHECKING,
        rules=rules.to_json(),
        frozen_at=datetime.datetime(year + 1, 1, 2, tzinfo=datetime.UTC),
    )
    store_scores(assessment)
    return assessment


def test_a_frozen_year_is_unchanged_by_later_rules_and_later_ledger_rows(world):
    add(world, world.member, "plenary", "present")
    _freeze(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    scheme = post(client, f"{API}/assessment/schemes", {"name": "新办法", "preset": "jinan"}).json()
    refused = post(client, f"{API}/assessment/schemes/{scheme['id']}/adopt", {"from_year": YEAR})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "scheme.year_frozen"
    assert post(client, f"{API}/assessment/schemes/{scheme['id']}/adopt", {"from_year": YEAR + 1}).status_code == 200
    add(world, world.member, "research", "present", 4)  # recorded late: the frozen year changes only via 核对
    (score,) = committee_scores(world.committee, YEAR)
    assert score.score == 30
    body = client.get(f"{API}/assessment/{YEAR}/scores").json()
    assert body["status"] == "checking" and body["items"][0]["score"] == 30
    assert Scheme.objects.get(pk=scheme["id"]).from_year == YEAR + 1


def test_ledger_rows_show_their_points(world):
    add(world, world.member, "proposal", "first_proposer", 2)
    add(world, world.member, "plenary", "absent")
    body = world.client(Role.MEMBER).get(f"{API}/members/{world.member.pk}/duty-records?year={YEAR}").json()
    points = sorted(item["points"] for item in body["items"])
    # the first 立案 earns B3's 20, the second P1's 5; the absence costs N1's 10
    assert points == [-10, 5, 20]


def test_presets_are_listed_for_assessment_staff(world):
    body = world.client(Role.LEADER).get(f"{API}/assessment/presets").json()
    assert [p["key"] for p in body] == ["default", "jinan", "anqing", "minhang"]
    assert world.client(Role.MEMBER).get(f"{API}/assessment/presets").status_code == 403
