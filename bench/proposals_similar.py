"""The similar-proposal check over 100,000 proposals: the time of one query as a member types.

    .venv/bin/python bench/proposals_similar.py [--proposals 100000] [--queries 300]

The proposals are ~900 characters each, written from jieba's dictionary (see Writer); their stored terms
are what saving would keep. Each query is a new draft's title and body, segmented and ranked exactly as
`GET /proposals/similar?text=` does. Prints the first query (which loads the committee's index into
the process) and the median and 95th percentile of the rest; the goal is p95 < 20 ms.
"""

import argparse
import itertools
import random
import statistics
import time
from collections import Counter

import scale

WORDS_PER_PROPOSAL = 330  # ≈ 900 characters
TOPIC_WORDS = 40
TOPIC_SHARE = 0.35  # the share of a proposal's words that name its own matter; the rest is ordinary language


class Writer:
    """Proposals from jieba's own dictionary: ordinary words by their corpus frequency (Zipf-like, as real
    text is), plus each proposal's matter, a few dozen less common words it keeps coming back to."""

    def __init__(self, seed: int) -> None:
        import re

        import jieba

        jieba.initialize()
        words = [(w, f) for w, f in jieba.dt.FREQ.items() if f >= 20 and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)]
        self.words = [w for w, _f in words]
        self.cumulative = list(itertools.accumulate(f for _w, f in words))
        self.rare = [w for w, f in words if 50 <= f <= 3000]
        self.rng = random.Random(seed)

    def write(self) -> tuple[str, str, list[str]]:
        rng = self.rng
        matter = rng.sample(self.rare, TOPIC_WORDS)
        ordinary = rng.choices(self.words, cum_weights=self.cumulative, k=WORDS_PER_PROPOSAL)
        words = [rng.choice(matter) if rng.random() < TOPIC_SHARE else w for w in ordinary]
        title = "关于" + "".join(matter[:3]) + "的建议"
        sentences = ["".join(words[i : i + 12]) for i in range(0, len(words), 12)]
        return title, "，".join(sentences) + "。", words


def build(committee, count: int) -> None:
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from lvzhi.org.models import Member, Term
    from lvzhi.proposals.models import Proposal
    from lvzhi.proposals.similarity import STOPWORDS, TERMS_KEPT, segment

    writer = Writer(seed=7)
    with scopes_disabled():
        have = Proposal.objects.filter(committee=committee).count()
        if have >= count:
            return
        term = Term.objects.filter(committee=committee).first()
        leads = list(Member.objects.filter(committee=committee)[:500])
        now = timezone.now()
        batch = []
        for n in range(have, count):
            title, content, words = writer.write()
            # The terms saving would store (jieba on 100,000 texts would take an hour; the words are known).
            terms = Counter(w for w in words if w not in STOPWORDS)
            for word in segment(title):
                terms[word] += 2
            batch.append(
                Proposal(
                    committee=committee,
                    term=term,
                    year=2018 + n % 8,
                    lead=leads[n % len(leads)],
                    title=title,
                    content=content,
                    category="society",
                    status=Proposal.Status.CLOSED,
                    terms=dict(terms.most_common(TERMS_KEPT)),
                    term_total=sum(terms.values()),
                    indexed_at=now,
                )
            )
            if len(batch) == 2000:
                Proposal.objects.bulk_create(batch)
                batch = []
        Proposal.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    scale.setup()
    from django_scopes import scopes_disabled

    from lvzhi.proposals.queries import similar

    committee = scale.committee()
    started = time.perf_counter()
    build(committee, args.proposals)
    print(f"{args.proposals:,} proposals ready in {time.perf_counter() - started:.0f} s", flush=True)

    writer = Writer(seed=11)
    texts = []
    for _ in range(args.queries + 1):
        title, content, _words = writer.write()
        texts.append(f"{title}\n{content}")
    with scopes_disabled():
        began = time.perf_counter()
        similar(committee.pk, text=texts[0])
        first = (time.perf_counter() - began) * 1000
        timings = []
        for text in texts[1:]:
            began = time.perf_counter()
            found = similar(committee.pk, text=text)
            timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"first query (loads the index): {first:.0f} ms")
    print(
        f"similar proposals over {args.proposals:,}: median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms (goal p95 < 20 ms), {len(found)} results"
    )


if __name__ == "__main__":
    main()
