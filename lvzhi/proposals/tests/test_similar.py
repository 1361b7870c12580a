"""The similar-proposal check: segmented once when saved, ranked by BM25, shown beside the draft and via the API."""

import random
import re

import jieba
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.proposals import services
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.similarity import segment, terms_of
from lvzhi.proposals.tests.factories import ELEVATOR, PARKING, draft_by, proposal


def test_segmenting_drops_stopwords_and_single_characters():
    words = segment("关于加快老旧小区加装电梯的建议")
    assert "电梯" in words and "关于" not in words and "的" not in words and "建议" not in words


def test_saved_terms_favour_the_title():
    terms, total = terms_of(*ELEVATOR)
    assert terms["电梯"] >= 3 and total > len(terms)


def test_the_closest_proposal_comes_first(world, outsider):
    near = proposal(world, text=("关于老旧小区电梯加装补贴的建议", "对老旧小区加装电梯给予补贴，加快审批。"))
    proposal(world, text=PARKING)
    draft_by(world, text=("关于老旧小区加装电梯的提案草稿", "这是别人的草稿，不应出现在结果里。"))
    proposal(outsider, lead=outsider.member)  # another committee's proposal is never found
    response = world.client(Role.MEMBER).get("/api/v1/proposals/similar", {"text": "老旧小区加装电梯难"})
    items = response.json()["items"]
    assert [i["id"] for i in items][:1] == [near.pk]
    assert {i["title"] for i in items} <= {near.title, PARKING[0]}


def test_an_update_replaces_the_old_text_in_the_index(world):
    item = proposal(world)
    services.return_for_revision(item, actor=world.users[Role.PROPOSAL_OFFICE], note="请改写")
    client = world.client(Role.MEMBER)
    assert client.get("/api/v1/proposals/similar", {"text": "加装电梯"}).json()["count"] == 1
    services.save_draft(
        item, data={"title": "关于发展夜间经济的建议", "content": "夜市 夜间经济 消费"}, actor=item.lead.user
    )
    assert client.get("/api/v1/proposals/similar", {"text": "加装电梯"}).json()["count"] == 0
    assert client.get("/api/v1/proposals/similar", {"text": "夜间经济"}).json()["count"] == 1


def test_the_draft_page_fragment_updates_as_the_member_types(world):
    earlier = proposal(world)
    mine = draft_by(world, text=("", ""))
    response = world.client(Role.MEMBER).get(
        reverse("proposals:similar"), {"title": "电梯", "content": "老旧小区加装", "exclude": mine.pk}
    )
    assert earlier.title in response.content.decode()


def test_a_handling_unit_finds_nothing_it_was_not_given(world):
    proposal(world)
    response = world.client(Role.HANDLING_UNIT).get("/api/v1/proposals/similar", {"text": "老旧小区加装电梯"})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_empty_or_punctuation_only_text_finds_nothing(world):
    proposal(world)
    client = world.client(Role.MEMBER)
    assert client.get("/api/v1/proposals/similar", {"text": ""}).json()["count"] == 0
    assert client.get("/api/v1/proposals/similar", {"text": "，。！"}).json()["count"] == 0


def test_a_near_duplicate_finds_its_original_among_many_decoys(world):
    """Hundreds of proposals share the original's words here and there; the reworded copy still finds it first."""
    original = proposal(world)
    jieba.initialize()
    words = [w for w, f in jieba.dt.FREQ.items() if 50 <= f <= 5000 and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)]
    shared = ["老旧小区", "加装", "电梯", "审批", "补贴", "居民", "街道", "社区", "补偿", "上下楼"]
    rng = random.Random(3)
    decoys = []
    for n in range(400):
        matter = rng.sample(words, 12)
        # Every decoy uses one of the original's words; a few, on nearby matters, use four.
        body = rng.choices(matter, k=40) + rng.sample(shared, 4 if n < 20 else 1)
        rng.shuffle(body)
        title, content = f"关于{''.join(matter[:2])}的建议", "，".join(body) + "。"
        terms, total = terms_of(title, content)
        decoys.append(
            Proposal(
                committee=world.committee,
                term=world.term,
                year=2020 + n % 6,
                lead=world.member,
                title=title,
                content=content,
                category="society",
                status=Proposal.Status.CLOSED,
                terms=terms,
                term_total=total,
                indexed_at=timezone.now(),
            )
        )
    Proposal.objects.bulk_create(decoys)
    reworded = (
        "老旧小区加装电梯审批难、补贴少的问题\n"
        "上世纪九十年代建成的老旧小区大多没有电梯，老人上下楼难。"
        "请简化加装电梯的审批流程，设专项资金补贴，定出低层住户的补偿办法，社区牵头协调。"
    )
    response = world.client(Role.MEMBER).get("/api/v1/proposals/similar", {"text": reworded})
    items = response.json()["items"]
    assert items[0]["id"] == original.pk and len(items) == 5  # the decoys do compete


def test_proposals_deleted_after_indexing_do_not_hide_the_others(world):
    kept = proposal(world, text=("关于老旧小区电梯补贴的建议", "老旧小区 电梯 补贴"))
    doomed = [proposal(world) for _ in range(6)]
    client = world.client(Role.MEMBER)
    assert kept.pk not in [
        i["id"] for i in client.get("/api/v1/proposals/similar", {"text": ELEVATOR[1]}).json()["items"]
    ]
    Proposal.objects.filter(pk__in=[p.pk for p in doomed]).delete()
    items = client.get("/api/v1/proposals/similar", {"text": ELEVATOR[1]}).json()["items"]
    assert [i["id"] for i in items] == [kept.pk]
