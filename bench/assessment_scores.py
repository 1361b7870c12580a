"""Scoring a province-scale year: score_committee() beside the bare SQL aggregate over the same rows (goal ≤ 1.5×).

    .venv/bin/python bench/assessment_scores.py [--members 50000] [--rows 5000000] [--repeat 3] [--sqlite-only]

Builds its own committee in a scratch database: `--members` members (bulk rows: scoring reads memberships, not
profiles) and `--rows` ledger rows in one year with a realistic mix of kinds and roles, written with the database's
bulk path (executemany on SQLite, COPY on PostgreSQL). It then times, best of `--repeat`:
- bare: the year's counting rows grouped by member, kind and role in plain SQL, fetched (the least any scoring
  must read: the rules pay by kind and role), and, for reference, grouped by member alone;
- score: `score_committee()` — that aggregate through the ORM, folded through the default rules, banded, ranked.
Run on SQLite, then on PostgreSQL (a scratch database on BENCH_PG_URL, default the local server) unless
--sqlite-only or the server is unreachable. One member's archive PDF is timed by bench/archive_pdf.py.
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import scale

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/lvzhi_bench_assessment")
YEAR = 2026

# (kind, role, weight): a member's year is mostly meetings and activities, then proposals and opinions.
MIX = [
    ("plenary", "present", 6),
    ("plenary", "excused", 1),
    ("plenary", "absent", 1),
    ("research", "present", 10),
    ("inspection", "present", 8),
    ("study", "present", 14),
    ("study", "excused", 3),
    ("committee_meeting", "present", 10),
    ("sector_activity", "present", 9),
    ("activity_day", "absent", 2),
    ("consultation", "late", 2),
    ("proposal", "first_proposer", 4),
    ("proposal", "cosigner", 6),
    ("key_proposal", "first_proposer", 1),
    ("opinion", "submitter", 5),
    ("opinion", "adopted_own", 2),
    ("opinion", "adopted_province", 1),
    ("contact", "participant", 8),
    ("public_service", "participant", 4),
    ("media", "lead_author", 2),
    ("speech", "speaker", 1),
]


def build(members: int, rows: int):
    """The bench committee, its members and the year's ledger, written once per database."""
    from django.db import connection, transaction
    from django_scopes import scopes_disabled

    from lvzhi.core.models import Committee
    from lvzhi.ledger.models import DutyRecord
    from lvzhi.org.models import Member, Membership, Sector, Term
    from lvzhi.org.services.members import create_committee

    code = f"score-{members}"
    with scopes_disabled():
        committee = Committee.objects.filter(code=code).first()
        if committee is not None and DutyRecord.objects.filter(committee=committee).count() >= rows:
            return committee
        if committee is None:
            committee = create_committee(
                code=code,
                name=f"基准省政协（{members}人）",
                level="province",
                parent=None,
                term_start_year=2023,
                actor=None,
            )
        term = Term.objects.get(committee=committee)
        sectors = list(Sector.objects.filter(term=term).values_list("pk", flat=True))
        started = time.perf_counter()
        with transaction.atomic():
            Member.objects.bulk_create(
                (Member(committee=committee, name=f"委员{i:05d}", gender="male") for i in range(members)),
                batch_size=5000,
            )
            ids = list(Member.objects.filter(committee=committee).values_list("pk", flat=True))
            Membership.objects.bulk_create(
                (
                    Membership(
                        committee=committee,
                        member_id=pk,
                        term=term,
                        sector_id=sectors[i % len(sectors)],
                        is_standing_member=i % 12 == 0,
                        joined_on=datetime.date(2023, 1, 1) if i % 50 else datetime.date(YEAR, 7, 1),
                    )
                    for i, pk in enumerate(ids)
                ),
                batch_size=5000,
            )
        print(f"  {members:,} members in {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        _ledger(connection, committee.pk, term.pk, ids, rows)
        print(f"  {rows:,} ledger rows in {time.perf_counter() - started:.1f} s", flush=True)
    return committee


def _ledger(connection, committee_id: int, term_id: int, member_ids: list[int], rows: int) -> None:
    rng = random.Random(YEAR)
    kinds = [(k, r) for k, r, w in MIX for _ in range(w)]
    now = datetime.datetime(YEAR, 12, 31, tzinfo=datetime.UTC)
    columns = (
        "committee_id, member_id, term_id, year, kind, role, title, event_date, source_type, recorded_by_dept, "
        "status, evidence, evidence_file, note, review_note, self_reported, void_reason, created_at"
    )

    def batch(start: int, stop: int):
        for n in range(start, stop):
            kind, role = kinds[rng.randrange(len(kinds))]
            day = datetime.date(YEAR, 1 + n % 12, 1 + n % 28)
            yield (
                committee_id,
                member_ids[n % len(member_ids)],
                term_id,
                YEAR,
                kind,
                role,
                "事项",
                day,
                "",
                "",
                "confirmed",
                "",
                "",
                "",
                "",
                False,
                "",
                now,
            )

    step = 200_000
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY core_dutyrecord ({columns}) FROM STDIN") as copy:
                for n in range(0, rows, step):
                    for row in batch(n, min(rows, n + step)):
                        copy.write_row(row)
            cursor.execute("ANALYZE core_dutyrecord")
        else:
            # sqlite3's own executemany (Django's cursor wrapper rewrites every row's parameters), one transaction
            # per batch: Django runs the connection in autocommit, where each row would be a transaction.
            raw = connection.connection
            marks = ", ".join(["?"] * 18)
            for n in range(0, rows, step):
                raw.execute("BEGIN")
                raw.executemany(
                    f"INSERT INTO core_dutyrecord ({columns}) VALUES ({marks})",
                    [(*r[:7], r[7].isoformat(), *r[8:17], r[17].isoformat()) for r in batch(n, min(rows, n + step))],
                )
                raw.execute("COMMIT")
            cursor.execute("ANALYZE")


def best_of(repeat: int, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def measure(members: int, rows: int, repeat: int) -> None:
    from django.db import connection
    from django_scopes import scopes_disabled

    from lvzhi.assessment import rules as R
    from lvzhi.assessment.scoring import score_committee

    committee = build(members, rows)

    def bare(columns: str):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {columns}, COUNT(*) FROM core_dutyrecord WHERE committee_id = %s AND year = %s "
                    f"AND status IN ('confirmed', 'disputed') GROUP BY {columns}",
                    [committee.pk, YEAR],
                )
                return cursor.fetchall()

        return run

    with scopes_disabled():
        member_s, by_member = best_of(repeat, bare("member_id"))
        bare_s, grouped = best_of(repeat, bare("member_id, kind, role"))
        score_s, scores = best_of(repeat, lambda: score_committee(committee, YEAR, R.DEFAULT))
    ranked = sum(1 for s in scores if s.rank)
    print(
        f"  {connection.vendor}: bare aggregates: per member {member_s:.2f} s ({len(by_member):,} rows), "
        f"per member, kind and role {bare_s:.2f} s ({len(grouped):,} rows)\n"
        f"  {connection.vendor}: score_committee {score_s:.2f} s ({len(scores):,} members, {ranked:,} ranked) "
        f"= {score_s / bare_s:.2f}× the per-(member, kind, role) aggregate (goal ≤ 1.5×), "
        f"{score_s / member_s:.2f}× the per-member count; load {scale.load()}",
        flush=True,
    )


def postgres_reachable() -> bool:
    import psycopg

    base = PG_URL.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=3) as conn:
            name = PG_URL.rsplit("/", 1)[1]
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        print(f"  PostgreSQL at {base} unreachable ({error.__class__.__name__}): skipped")
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)  # one database, this process
    args = parser.parse_args()
    if args.here:
        scale.setup()
        measure(args.members, args.rows, args.repeat)
        return
    passes = [dict(os.environ, BENCH_DATABASE_URL="")]
    if not args.sqlite_only and postgres_reachable():
        passes.append(dict(os.environ, BENCH_DATABASE_URL=PG_URL))
    for env in passes:
        command = [sys.executable, str(Path(__file__)), "--here", f"--members={args.members}"]
        command += [f"--rows={args.rows}", f"--repeat={args.repeat}"]
        subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
