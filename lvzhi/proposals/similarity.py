"""Similar proposals (DOMAIN.md §7): jieba segments a text once when it is saved; BM25 ranks against an index.

A proposal's terms are kept on its row (`terms`, `term_total`, `indexed_at`). Each process keeps one inverted
index per committee in memory, built from those columns on first use and brought up to date from the rows
indexed since (a cheap max(indexed_at) check per query), so a query costs only its own segmentation and the
postings of its rarest terms.
"""

import heapq
import logging
import math
import re
import threading
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import jieba
from django.db.models import Max, QuerySet

from lvzhi.proposals.models import Proposal

jieba.setLogLevel(logging.WARNING)

# Terms kept per proposal: the most frequent ones (title terms always). Enough to find a near-duplicate,
# small enough that 100,000 proposals fit in a process's memory.
TERMS_KEPT = 48
# The query uses the title and the start of the body: where the matter is named. Longer text costs
# segmentation time without changing which proposals come first.
QUERY_CHARS = 400
QUERY_TERMS = 16
# A term found in more than this share of proposals hardly tells them apart (its IDF is near the floor), and
# walking its postings would cost most of the query: skip it, and stop once the postings read reach a budget.
COMMON_SHARE = 0.02
POSTINGS_BUDGET = 30_000
K1, B = 1.2, 0.75
# Words every proposal uses (关于, 建议, 我市 …): they do not tell one matter from another.
_STOPWORD_TEXT = """
关于 建议 进一步 加强 推进 推动 加快 工作 问题 我市 我区 我县 全市 目前 当前 存在 一些 相关
有关 部门 政府 进行 开展 实施 提高 提升 完善 建立 健全 做好 以及 通过 没有 需要 应该 可以
能够 逐步 不断 切实 积极 主要 方面 情况 对策 措施 提案 同时 其中 我们 他们 这些 那些 一是
二是 三是 四是 五是 因此 但是 如果 由于 已经 还是 这个 一个 方式 作为 对于 进而 并且 或者
等等 其他 各类 有效
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z][A-Za-z0-9]{1,}")


def segment(text: str, *, hmm: bool = True) -> list[str]:
    """The meaningful words of a text: Chinese words of two or more characters and Latin words, no stopwords."""
    return [w.lower() for w in jieba.cut(text, HMM=hmm) if _WORD.fullmatch(w) and w not in STOPWORDS]


def terms_of(title: str, content: str) -> tuple[dict[str, int], int]:
    """What a saved proposal keeps: its most frequent terms (title terms counted twice) and its length in terms."""
    title_words = segment(title)
    words = segment(content)
    counts = Counter(words)
    for w in title_words:
        counts[w] += 2
    kept = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS_KEPT])
    for w in title_words:
        kept[w] = counts[w]
    return kept, len(words) + 2 * len(title_words)


@dataclass
class Index:
    """One committee's inverted index: term → (slots, BM25 term weights). Slots are append-only: a proposal
    whose text changed gets a new slot and its old one is skipped, so an update never rebuilds the index."""

    postings: dict[str, tuple[array, array]] = field(default_factory=dict)
    doc_ids: array = field(default_factory=lambda: array("q"))
    slot: dict[int, int] = field(default_factory=dict)
    dead: set[int] = field(default_factory=set)
    average: float = 0.0
    stamp: datetime | None = None

    @property
    def size(self) -> int:
        return len(self.doc_ids) - len(self.dead)

    def add(self, rows: list[tuple[int, dict[str, int], int]]) -> None:
        if not self.average and rows:
            # Document lengths are normalised by the first load's average; a later proposal hardly moves it.
            self.average = (sum(total for _pk, _terms, total in rows) / len(rows)) or 1.0
        for pk, terms, total in rows:
            old = self.slot.get(pk)
            if old is not None:
                self.dead.add(old)
            n = len(self.doc_ids)
            self.doc_ids.append(pk)
            self.slot[pk] = n
            norm = K1 * (1 - B + B * total / self.average)
            for term, tf in terms.items():
                docs = self.postings.get(term)
                if docs is None:
                    docs = self.postings[term] = (array("i"), array("f"))
                docs[0].append(n)
                docs[1].append(tf * (K1 + 1) / (tf + norm))

    def forget(self, pks: set[int]) -> None:
        for pk in pks:
            slot = self.slot.pop(pk, None)
            if slot is not None:
                self.dead.add(slot)

    def search(self, words: list[str], *, limit: int, exclude: frozenset[int] = frozenset()) -> list[tuple[int, float]]:
        n_docs = self.size
        if not n_docs:
            return []
        excluded = self.dead | {self.slot[pk] for pk in exclude if pk in self.slot}
        weighted = []
        for term in set(words):
            docs = self.postings.get(term)
            if docs is None:
                continue
            df = len(docs[0])
            if df <= len(excluded) and excluded.issuperset(docs[0]):
                continue  # found only in the proposal asked about (or in texts replaced since): says nothing
            weighted.append((math.log(1 + (n_docs - df + 0.5) / (df + 0.5)), docs))
        # The rarest terms say most; the commonest add long postings and little else.
        weighted.sort(key=lambda item: -item[0])
        scores: dict[int, float] = {}
        get = scores.get
        common = max(50, int(n_docs * COMMON_SHARE))
        budget = POSTINGS_BUDGET
        for idf, (slots, weights) in weighted[:QUERY_TERMS]:
            if len(slots) > common or len(slots) > budget:
                continue
            budget -= len(slots)
            for slot, weight in zip(slots, weights, strict=True):
                scores[slot] = get(slot, 0.0) + idf * weight
        for slot in excluded:
            scores.pop(slot, None)
        best = heapq.nlargest(limit, scores.items(), key=lambda kv: kv[1])
        return [(self.doc_ids[slot], score) for slot, score in best]


_indexes: dict[int, Index] = {}
_lock = threading.Lock()


def indexed(committee_id: int) -> QuerySet[Proposal]:
    """The proposals the index holds: every one that left the drafts (a draft is its author's alone, and has
    no `indexed_at` until it is submitted)."""
    return Proposal.objects.filter(committee_id=committee_id, indexed_at__isnull=False)


def index_for(committee_id: int) -> Index:
    rows = indexed(committee_id)
    latest = rows.aggregate(at=Max("indexed_at"))["at"]
    with _lock:
        index = _indexes.setdefault(committee_id, Index())
        if latest is not None and (index.stamp is None or latest > index.stamp):
            if index.stamp is not None:
                rows = rows.filter(indexed_at__gt=index.stamp)
            index.add(list(rows.order_by("pk").values_list("pk", "terms", "term_total")))
            index.stamp = latest
        return index


def forget(committee_id: int, pks: set[int]) -> None:
    """Drop proposals that no longer exist from this process's index of the committee."""
    with _lock:
        index = _indexes.get(committee_id)
        if index is not None:
            index.forget(pks)


def similar_ids(
    committee_id: int, text: str, *, limit: int = 8, exclude: frozenset[int] = frozenset()
) -> list[tuple[int, float]]:
    """(proposal id, score) of the committee's proposals most like `text`, best first."""
    words = segment(text[:QUERY_CHARS], hmm=False)
    if not words:
        return []
    return index_for(committee_id).search(words, limit=limit, exclude=exclude)


def similar_to_terms(
    committee_id: int, terms: dict[str, int], *, limit: int = 8, exclude: frozenset[int] = frozenset()
) -> list[tuple[int, float]]:
    """The same for a saved proposal, from its stored terms: no segmentation at all."""
    return index_for(committee_id).search(list(terms), limit=limit, exclude=exclude)
