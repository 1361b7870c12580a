"""The demo's mailboxes and letters, so the office queue, the member's letters and the handling unit's screen
are not empty on first sight. Everything goes through the services citizens, members and the office use."""

import datetime

from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.liaison import services
from lvzhi.liaison.models import Letter, Mailbox
from lvzhi.liaison.services.letters import LetterInput
from lvzhi.org.demo.committees import DemoCommittee
from lvzhi.org.models import SERVING_STATUSES, HandlingUnit, Member, SectorGroup, Station

LETTERS = (
    ("suggestion", "小区门口路灯长期不亮", "东门到菜市场一段路灯坏了一个多月，晚上老人出行很不方便，希望尽快维修。"),
    (
        "help",
        "老旧小区加装电梯费用分摊难",
        "我们楼里一楼二楼住户不同意分摊费用，加装电梯推进不下去，希望政协委员帮忙协调。",
    ),
    ("question", "灵活就业人员医保怎么缴费", "我是外卖骑手，想了解灵活就业人员参加职工医保的办法和缴费标准。"),
    (
        "complaint",
        "学校周边早晚高峰交通拥堵",
        "实验小学门口每天上下学时段车辆乱停，孩子过马路很危险，建议设置临时停车区。",
    ),
    ("suggestion", "建议增设社区老年食堂", "社区独居老人多，午饭没有着落，建议在社区服务中心开设老年助餐点。"),
)


def _open_mailboxes(committee: Committee) -> None:
    """A mailbox for every serving member, station and sector group, written in bulk."""
    have = set(Mailbox.objects.filter(committee=committee).values_list("member_id", "station_id", "group_id"))
    members = Member.objects.filter(committee=committee, memberships__status__in=SERVING_STATUSES).distinct()
    rows = [Mailbox(committee=committee, kind="member", member=m) for m in members if (m.pk, None, None) not in have]
    rows += [
        Mailbox(committee=committee, kind="station", station=s)
        for s in Station.objects.filter(committee=committee)
        if (None, s.pk, None) not in have
    ]
    rows += [
        Mailbox(committee=committee, kind="group", group=g)
        for g in SectorGroup.objects.filter(committee=committee)
        if (None, None, g.pk) not in have
    ]
    Mailbox.objects.bulk_create(rows)


def _unit(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> HandlingUnit:
    """The demo handling unit, and the chengban account tied to it when nothing ties it yet."""
    unit, _ = HandlingUnit.objects.get_or_create(committee=committee, name=f"{spec.place}发展和改革委员会")
    RoleAssignment.objects.filter(
        user=users[f"{spec.prefix}chengban"], committee=committee, role=Role.HANDLING_UNIT, handling_unit=None
    ).update(handling_unit=unit)
    return unit


def seed_liaison(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
    _open_mailboxes(committee)
    member = Member.objects.get(committee=committee, user=users[f"{spec.prefix}weiyuan"])
    office = users[f"{spec.prefix}lianluo"]
    unit = _unit(spec, committee, users)
    station = Station.objects.filter(committee=committee).first()

    def write(owner: Member | Station, n: int, **data: object) -> Letter:
        kind, title, content = LETTERS[n]
        letter_input = LetterInput(kind=kind, title=title, content=content, phone=f"1390000{n:04d}", **data)
        return services.submit_letter(services.mailbox_for(owner), letter_input)[0]

    waiting = write(member, 0, writer_name="王女士", is_public=True)
    services.acknowledge_letter(waiting, note="已收到，正在联系社区了解情况。", actor=member.user, member=member)
    answered = write(member, 1, is_public=True)
    services.answer_letter(
        answered,
        answer="已与街道和物业沟通，建议召开楼栋协商会，按楼层分摊；街道可申请加装电梯补贴。",
        actor=member.user,
        member=member,
    )
    services.rate_letter(answered, rating=Letter.Rating.SATISFIED, comment="谢谢委员")
    services.publish_letter(answered, actor=office)
    late = write(member, 2)
    # Written three weeks ago and still unanswered: shows on the office's overdue tile.
    past = timezone.localdate() - datetime.timedelta(days=21)
    Letter.objects.filter(pk=late.pk).update(first_response_due=past, final_due=past + datetime.timedelta(days=40))
    if station is not None:
        write(station, 3)
        forwarded = write(station, 4)
        services.forward_letter(forwarded, unit=unit, note="请研究办理并答复来信人。", actor=office)
