"""The demo's 社情民意: officers at the stations and a year of reports in every state, with issues of the
bulletin, referrals, adoptions and instructions, so the desk, the statistics and the member's tile are not empty.

Everything goes through the services the office uses; reports that came in earlier are recorded with the date
they came in (补录). Dates are spread over the year so far, relative to today.
"""

import datetime
import random

from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.opinions import services
from lvzhi.opinions.models import InformationOfficer, Opinion
from lvzhi.org.demo.committees import DemoCommittee
from lvzhi.org.models import HandlingUnit, Member, Station

S = Opinion.Source
TOPICS = (
    ("关于加快老旧小区加装电梯的建议", "society"),
    ("关于破解城区停车难问题的建议", "society"),
    ("关于完善农村饮用水安全保障的建议", "ecology"),
    ("关于支持中小微企业融资的建议", "economy"),
    ("关于加强校园周边交通安全管理的建议", "society"),
    ("关于推进养老服务进社区的建议", "society"),
    ("关于规范网约车平台经营秩序的建议", "economy"),
    ("关于保护和利用传统村落的建议", "culture"),
    ("关于提升基层医疗机构服务能力的建议", "society"),
    ("关于整治河道沿线环境的建议", "ecology"),
    ("关于优化政务服务“一网通办”的建议", "politics"),
    ("关于加强独居老人关爱服务的建议", "society"),
)
BODY = (
    "{p}{topic}相关情况：近期走访群众发现，{issue}问题较为突出，群众反映强烈。\n"
    "分析：主要原因在于职责分散、投入不足、长效机制尚未建立。\n"
    "建议：一是明确牵头部门，建立联席会议制度；二是加大财政投入，引导社会资本参与；三是建立群众评议机制，定期通报进展。"
)
UNITS = (
    (S.PARTY, "民建{p}委员会"),
    (S.PARTY, "九三学社{p}委员会"),
    (S.SPECIAL_COMMITTEE, "社会和法制委员会"),
    (S.LOWER_COMMITTEE, "{p}东城区政协"),
)
REPORTS = 48


def _at(today: datetime.date, fraction: float) -> datetime.datetime:
    start = datetime.date(today.year, 1, 2)
    day = start + datetime.timedelta(days=int((today - start).days * fraction))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _draft(spec: DemoCommittee, index: int) -> services.Draft:
    title, category = TOPICS[index % len(TOPICS)]
    issue = title.removeprefix("关于").removesuffix("的建议")
    text = BODY.format(p=spec.place, topic=title.removeprefix("关于").removesuffix("的建议"), issue=issue)
    return services.Draft(title if index < len(TOPICS) else f"{title}（{index // len(TOPICS) + 1}）", text, category)


