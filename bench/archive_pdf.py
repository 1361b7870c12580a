"""One member's archive (一人一档) as a PDF, a workbook and JSON: milliseconds (median, max) and queries per request.

    .venv/bin/python bench/archive_pdf.py [--members 5000] [--rows 150] [--repeat 10]

The demo member of the scale committee (bench/scale.py) gets `--rows` more ledger lines in every year of the term
so far, a very busy member's five years; requests go through Django's test client (middleware, tenancy, the API).
"""

import argparse
import datetime
import statistics
import time

import scale


def add_rows(committee, member, per_year: int) -> int:
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from lvzhi.ledger.models import DutyRecord
    from lvzhi.ledger.services import DutyEntry, record_duties

    kinds = (("research", "present"), ("proposal", "first_proposer"), ("opinion", "submitter"), ("study", "present"))
    with scopes_disabled():
        term = member.memberships.order_by("-term__start_year").first().term
        for year in range(term.start_year, min(term.end_year, timezone.localdate().year) + 1):
            have = DutyRecord.objects.filter(member=member, year=year, title__startswith="基准").count()
            entries = [
                DutyEntry(
                    member,
                    *kinds[i % len(kinds)],
                    datetime.date(year, 1 + i % 12, 1 + i % 28),
                    f"基准履职事项：关于第{i}项民生实事的专题调研与建议",
                )
                for i in range(have, per_year)
            ]
            record_duties(committee=committee, entries=entries, recorded_by=None)
        return DutyRecord.objects.filter(member=member).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    scale.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from lvzhi.core.models import User
    from lvzhi.org.models import Member

    committee = scale.committee(args.members)
    with scopes_disabled():
        member = Member.objects.get(committee=committee, user__username=f"{committee.code}-weiyuan")
        staff = User.objects.get(username=f"{committee.code}-lianluo")
    rows = add_rows(committee, member, args.rows)
    client = Client()
    client.force_login(staff)
    print(f"{member.name}: {rows} ledger lines over the term; load {scale.load()}")
    for suffix in (".pdf", ".xlsx", ""):
        url = f"/api/v1/members/{member.pk}/archive{suffix}"
        response = client.get(url)  # warm up
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:200]
        print(
            f"  archive{suffix or ' (JSON)'}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms, "
            f"{len(queries)} queries, {len(response.content) // 1024} KB"
        )


if __name__ == "__main__":
    main()
