"""The demo's annual work plan (年度履职清单): 政协 → 专委会 → 界别组 → 委员, linked to this year's demo activities
so that progress shows (the activities' demo runs first)."""

from django.utils import timezone

from lvzhi.activities.demo import UPCOMING
from lvzhi.activities.models import Activity
from lvzhi.core.models import Committee, User
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.demo.committees import DemoCommittee
from lvzhi.org.models import Member, SectorGroup, SpecialCommittee
from lvzhi.planning.models import PlanItem
from lvzhi.planning.services.plans import create_plan_item, link_activities

K = ActivityKind
P = PlanItem.Level
T = PlanItem.Type


def seed_plan(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
    staff = users[f"{spec.prefix}lianluo"]
    me = Member.objects.get(user=users[f"{spec.prefix}weiyuan"])
    special = SpecialCommittee.objects.get(committee=committee, name=spec.staff_committee)
    group = SectorGroup.objects.get(committee=committee, name=spec.convenor_group)
    year = timezone.localdate().year
    activities = list(Activity.objects.filter(committee=committee))
    this_year = [a for a in activities if timezone.localtime(a.starts_at).year == year]

    def upcoming(index: int) -> Activity:
        title = UPCOMING[index].title.format(p=spec.place)
        return next(a for a in activities if a.title == title)

    def item(level: str, title: str, item_type: str, target: int, links: list[Activity], **place: object) -> PlanItem:
        created = create_plan_item(
            committee=committee,
            data={"year": year, "level": level, "title": title, "item_type": item_type, "target_count": target} | place,
            actor=staff,
        )
        wanted = [a for a in links if timezone.localtime(a.starts_at).year == year]
        if wanted:
            link_activities(created, activities=wanted, actor=staff)
        return created

    def of_kind(*kinds: str) -> list[Activity]:
        return [a for a in this_year if a.kind in kinds]

    consult = item(
        P.COMMITTEE, "围绕中心工作开展专题协商", T.CONSULTATION, 4, of_kind(K.CONSULTATION, K.BIWEEKLY_CONSULTATION)
    )
    item(P.COMMITTEE, "组织委员学习培训", T.STUDY, 6, [*of_kind(K.STUDY, K.LECTURE), upcoming(2)])
    item(P.COMMITTEE, "开展重点民生实事视察", T.INSPECTION, 2, of_kind(K.INSPECTION))
    special_item = item(
        P.SPECIAL_COMMITTEE,
        f"{special.name}：对口联系部门协商调研",
        T.RESEARCH,
        3,
        [*of_kind(K.RESEARCH, K.CONSULTATION), upcoming(5)],
        parent=consult,
        special_committee=special,
    )
    group_item = item(
        P.SECTOR_GROUP,
        f"{group.name}：界别活动",
        T.THEME,
        4,
        of_kind(K.SECTOR_ACTIVITY),
        parent=special_item,
        sector_group=group,
    )
    item(P.MEMBER, "参加界别活动并提交调研报告", T.RESEARCH, 2, [], parent=group_item, member=me)
    item(P.MEMBER, "到联络站接待群众", T.PUBLIC_SERVICE, 4, of_kind(K.ACTIVITY_DAY), parent=group_item, member=me)
    # 提案 items are completed by the members' own proposals of the year, not by linked activities.
    group_proposals = item(P.SECTOR_GROUP, f"{group.name}：委员提交提案", T.PROPOSAL, 6, [], sector_group=group)
    item(P.MEMBER, "提交提案", T.PROPOSAL, 2, [], parent=group_proposals, member=me)
