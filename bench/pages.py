"""Daily screens and API lists against the bare Django list page, over HTTP, in one run.

    .venv/bin/python bench/pages.py [--members 5000] [--reports 3000] [--seconds 3] [--only proposals]

Lvzhi is served as `make run` serves it (bench/served.py) on the scratch database holding the demo committee
and the scale committee (with `--reports` 社情民意 reports on top of its demo year, and 5,000 proposals for the
proposal lists, see `proposals`); each screen is loaded with wrk (32 connections) as the user who uses it, and the
bare reference of ../shared/perf/page_ratio.py is loaded between them. Prints req/s, p99 and the ratio to the best
bare figure of the run; the goal is a ratio of at least 0.7 and a p99 under 150 ms. The targets are grouped by app
(`--only GROUP` loads one group: daily, proposals, opinions).
"""

import argparse
import os
import shutil
from typing import Any

import scale
import served

GOAL_RATIO = 0.7
GOAL_P99_MS = 150
# Eight years of a large committee's proposals; this year's in every state of the workflow.
PROPOSALS = 5000
THIS_YEAR_SHARE = 5  # one in five is this year's
LIVELY = ["submitted", "returned", "accepted", "not_accepted", "assigned", "replied", "closed"]


def proposals(committee: Any, count: int = PROPOSALS) -> None:
    """The committee's proposals for the list screens, built once: realistic text (proposals_similar), one in
    five of this year in every state, every handled one assigned to one of the handling units, one in three
    with a confirmed co-signer, and the demo member (weiyuan) the lead proposer of one in a hundred."""
    import datetime

    import proposals_similar
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from lvzhi.org.models import HandlingUnit, Member
    from lvzhi.proposals.models import Assignment, Cosigner, Proposal

    with scopes_disabled():
        if Assignment.objects.filter(committee=committee).count() >= count // 2:
            return
        proposals_similar.build(committee, count)
        year = timezone.localdate().year
        units = list(HandlingUnit.objects.filter(committee=committee).order_by("pk"))
        me = Member.objects.get(committee=committee, user__username=f"{committee.code}-weiyuan")
        others = list(Member.objects.filter(committee=committee).exclude(pk=me.pk).order_by("pk")[:500])
        history = Proposal.objects.filter(committee=committee, status="closed", assignments__isnull=True)
        rows = list(history.order_by("pk")[:count])
        numbers = 1000  # clear of the numbers the demo's own proposals of this year took
        assignments, cosigners = [], []
        for n, proposal in enumerate(rows):
            if n % THIS_YEAR_SHARE == 0:
                proposal.year, proposal.status = year, LIVELY[(n // THIS_YEAR_SHARE) % len(LIVELY)]
            if n % 100 == 0:
                proposal.lead = me
            if proposal.status in ("accepted", "assigned", "replied", "closed"):
                numbers += 1
                proposal.number = numbers if proposal.year == year else n + 1
            if proposal.status in ("assigned", "replied", "closed"):
                due = datetime.date(proposal.year, 9, 30)
                unit = units[n % len(units)]
                assignments.append(
                    Assignment(committee=committee, proposal=proposal, unit=unit, role="sole", due_date=due)
                )
            if n % 3 == 0:
                cosigner = others[n % len(others)]
                if cosigner.pk != proposal.lead_id:
                    cosigners.append(
                        Cosigner(committee=committee, proposal=proposal, member=cosigner, status="confirmed")
                    )
            proposal.submitted_at = timezone.now() - datetime.timedelta(days=365 * (year - proposal.year), minutes=n)
        Proposal.objects.bulk_update(rows, ["year", "status", "lead", "number", "submitted_at"], batch_size=500)
        Assignment.objects.bulk_create(assignments, batch_size=1000)
        Cosigner.objects.bulk_create(cosigners, batch_size=1000)


def targets(code: str, prefix: str) -> list[tuple[str, str, str, str]]:
    """(group, kind, user, path) for each screen and API list, with ids picked from the committee's own data."""
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from lvzhi.activities.models import Activity
    from lvzhi.core.models import Committee
    from lvzhi.org.models import Membership

    with scopes_disabled():
        committee = Committee.objects.get(code=code)
        member_id = (
            Membership.objects.filter(committee=committee, term__is_current=True, status="active")
            .order_by("number")
            .values_list("member_id", flat=True)
            .first()
        )
        activity_id = (
            Activity.objects.filter(committee=committee)
            .annotate(n=Count("registrations"))
            .order_by("-n", "-id")
            .values_list("id", flat=True)
            .first()
        )
    member, staff, admin = f"{prefix}weiyuan", f"{prefix}lianluo", f"{prefix}admin"
    office, unit, info, leader = f"{prefix}tianban", f"{prefix}chengban", f"{prefix}xinxi", f"{prefix}lingdao"
    daily = [
        ("page", member, "/me/"),
        ("page", member, "/activities/menu/"),
        ("page", member, "/activities/mine/"),
        ("page", member, "/ledger/"),
        ("page", member, "/inbox/"),
        ("page", staff, "/org/members/"),
        ("page", staff, f"/org/members/{member_id}/"),
        ("page", staff, "/activities/manage/"),
        ("page", staff, f"/activities/manage/{activity_id}/roster/"),
        ("page", staff, "/activities/approvals/leave/"),
        ("page", staff, "/stats/activities/"),
        ("api", staff, "/api/v1/members?page_size=50"),
        ("api", member, "/api/v1/activities"),
        ("api", staff, "/api/v1/activities"),
        ("api", staff, f"/api/v1/activities/{activity_id}/registrations"),
        ("api", staff, "/api/v1/leave-requests"),
        ("api", staff, "/api/v1/duty-records"),
        ("api", staff, f"/api/v1/members/{member_id}/duty-records"),
        ("api", member, "/api/v1/me/notifications"),
        ("api", staff, "/api/v1/stats/activities"),
        ("api", member, "/api/v1/plans"),
        ("api", admin, "/api/v1/users"),
    ]
    # 提案 (issue 10): the member's own, the office's queue and its whole list, a unit's, key and excellent.
    proposals = [
        ("page", member, "/proposals/mine/"),
        ("page", office, "/proposals/manage/"),
        ("page", office, "/proposals/manage/?status=all"),
        ("page", unit, "/proposals/unit/"),
        ("page", office, "/proposals/key/"),
        ("page", office, "/proposals/excellent/"),
        ("page", leader, "/proposals/key/"),
        ("page", leader, "/proposals/excellent/"),
        ("api", office, "/api/v1/proposals/honours"),
        ("api", member, "/api/v1/proposals"),
        ("api", office, "/api/v1/proposals"),
        ("api", unit, "/api/v1/proposals"),
    ]
    # 社情民意 (issue 11): the information office's desk over every status, the bulletin issues, a member's own.
    opinions = [
        ("page", info, "/opinions/desk/?status=all"),
        ("page", info, "/opinions/bulletins/"),
        ("page", member, "/opinions/mine/"),
        ("api", info, "/api/v1/opinions?page_size=50"),
    ]
    groups = {"daily": daily, "proposals": proposals, "opinions": opinions}
    return [(group, *t) for group, rows in groups.items() for t in rows]


GROUPS = ("daily", "proposals", "opinions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--reports", type=int, default=3000, help="社情民意 reports in the scale committee")
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration per target")
    parser.add_argument("--only", choices=GROUPS, help="load one group of targets")
    args = parser.parse_args()
    scale.setup()
    scale.opinions(scale.committee(args.members), args.reports)
    proposals(scale.committee(args.members))
    from django_scopes import scopes_disabled

    from lvzhi.core.models import Committee
    from lvzhi.demo.steps import load_demo

    with scopes_disabled():
        if not Committee.objects.filter(code="demo-city").exists():
            load_demo(force=True)  # the demo's published passwords in a scratch database only
    committees = [("demo-city", "", "demo size"), (f"bench-{args.members}", f"bench-{args.members}-", "")]
    tool = served.page_ratio()
    # The bare reference's port: page_ratio's own unless BENCH_BARE_PORT says otherwise (two benches at once).
    tool.BARE_PORT = int(os.environ.get("BENCH_BARE_PORT", tool.BARE_PORT))
    bare_url = f"http://127.0.0.1:{tool.BARE_PORT}/list"
    bare_runs: list[tuple[float, float, int]] = []
    results: list[tuple[str, str, list[tuple[str, tuple[float, float, int]]]]] = []
    bare_proc, bare_tmp = tool.start_bare(served.python())
    try:
        with served.server() as url:
            bare_runs.append(tool.wrk(bare_url, [], args.seconds))
            for code, prefix, label in committees:
                rows: list[tuple[str, tuple[float, float, int]]] = []
                headers: dict[tuple[str, str], list[str]] = {}
                for group, kind, user, path in targets(code, prefix):
                    if args.only and group != args.only:
                        continue
                    if (kind, user) not in headers:
                        if kind == "page":
                            headers[kind, user] = ["Cookie: " + tool.session_cookie(url, user, "Lvzhi@2026")]
                        else:
                            token = tool.api_token(url, user, "Lvzhi@2026")
                            headers[kind, user] = [f"Authorization: Bearer {token}", f"X-Committee: {code}"]
                    rows.append((f"{path} as {user}", tool.wrk(url + path, headers[kind, user], args.seconds)))
                bare_runs.append(tool.wrk(bare_url, [], args.seconds))
                results.append((code, label, rows))
    finally:
        os.killpg(bare_proc.pid, 15)
        shutil.rmtree(bare_tmp, ignore_errors=True)
    report(bare_runs, results, args.seconds)


def report(bare_runs: list[tuple[float, float, int]], results: list[Any], seconds: int) -> None:
    bare = max(r[0] for r in bare_runs)
    print(f"Screens and API lists, wrk 32 connections × {seconds} s each (load {scale.load()})")
    print(f"bare list page: {bare:.0f} req/s (best of {len(bare_runs)}), p99 {min(r[1] for r in bare_runs):.0f} ms")
    width = 62
    for code, label, rows in results:
        print(f"\n{code} {label}".rstrip())
        print(f"{'target':<{width}} {'req/s':>7} {'p99 ms':>7} {'x bare':>7} {'non-2xx':>8}  goal")
        for name, (rps, p99, bad) in rows:
            met = "ok" if rps / bare >= GOAL_RATIO and p99 < GOAL_P99_MS and not bad else "MISSED"
            print(f"{name:<{width}} {rps:>7.0f} {p99:>7.0f} {rps / bare:>7.2f} {bad:>8}  {met}")


if __name__ == "__main__":
    main()
