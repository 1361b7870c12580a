"""The demo's sector-group assessment: the office's evidence for items the data cannot show, so 界别考评 has both
kinds of tick to look at (the rest follows from the activities and ledger the other apps seed)."""

from django.utils import timezone

from lvzhi.assessment.services.groups import tick
from lvzhi.core.models import Committee, User
from lvzhi.ledger.services import term_for
from lvzhi.org.demo import DemoCommittee
from lvzhi.org.models import SectorGroup

EVIDENCE = (
    ("plan_summary", "年度工作计划已印发，年中小结已报委员联络室"),
    ("workstation", "界别工作站在委员之家挂牌运行"),
    ("fellowship_exchange", "与兄弟市政协同界别开展联谊交流"),
)


def seed_group_assessment(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
    staff = users[f"{spec.prefix}lianluo"]
    year = timezone.localdate().year
    groups = list(SectorGroup.objects.filter(term=term_for(committee, year)).order_by("order", "name")[:3])
    for index, group in enumerate(groups):
        # A different number of ticks per group, so the ranking has something to tell apart.
        for item, note in EVIDENCE[: len(EVIDENCE) - index]:
            tick(group, year=year, item=item, note=note, file=None, actor=staff)
