"""The demo's mailboxes and letters, contacts with the masses, 双联系 and visits, a 大走访 campaign, and the
stations' areas and visitors, so the office queue, the member's letters and contacts, the coverage reports and the
handling unit's screen are not empty on first sight. Everything goes through the services people use."""

import datetime
import random

from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.liaison import services
from lvzhi.liaison.models import ContactLog, Letter, LinkAssignment, Mailbox, Reception, Visit
from lvzhi.liaison.queries_contacts import quarter_of, quarter_span
from lvzhi.liaison.services import contacts as contact_services
from lvzhi.liaison.services import stations as station_services
from lvzhi.liaison.services import visits as visit_services
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
    _seed_letters(spec, committee, users)
    rng = random.Random(spec.seed + 7)
    member = Member.objects.get(committee=committee, user=users[f"{spec.prefix}weiyuan"])
    office = users[f"{spec.prefix}lianluo"]
    serving = list(
        Member.objects.filter(committee=committee, memberships__status__in=SERVING_STATUSES)
        .exclude(pk=member.pk)
        .distinct()
        .order_by("pk")
    )
    _seed_contacts(member, rng.sample(serving, min(CONTACT_MEMBERS, len(serving))), rng)
    _seed_visits(committee, member, serving, office, rng)
    _seed_campaign(spec, committee, office, _unit(spec, committee, users), rng)
    _seed_stations(committee, office, rng)


