"""The demo's yearly assessment: last year's ledger (recorded afterwards, 补录) frozen into its members' check,
so the office's year page, the members' 核对 and the dispute queue are not empty."""

import datetime
import random

from django.utils import timezone

from lvzhi.assessment.services import cycle, disputes
from lvzhi.core.models import Committee, User
from lvzhi.ledger.services import STAFF_DEPT, DutyEntry, record_duties
from lvzhi.org.demo.committees import DemoCommittee
from lvzhi.org.models import Membership

# What a member might have done in a year, with how likely each line is (a busy member does most of them).
LINES = (
    ("plenary", "present", "全体会议", 0.95),
    ("plenary", "absent", "全体会议（下午）", 0.05),
    ("research", "present", "专题调研", 0.8),
    ("inspection", "present", "集中视察", 0.6),
    ("research", "present", "界别活动", 0.5),
    ("proposal", "first_proposer", "提案立案", 0.7),
    ("opinion", "submitter", "社情民意信息", 0.5),
    ("opinion", "adopted_own", "社情民意信息被采用", 0.15),
    ("award", "award_prefecture", "市级表彰", 0.05),
)


def seed_cycle(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
    """Last year's ledger for every member serving then, the year frozen, and one dispute of the demo member."""
    rng = random.Random(spec.seed + 14)
    year = timezone.localdate().year - 1
    office, me_user = users[f"{spec.prefix}lianluo"], users[f"{spec.prefix}weiyuan"]
    serving = Membership.objects.filter(committee=committee, joined_on__lte=datetime.date(year, 1, 1)).select_related(
        "member"
    )
    entries = [
        DutyEntry(m.member, kind, role, datetime.date(year, rng.randint(2, 11), rng.randint(1, 28)), title)
        for m in serving
        for kind, role, title, chance in LINES
        if m.member.user_id == me_user.pk or rng.random() < chance
    ]
    if not entries:
        return
    record_duties(committee=committee, entries=entries, recorded_by=office, recorded_by_dept=STAFF_DEPT)
    assessment = cycle.freeze(cycle.open_year(committee, year, actor=office), actor=office)
    me = next((m.member for m in serving if m.member.user_id == me_user.pk), None)
    if me is not None:
        line = me.duty_records.filter(year=year, kind="plenary", role="absent").first()
        disputes.dispute_line(assessment, line, actor=me_user, reason="当天下午请过假，请核实")