def _handling_unit(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> HandlingUnit:
    """The demo unit account's unit: the development and reform commission it is named after."""
    unit, _ = HandlingUnit.objects.get_or_create(committee=committee, name=f"{spec.place}发展和改革委员会")
    RoleAssignment.objects.filter(
        user=users[f"{spec.prefix}chengban"], role=Role.HANDLING_UNIT, handling_unit__isnull=True
    ).update(handling_unit=unit)
    return unit


def seed_opinions(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
    rng = random.Random(spec.seed + 11)
    today = timezone.localdate()
    office = users[f"{spec.prefix}xinxi"]
    leader = users[f"{spec.prefix}lingdao"]
    stations = list(Station.objects.filter(committee=committee))
    officer_user = users[f"{spec.prefix}xinxiyuan"]
    InformationOfficer.objects.create(
        committee=committee,
        name="特邀信息员",
        user=officer_user,
        station=stations[0] if stations else None,
        unit=f"{spec.place}日报社",
    )
    # The last station has none yet: the 信息员 page shows the office which station still needs one.
    for number, station in enumerate(stations[1:-1], 2):
        InformationOfficer.objects.create(committee=committee, name=f"信息员{number:02d}", station=station)
    unit = _handling_unit(spec, committee, users)
    me = Member.objects.get(committee=committee, user=users[f"{spec.prefix}weiyuan"])
    authors = list(Member.objects.filter(committee=committee).exclude(pk=me.pk).order_by("?")[:24])
    reports: list[Opinion] = []
    for index in range(REPORTS):
        at = _at(today, index / REPORTS)
        draft = _draft(spec, index)
        if index % 8 in (0, 3):
            user = me.user if index % 8 == 0 else officer_user
            reports.append(services.submit_opinion(committee=committee, user=user, draft=draft, at=at))
        elif index % 8 == 5:
            source, name = UNITS[index % len(UNITS)]
            reports.append(
                services.record_received(
                    committee=committee,
                    draft=draft,
                    source=source,
                    unit_name=name.format(p=spec.place),
                    actor=office,
                    received_at=at,
                )
            )
        else:
            reports.append(
                services.record_received(
                    committee=committee,
                    draft=draft,
                    source=S.MEMBER,
                    unit_name="",
                    member=rng.choice(authors),
                    actor=office,
                    received_at=at,
                )
            )
    # The latest eight wait for review, one of them returned to its author and one withdrawn.
    recent = reports[-8:]
    older = reports[:-8]
    services.return_opinion(recent[0], actor=office, reason="请补充具体数据和涉及的小区名单")
    services.withdraw_opinion(next(r for r in reversed(recent) if r.author_user == officer_user), user=officer_user)
    for report in older[::9]:
        services.decline_opinion(report, actor=office, reason="已有同类信息报送")
    editable = [r for r in older if Opinion.objects.get(pk=r.pk).status == Opinion.Status.SUBMITTED]
    for report in editable:
        services.edit_opinion(
            report, draft=services.Draft(report.title, report.content + "\n（编辑稿）", report.category), actor=office
        )
    merged = services.merge_opinions(editable[:2], draft=_draft(spec, 0), actor=office)
    ready = [merged, *editable[2:]]
    # Issues every few weeks; the last stays in draft, one waits for sign-off.
    batches = [ready[i : i + 4] for i in range(0, len(ready) - 6, 4)]
    for batch in batches:
        bulletin = services.create_bulletin(committee=committee, opinions=batch, actor=office, year=today.year)
        services.approve_bulletin(bulletin, actor=office)
        services.sign_bulletin(bulletin, actor=leader)
        services.issue_bulletin(bulletin, actor=office)
    waiting = services.create_bulletin(committee=committee, opinions=ready[-6:-3], actor=office, year=today.year)
    services.approve_bulletin(waiting, actor=office)
    services.create_bulletin(committee=committee, opinions=ready[-3:-1], actor=office, year=today.year)
    issued = list(Opinion.objects.filter(committee=committee, status=Opinion.Status.ISSUED).order_by("submitted_at"))
    for n, report in enumerate(issued):
        on = min(today, timezone.localdate(report.submitted_at) + datetime.timedelta(days=30))
        if n % 3 == 0:
            services.adopt_opinion(
                report,
                level="city",
                body="party_office",
                issue=f"{spec.place}委办《每日要情》第{n + 5}期",
                adopted_on=on,
                actor=office,
            )
        if n % 5 == 1:
            services.adopt_opinion(
                report,
                level="province",
                mode="combined",
                issue=f"省政协《社情民意》第{n + 20}期",
                adopted_on=on,
                actor=office,
            )
        if n % 11 == 2:
            services.adopt_opinion(
                report, level="national", mode="forwarded", issue="全国政协《信息专报》", adopted_on=on, actor=office
            )
        if n % 6 == 4:
            services.record_instruction(
                report,
                leader_level="city",
                leader="市长",
                instructed_on=on,
                summary="请市发改委会同相关部门研究落实。",
                actor=office,
            )
        if n % 4 == 1:
            referral = services.forward_opinion(report, unit=unit, actor=office, note="请研究办理并于一个月内答复")
            if n % 8 == 1:
                services.answer_referral(
                    referral, actor=users[f"{spec.prefix}chengban"], answer="已纳入明年重点工作，正在制定实施方案。"
                )
    # The demo member's own reports show every outcome on their tile.
    mine = Opinion.objects.filter(committee=committee, author_user=me.user, status=Opinion.Status.ISSUED).first()
    if mine is not None and not mine.adoptions.filter(level="province").exists():
        services.adopt_opinion(mine, level="province", issue="省政协《社情民意》", adopted_on=today, actor=office)