def _seed_letters(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
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


# 联系界别群众: people of a member's sector they keep in touch with (温州: 1 member ≥ 3).
CONTACT_PEOPLE = (
    ("陈建国", "个体工商户"),
    ("林秀梅", "社区卫生服务中心护士"),
    ("黄志强", "小微企业主"),
    ("周丽华", "中学教师"),
    ("吴国平", "农业合作社理事长"),
    ("郑晓燕", "社区网格员"),
    ("孙立新", "外卖骑手"),
    ("朱海涛", "律师"),
    ("何文静", "养老机构负责人"),
)
CONTACT_TOPICS = (
    ("营商环境", "办证材料多，跑腿次数多", ContactLog.Outcome.OPINION_LEAD),
    ("社区养老", "助餐点少，独居老人吃饭难", ContactLog.Outcome.PROPOSAL_LEAD),
    ("课后服务", "课后托管收费标准不清", ContactLog.Outcome.FORWARDED),
    ("就业社保", "灵活就业人员参保办法", ContactLog.Outcome.ANSWERED),
    ("农产品销售", "冷链物流成本高", ContactLog.Outcome.NOTED),
)
CONTACT_MEMBERS = 40  # besides the demo member: most meet the rule this quarter, some fall short


def _seed_contacts(me: Member, others: list[Member], rng: random.Random) -> None:
    """Three standing contacts per member; the demo member reaches all three this quarter, the others mostly."""
    today = timezone.localdate()
    start, _end = quarter_span(*quarter_of(today))
    for index, member in enumerate([me, *others]):
        people = rng.sample(CONTACT_PEOPLE, 3)
        # Every fourth member reaches only two of the three: the coverage page shows who is short.
        reached = 3 if index == 0 or index % 4 else 2
        for number, (name, occupation) in enumerate(people):
            contact = contact_services.add_contact(member, name=name, occupation=occupation, actor=member.user)
            if number >= reached:
                continue
            topics, issues, outcome = rng.choice(CONTACT_TOPICS)
            day = max(start, today - datetime.timedelta(days=rng.randint(0, 40)))
            contact_services.log_contact(
                member,
                contact=contact,
                date=day,
                mode=rng.choice(ContactLog.Mode.values),
                topics=topics,
                issues=issues,
                outcome=outcome,
                actor=member.user,
            )


VISIT_TOPICS = (
    ("了解履职情况和工作困难", "希望多参加专题调研", "已安排参加下季度重点课题调研。"),
    ("听取对政协工作的意见建议", "建议提前发放会议材料", ""),
    ("走访看望，了解企业经营情况", "企业用工难，希望对接职业院校", "已协调人社局组织校企对接会。"),
    ("谈心谈话，交流履职体会", "", ""),
    ("了解界别群众关切", "反映社区停车难", ""),
)


def _seed_visits(committee: Committee, me: Member, serving: list[Member], office: User, rng: random.Random) -> None:
    """双联系 this year (leaders → standing members → members) and visits against them; a few members not yet
    visited, so the coverage shows them; the demo member visited twice, one request still to act on."""
    today = timezone.localdate()
    standing = set(
        Member.objects.filter(
            committee=committee, memberships__is_standing_member=True, memberships__status__in=SERVING_STATUSES
        ).values_list("pk", flat=True)
    )
    leaders = [m for m in serving if m.pk in standing][:3] or serving[:3]
    visited = [*[m for m in serving if m not in leaders][: 4 * len(leaders)], me]
    for index, member in enumerate(visited):
        leader = leaders[index % len(leaders)]
        kind = LinkAssignment.Kind.LEADER_MEMBER if member == me else LinkAssignment.Kind.STANDING_MEMBER
        visit_services.assign_link(
            committee, year=today.year, kind=kind, leader=leader, member=member, target=2, actor=office
        )
        # Two of every five pairs have not met yet this year.
        times = 2 if member == me else (0 if index % 5 in (1, 3) else 1)
        for time in range(times):
            topics, requests, follow_up = VISIT_TOPICS[(index + time) % len(VISIT_TOPICS)]
            day = today - datetime.timedelta(days=rng.randint(0, min(200, today.timetuple().tm_yday - 1)))
            visit = visit_services.record_visit(
                committee,
                visitor=leader,
                visited=member,
                date=day,
                form=rng.choice([Visit.Form.VISIT, Visit.Form.TALK]),
                topics=topics,
                requests=requests,
                actor=office,
            )
            if requests and follow_up and time == 0:
                visit_services.finish_follow_up(visit, note=follow_up, actor=office)


HOUSEHOLDS = (
    ("青山镇桃源村李大爷家", "独居老人", ["村里到镇上的公交一天只有两班", "希望安装燃气报警器"]),
    ("东湖街道幸福里社区王阿姨家", "", ["小区楼道灯坏了没人修"]),
    ("示范市宏达机械有限公司", "规上企业", ["企业用电报装时间长", "招不到技术工人"]),
    ("青山镇桃源村种植大户张家", "", ["农产品冷库不够用"]),
    ("东湖街道东湖苑小区赵家", "", []),
    ("新市民刘师傅家", "外来务工人员", ["子女就近入学手续复杂"]),
    ("高新区创新产业园孵化企业", "初创企业", ["希望简化人才公寓申请"]),
    ("南湖区退役军人服务站", "", ["退役军人就业培训名额少"]),
)
ANSWERS = (
    "已由县交通运输局调整班次，增加至每日四班。",
    "社区已安排物业维修，本周内完成。",
    "供电公司已开通报装绿色通道，办理时限压缩至15个工作日。",
)


def _seed_campaign(
    spec: DemoCommittee, committee: Committee, office: User, unit: HandlingUnit, rng: random.Random
) -> None:
    """常州's 大走访: households visited in the campaign, the issues they raised, some passed to a unit and
    answered, the rest still open on the campaign's page."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=45)
    campaign = visit_services.create_campaign(
        committee,
        title=f"“委员进万家”{today.year}年大走访",
        starts_on=start,
        ends_on=today + datetime.timedelta(days=30),
        description=f"{spec.place}政协委员走进村居、企业和新市民家庭，听取意见，问题逐件交办、跟踪答复。",
        actor=office,
    )
    answered = 0
    for name, note, issues in HOUSEHOLDS:
        household = visit_services.add_household(
            campaign,
            date=start + datetime.timedelta(days=rng.randint(0, 45)),
            name=name.replace("示范市", spec.place),
            visitors="联络组委员",
            note=note,
            issues=issues,
            actor=office,
        )
        for issue in household.issues.all():
            if rng.random() < 0.6:
                visit_services.pass_issue(issue, unit=unit, actor=office)
                if answered < len(ANSWERS):
                    visit_services.answer_issue(issue, answer=ANSWERS[answered], actor=office)
                    answered += 1


RECEPTIONS = (
    ("居民王先生", "反映小区周边噪音扰民", Reception.Outcome.FORWARDED),
    ("个体户陈女士", "咨询小微企业贷款贴息政策", Reception.Outcome.ANSWERED),
    ("村民李大爷", "反映村道破损，雨天积水", Reception.Outcome.LETTER),
)


def _seed_stations(committee: Committee, office: User, rng: random.Random) -> None:
    """The 联络站 serve their township or street and keep a visitor log (委员接待室), so their page and the
    checklist ticked from data show a working station."""
    today = timezone.localdate()
    for station in Station.objects.filter(committee=committee, kind=Station.Kind.LIAISON_STATION):
        area = station.host_unit.removesuffix("办事处").removesuffix("人民政府")
        station_services.set_area(station, area=area, actor=office)
        resident = Member.objects.filter(memberships__station=station).first()
        for visitor, matter, outcome in RECEPTIONS:
            station_services.record_reception(
                station,
                date=today - datetime.timedelta(days=rng.randint(1, 60)),
                visitor=visitor,
                matter=matter,
                outcome=outcome,
                member=resident,
                actor=office,
            )
