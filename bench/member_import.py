"""Member import: time to check and import a 5,000-row .xlsx through lvzhi.org.importer.

    .venv/bin/python bench/member_import.py [--members 5000]

The file is the staff directory export of the scale committee (the importer reads the same columns),
imported into a new, empty committee: a dry run, the import itself, then the same file again, which
must create nothing.
"""

import argparse
import time

import scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    args = parser.parse_args()
    scale.setup()
    source = scale.committee(args.members)

    from django_scopes import scope, scopes_disabled

    from lvzhi.core.models import Committee
    from lvzhi.org.export import directory_workbook
    from lvzhi.org.importer import import_members
    from lvzhi.org.models import Membership
    from lvzhi.org.services import members as services

    with scope(committee=source):
        rows = (
            Membership.objects.filter(term=services.current_term(source))
            .select_related("member", "sector", "station")
            .prefetch_related("group_seats__group", "special_committee_seats__special_committee")
            .order_by("number")
        )
        started = time.perf_counter()
        data = directory_workbook(rows, include_sensitive=True)
        exported = time.perf_counter() - started
    with scopes_disabled():  # creating a committee is work above any one committee's scope
        code = f"bench-import-{Committee.objects.filter(code__startswith='bench-import-').count() + 1}"
        target = services.create_committee(
            code=code, name="导入基准政协", level="city", parent=None, term_start_year=2022, actor=None
        )
    size = len(data) / 1024
    print(f"Member import, {args.members}-row .xlsx ({size:.0f} KB, exported in {exported:.1f} s; load {scale.load()})")
    print(f"{'step':<34} {'seconds':>8} {'cpu s':>7} {'created':>8} {'updated':>8} {'errors':>7}")
    steps = [
        ("dry run (check only)", True),
        ("import into an empty committee", False),
        ("the same file again", False),
    ]
    with scope(committee=target):
        for label, dry_run in steps:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = import_members(data, committee=target, actor=None, dry_run=dry_run, filename="bench.xlsx")
            seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
            counts = f"{result.created:>8} {result.updated:>8} {len(result.errors):>7}"
            print(f"{label:<34} {seconds:>8.2f} {cpu:>7.2f} {counts}")
            for problem in result.errors[:3]:
                print(f"    {problem.message}")


if __name__ == "__main__":
    main()
