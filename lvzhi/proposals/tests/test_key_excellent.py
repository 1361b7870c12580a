"""Key proposals decided by the leaders' meeting and supervised by leaders; excellent proposals nominated, scored
and awarded within the committee's quota; the four-class reply set as a committee option."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Notification
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.proposals import services
from lvzhi.proposals.models import Honour, HonourDecision, HonourScore, Reply, SupervisionRecord, Supervisor
from lvzhi.proposals.services import handling, honours, rules
from lvzhi.proposals.stats import statistics
from lvzhi.proposals.tests.factories import assigned, key_proposal, office, proposal, unit_of
from lvzhi.testing import PDF, make_user, signed_in, today

JSON = "application/json"
H = Honour.Status


def _accepted(world, n: int = 1):
    return [services.accept(proposal(world, number=None), actor=office(world)) for _ in range(n)]


def _candidate(world, item, kind: str = "key") -> Honour:
    return honours.mark(item, kind=kind, reason="事关民生", actor=office(world))


def _decide(world, approved=(), declined=(), year=None):
    return honours.decide_key(
        world.committee,
        year=year or today().year,
        meeting="第5次主席会议",
        held_on=today(),
        approved=list(approved),
        declined=list(declined),
        actor=office(world),
    )


def _live(kind: str) -> int:
    return DutyRecord.objects.filter(kind=kind).exclude(status=DutyRecord.Status.VOIDED).count()


def _snapshot():
    return (
        list(Honour.objects.order_by("pk").values_list("pk", "status", "unmarked_at")),
        HonourDecision.objects.count(),
        list(HonourScore.objects.order_by("pk").values_list("pk", "score")),
        SupervisionRecord.objects.count(),
        list(Supervisor.objects.order_by("pk").values_list("pk", "name")),
        DutyRecord.objects.count(),
    )


# Every operation against every state of an honour: allowed (True) or refused with a conflict (False).
KEY_MOVES = [
    ("candidate", "decide", True),
    ("candidate", "supervisors", False),
    ("candidate", "record", False),
    ("candidate", "unmark", True),
    ("approved", "decide", False),
    ("approved", "supervisors", True),
    ("approved", "record", True),
    ("approved", "unmark", True),
    ("declined", "decide", False),
    ("declined", "supervisors", False),
    ("declined", "record", False),
    ("declined", "unmark", False),
    ("withdrawn", "decide", False),
    ("withdrawn", "supervisors", False),
    ("withdrawn", "record", False),
    ("withdrawn", "unmark", False),
]
EXCELLENT_MOVES = [
    ("candidate", "score", True),
    ("candidate", "award", True),
    ("candidate", "unmark", True),
    ("approved", "score", False),
    ("approved", "award", False),
    ("approved", "unmark", True),
    ("declined", "score", False),
    ("declined", "award", False),
    ("declined", "unmark", False),
    ("withdrawn", "score", False),
    ("withdrawn", "award", False),
    ("withdrawn", "unmark", False),
]


def _in_state(world, kind: str, state: str) -> Honour:
    (item,) = _accepted(world)
    honour = _candidate(world, item, kind)
    if kind == "excellent" and state in ("approved", "declined"):
        (other,) = _accepted(world)
        rival = _candidate(world, other, "excellent")
        for h in (honour, rival):
            honours.score(h, reviewer=office(world), value=80)
        chosen = honour if state == "approved" else rival
        honours.award(
            world.committee,
            year=item.year,
            meeting="主席会议",
            held_on=today(),
            honour_ids=[chosen.pk],
            actor=office(world),
        )
    elif state == "approved":
        _decide(world, approved=[honour.pk])
    elif state == "declined":
        _decide(world, declined=[honour.pk])
    elif state == "withdrawn":
        honours.unmark(honour, reason="撤回", actor=office(world))
    honour.refresh_from_db()
    return honour


def _do(world, honour: Honour, action: str) -> None:
    actor = office(world)
    if action == "decide":
        _decide(world, approved=[honour.pk])
    elif action == "supervisors":
        honours.set_supervisors(honour, user_ids=[], names=["王副主席"], actor=actor)
    elif action == "record":
        honours.add_record(
            honour,
            kind="survey",
            held_on=today(),
            place="市住建局",
            participants="王副主席",
            summary="调研",
            actor=actor,
        )
    elif action == "unmark":
        honours.unmark(honour, reason="调整", actor=actor)
    elif action == "score":
        honours.score(honour, reviewer=world.users[Role.LEADER], value=70)
    elif action == "award":
        honours.award(
            world.committee,
            year=honour.proposal.year,
            meeting="主席会议",
            held_on=today(),
            honour_ids=[honour.pk],
            actor=actor,
        )


@pytest.mark.parametrize(
    ("kind", "state", "action", "allowed"),
    [("key", *m) for m in KEY_MOVES] + [("excellent", *m) for m in EXCELLENT_MOVES],
)
def test_every_move_of_an_honour_is_allowed_or_refused(world, kind, state, action, allowed):
    honour = _in_state(world, kind, state)
    if action == "award":
        HonourScore.objects.get_or_create(
            committee=world.committee, honour=honour, reviewer=office(world), defaults={"score": 75}
        )
    before = _snapshot()
    if allowed:
        _do(world, honour, action)
        assert _snapshot() != before
    else:
        with pytest.raises(DomainError):
            _do(world, honour, action)
        assert _snapshot() == before


def test_the_meeting_decides_some_declines_some_and_leaves_the_rest(world):
    a, b, c = _accepted(world, 3)
    ha, hb, hc = (_candidate(world, p) for p in (a, b, c))
    desk = world.client(Role.PROPOSAL_OFFICE)
    page = desk.post(
        "/proposals/key/decide/",
        {
            "year": a.year,
            "meeting": "第5次主席会议",
            "held_on": str(today()),
            f"decision-{ha.pk}": "approve",
            f"decision-{hb.pk}": "decline",
        },
    )
    assert page.status_code == 302
    statuses = dict(Honour.objects.values_list("pk", "status"))
    assert statuses == {ha.pk: H.APPROVED, hb.pk: H.DECLINED, hc.pk: H.CANDIDATE}
    assert DutyRecord.objects.filter(kind=DutyKind.KEY_PROPOSAL).count() == 1
    assert a.events.filter(action="decide_key").exists() and b.events.filter(action="decline_key").exists()
    listed = desk.get(f"/proposals/key/?year={a.year}").content.decode()
    assert "第5次主席会议" in listed and 'data-testid="key-candidate"' in listed


def test_bad_decisions_get_chinese_400s_and_change_nothing(world, outsider):
    (item,) = _accepted(world)
    honour = _candidate(world, item)
    desk = world.client(Role.PROPOSAL_OFFICE)
    url = "/api/v1/proposals/key-decisions"
    good = {"year": item.year, "meeting": "主席会议", "held_on": str(today()), "approved_ids": [honour.pk]}
    before = _snapshot()
    tomorrow = str(today() + datetime.timedelta(days=1))
    for bad in (
        {**good, "meeting": " "},
        {**good, "held_on": tomorrow},
        {**good, "held_on": "2026-13-01"},
        {**good, "approved_ids": []},
        {**good, "declined_ids": [honour.pk]},
        {**good, "approved_ids": [honour.pk + 1000]},
        {**good, "year": item.year - 1},
        {**good, "approved_ids": [True]},
    ):
        answer = desk.post(url, bad, content_type=JSON)
        assert answer.status_code == 400, bad
        assert any("\u4e00" <= ch <= "\u9fff" for ch in answer.json()["error"]["message"])
    # Another committee's candidate is no candidate here.
    other = outsider.client(Role.PROPOSAL_OFFICE).post(url, good, content_type=JSON)
    assert other.status_code == 400
    assert world.client(Role.LEADER).post(url, good, content_type=JSON).status_code == 403
    assert world.client(Role.MEMBER).post("/proposals/key/decide/", {"year": item.year}).status_code == 403
    assert _snapshot() == before


def test_supervisors_are_leader_accounts_or_names_and_leaders_see_theirs(world, outsider):
    (item,) = _accepted(world)
    honour = key_proposal(world, item, names=())
    leader = world.users[Role.LEADER]
    other_leader = make_user(world.committee, Role.LEADER, display_name="赵秘书长")
    desk = world.client(Role.PROPOSAL_OFFICE)
    url = f"/api/v1/proposals/honours/{honour.pk}/supervisors"
    not_leader = desk.put(url, {"user_ids": [world.member.user.pk]}, content_type=JSON)
    assert not_leader.status_code == 400 and "主席" in not_leader.json()["error"]["message"]
    assert desk.put(url, {"user_ids": [], "names": []}, content_type=JSON).status_code == 400
    assert not Supervisor.objects.exists()
    done = desk.put(url, {"user_ids": [leader.pk], "names": ["市政府李副市长"]}, content_type=JSON)
    assert done.status_code == 200
    assert [s["user_id"] for s in done.json()["supervisors"]] == [leader.pk, None]
    assert Notification.objects.filter(user=leader, kind="proposal.key_supervisor").exists()
    assert item.events.filter(action="key_supervisors").exists()
    assert {u["user_id"] for u in desk.get("/api/v1/proposals/leaders").json()} >= {leader.pk, other_leader.pk}
    # The supervising leader sees it on screen and in the API; another leader does not.
    mine = world.client(Role.LEADER)
    assert item.title in mine.get("/proposals/key/").content.decode()
    assert mine.get(f"/proposals/key/{honour.pk}/").status_code == 200
    assert [h["id"] for h in mine.get("/api/v1/proposals/honours?kind=key").json()["items"]] == [honour.pk]
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = signed_in(other_leader)
    assert stranger.get(f"/proposals/key/{honour.pk}/").status_code == 404
    assert stranger.get(f"/api/v1/proposals/honours/{honour.pk}").status_code == 404
    assert mine.put(url, {"names": ["我"]}, content_type=JSON).status_code == 403
    assert outsider.client(Role.PROPOSAL_OFFICE).put(url, {"names": ["x"]}, content_type=JSON).status_code == 404
    assert world.client(Role.MEMBER).get("/proposals/key/").status_code == 403
    assert outsider.client(Role.PROPOSAL_OFFICE).get(f"/proposals/key/{honour.pk}/").status_code == 404


def test_a_supervising_leader_records_supervision_with_a_file(world, outsider):
    (item,) = _accepted(world)
    leader = world.users[Role.LEADER]
    honour = key_proposal(world, item, names=(), user_ids=(leader.pk,))
    mine = world.client(Role.LEADER)
    page = mine.post(
        f"/proposals/key/{honour.pk}/records/",
        {
            "kind": "inspection",
            "held_on": str(today()),
            "place": "城东老旧小区",
            "participants": "王副主席、市住建局",
            "summary": "实地察看加装电梯进展",
            "file": SimpleUploadedFile("纪要.pdf", PDF),
        },
    )
    assert page.status_code == 302
    record = SupervisionRecord.objects.get()
    assert record.kind == "inspection" and record.file_name == "纪要.pdf"
    assert mine.get(f"/proposals/key/records/{record.pk}/file/").status_code == 200
    assert item.events.filter(action="key_supervision").exists()
    assert Notification.objects.filter(user=world.member.user, kind="proposal.key_supervision").exists()
    api = mine.post(
        f"/api/v1/proposals/honours/{honour.pk}/records",
        {"kind": "meeting", "held_on": str(today()), "place": "政协", "participants": "承办单位", "summary": "督办会"},
        content_type=JSON,
    )
    assert api.status_code == 201
    listed = mine.get(f"/api/v1/proposals/honours/{honour.pk}/records").json()
    assert listed["count"] == 2
    attach = f"/api/v1/proposals/supervision-records/{api.json()['id']}/attachment"
    bad_file = mine.post(attach, {"file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")})
    assert bad_file.status_code == 422 and "只能上传" in bad_file.json()["error"]["message"]
    assert mine.post(attach, {"file": SimpleUploadedFile("照片.pdf", PDF)}).status_code == 200
    assert mine.get(attach).status_code == 200
    before = SupervisionRecord.objects.count()
    for bad in ({"kind": "party"}, {"held_on": str(today() + datetime.timedelta(days=3))}, {"place": " "}):
        body = {"kind": "forum", "held_on": str(today()), "place": "p", "participants": "q", "summary": "s", **bad}
        assert mine.post(f"/api/v1/proposals/honours/{honour.pk}/records", body, content_type=JSON).status_code == 400
    refused = mine.post(f"/proposals/key/{honour.pk}/records/", {"kind": "forum", "place": ""}, follow=True)
    assert "请填写督办日期" in refused.content.decode()
    assert SupervisionRecord.objects.count() == before
    # Not a supervisor of it: a member, another committee.
    body = {"kind": "forum", "held_on": str(today()), "place": "p", "participants": "q", "summary": "s"}
    assert world.client(Role.MEMBER).post(
        f"/api/v1/proposals/honours/{honour.pk}/records", body, content_type=JSON
    ).status_code in (403, 404)
    assert (
        outsider.client(Role.LEADER)
        .post(f"/api/v1/proposals/honours/{honour.pk}/records", body, content_type=JSON)
        .status_code
        == 404
    )
    assert outsider.client(Role.PROPOSAL_OFFICE).get(attach).status_code == 404
    assert outsider.client(Role.PROPOSAL_OFFICE).get(f"/proposals/key/records/{record.pk}/file/").status_code == 404
    assert SupervisionRecord.objects.count() == before


def test_reviewers_score_once_and_may_change_until_the_award(world, outsider):
    (item,) = _accepted(world)
    honour = _candidate(world, item, "excellent")
    url = f"/api/v1/proposals/honours/{honour.pk}/score"
    leader, desk = world.client(Role.LEADER), world.client(Role.PROPOSAL_OFFICE)
    assert leader.put(url, {"score": 80}, content_type=JSON).json()["mean_score"] == 80
    assert desk.put(url, {"score": 90}, content_type=JSON).json()["mean_score"] == 85
    changed = leader.put(url, {"score": 60}, content_type=JSON).json()
    assert (changed["score"], changed["mean_score"], changed["scores"]) == (60, 75, 2)
    for bad in ({"score": 101}, {"score": -1}, {"score": "九十"}, {"score": True}, {}):
        assert leader.put(url, bad, content_type=JSON).status_code == 400
    assert HonourScore.objects.count() == 2
    listed = leader.get("/api/v1/proposals/honours?kind=excellent").json()["items"]
    assert (listed[0]["my_score"], listed[0]["mean_score"]) == (60, 75)
    assert world.client(Role.MEMBER).put(url, {"score": 50}, content_type=JSON).status_code == 403
    assert world.client(Role.HANDLING_UNIT).put(url, {"score": 50}, content_type=JSON).status_code == 403
    assert outsider.client(Role.LEADER).put(url, {"score": 50}, content_type=JSON).status_code == 404
    # On the screen too; nonsense is refused with the reason.
    page = world.client(Role.LEADER)
    page.post(f"/proposals/excellent/{honour.pk}/score/", {"score": "70"})
    assert HonourScore.objects.get(reviewer=world.users[Role.LEADER]).score == 70
    refused = page.post(f"/proposals/excellent/{honour.pk}/score/", {"score": "abc"}, follow=True)
    assert "评分为 0–100 的整数" in refused.content.decode()
    assert (
        outsider.client(Role.LEADER).post(f"/proposals/excellent/{honour.pk}/score/", {"score": 1}).status_code == 404
    )
    assert world.client(Role.MEMBER).get("/proposals/excellent/").status_code == 403


def test_the_award_stays_within_the_committees_quota_ranked_by_mean(world, outsider):
    items = _accepted(world, 20)
    nominated = [_candidate(world, p, "excellent") for p in items[:4]]
    for h, value in zip(nominated[:3], (70, 95, 85), strict=True):
        honours.score(h, reviewer=office(world), value=value)
    assert honours.excellent_quota(world.committee.pk, items[0].year) == 2  # 10 % of 20
    desk = world.client(Role.PROPOSAL_OFFICE)
    page = desk.get(f"/proposals/excellent/?year={items[0].year}").content.decode()
    # The two best by mean are ticked for the award.
    ticked = {h.pk for h in nominated if re.search(f'name="honour_ids" value="{h.pk}"[^>]*checked', page)}
    assert ticked == {nominated[1].pk, nominated[2].pk}
    ranked = [h.pk for h in honours.ranked(world.committee, items[0].year)]
    assert ranked[:3] == [nominated[1].pk, nominated[2].pk, nominated[0].pk]
    url = "/api/v1/proposals/excellent-awards"
    body = {"year": items[0].year, "meeting": "第9次主席会议", "held_on": str(today())}
    before = _snapshot()
    too_many = desk.post(url, {**body, "honour_ids": [h.pk for h in nominated[:3]]}, content_type=JSON)
    assert too_many.status_code == 409 and "名额" in too_many.json()["error"]["message"]
    unscored = desk.post(url, {**body, "honour_ids": [nominated[3].pk]}, content_type=JSON)
    assert unscored.status_code == 400 and "尚无评分" in unscored.json()["error"]["message"]
    assert desk.post(url, {**body, "honour_ids": []}, content_type=JSON).status_code == 400
    assert (
        world.client(Role.LEADER).post(url, {**body, "honour_ids": [nominated[1].pk]}, content_type=JSON).status_code
        == 403
    )
    assert (
        outsider.client(Role.PROPOSAL_OFFICE)
        .post(url, {**body, "honour_ids": [nominated[1].pk]}, content_type=JSON)
        .status_code
        == 400
    )
    assert _snapshot() == before and _live(DutyKind.EXCELLENT_PROPOSAL) == 0
    done = desk.post(url, {**body, "honour_ids": [nominated[1].pk, nominated[2].pk]}, content_type=JSON)
    assert done.status_code == 201
    assert sorted(done.json()["approved_ids"]) == sorted([nominated[1].pk, nominated[2].pk])
    assert sorted(done.json()["declined_ids"]) == sorted([nominated[0].pk, nominated[3].pk])
    assert _live(DutyKind.EXCELLENT_PROPOSAL) == 2
    assert Notification.objects.filter(kind="proposal.excellent").count() == 2
    # The round is closed: no more nominations, scores or awards this year.
    late = desk.post(
        f"/api/v1/proposals/{items[5].pk}/honours", {"kind": "excellent", "reason": "x"}, content_type=JSON
    )
    assert late.status_code == 409
    assert (
        desk.put(f"/api/v1/proposals/honours/{nominated[0].pk}/score", {"score": 99}, content_type=JSON).status_code
        == 409
    )
    assert "评分已结束" in desk.get(f"/proposals/excellent/?year={items[0].year}").content.decode()


def test_the_quota_and_reply_classes_are_per_committee_settings(world, outsider):
    desk = world.client(Role.PROPOSAL_OFFICE)
    assert desk.get("/api/v1/proposals/settings").json() == {"excellent_quota_percent": 10, "four_class_replies": False}
    for bad in ({"excellent_quota_percent": 0, "four_class_replies": False}, {"excellent_quota_percent": 101}):
        assert desk.put("/api/v1/proposals/settings", bad, content_type=JSON).status_code == 400
    saved = desk.put(
        "/api/v1/proposals/settings", {"excellent_quota_percent": 50, "four_class_replies": True}, content_type=JSON
    )
    assert saved.status_code == 200
    _accepted(world, 4)
    assert honours.excellent_quota(world.committee.pk, today().year) == 2
    assert (
        outsider.client(Role.PROPOSAL_OFFICE).get("/api/v1/proposals/settings").json()["excellent_quota_percent"] == 10
    )
    assert world.client(Role.MEMBER).get("/api/v1/proposals/settings").status_code == 403
    assert (
        world.client(Role.LEADER)
        .put(
            "/api/v1/proposals/settings", {"excellent_quota_percent": 5, "four_class_replies": False}, content_type=JSON
        )
        .status_code
        == 403
    )
    page = desk.post("/proposals/manage/settings/", {"excellent_quota_percent": "abc"})
    assert "1%–100%" in page.content.decode()
    assert rules.settings_for(world.committee).excellent_quota_percent == 50
    assert world.client(Role.MEMBER).get("/proposals/manage/settings/").status_code == 403


def _reply(world, grade: str):
    item, _assignment = assigned(world)
    return world.client(Role.HANDLING_UNIT).post(
        f"/api/v1/proposals/{item.pk}/replies",
        {"grade": grade, "content": "已列入规划。", "contact_mode": "phone", "contacted_on": str(today())},
        content_type=JSON,
    ), item


def test_class_d_only_with_the_four_class_option_and_statistics_show_it(world):
    unit_of(world)
    refused, item = _reply(world, "D")
    assert refused.status_code == 400 and "A、B、C" in refused.json()["error"]["message"]
    assert not Reply.objects.exists()
    rules.save_settings(world.committee, excellent_quota_percent=10, four_class_replies=True, actor=office(world))
    page = world.client(Role.HANDLING_UNIT).get(reverse("proposals:unit_detail", args=[item.pk])).content.decode()
    assert "D类：因条件限制留作参考" in page and "B类：正在解决或已启动" in page
    done, item = _reply(world, "D")
    assert done.status_code == 201
    handling.approve_reply(Reply.objects.get(), actor=office(world))
    grades = dict(statistics(today().year)["grades"])
    assert grades["D类：因条件限制留作参考（已解释）"] == 1
    with pytest.raises(Conflict, match="D 类"):
        rules.save_settings(world.committee, excellent_quota_percent=10, four_class_replies=False, actor=office(world))


def test_the_lists_cost_the_same_for_many_rows(world, django_assert_max_num_queries):
    leader = world.users[Role.LEADER]
    for item in _accepted(world, 2):
        key_proposal(world, item, user_ids=(leader.pk,))
        honours.score(_candidate(world, item, "excellent"), reviewer=leader, value=80)
    desk, mine = world.client(Role.PROPOSAL_OFFICE), world.client(Role.LEADER)
    urls = ["/proposals/key/", "/proposals/excellent/", "/api/v1/proposals/honours"]
    counts = {}
    for client in (desk, mine):
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts[(client is desk, url)] = len(ctx)
    for item in _accepted(world, 6):
        key_proposal(world, item, user_ids=(leader.pk,))
        honours.score(_candidate(world, item, "excellent"), reviewer=leader, value=70)
    for client in (desk, mine):
        for url in urls:
            with django_assert_max_num_queries(counts[(client is desk, url)]):
                assert client.get(url).status_code == 200
    assert max(counts.values()) <= 30


def test_two_leaders_of_one_name_are_told_apart(world):
    (item,) = _accepted(world)
    honour = key_proposal(world, item, names=())
    twins = [make_user(world.committee, Role.LEADER, display_name="张" * 50) for _ in range(2)]
    honours.set_supervisors(honour, user_ids=[u.pk for u in twins], names=["张" * 50], actor=office(world))
    names = list(honour.supervisors.values_list("name", flat=True))
    assert len(names) == 2 and len(set(names)) == 2 and all(len(n) <= 50 for n in names)
