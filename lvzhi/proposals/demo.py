"""The demo's proposals: handling units (the chengban account works for the first), and a year of proposals in
every state, written through the services so timelines, numbers, notifications and ledger rows are real."""

import datetime

from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.org.demo.committees import DemoCommittee
from lvzhi.org.models import HandlingUnit, Member, Session
from lvzhi.proposals import services
from lvzhi.proposals.models import Assignment, Proposal, Speech
from lvzhi.proposals.services import collective, follow_up, handling, honours, speeches

UNITS = ("发展和改革委员会", "住房和城乡建设局", "交通运输局", "教育局", "卫生健康委员会", "生态环境局")
# (title, body, category): each becomes one proposal; its position picks the state it is left in.
TEXTS = [
    (
        "关于加快老旧小区加装电梯的建议",
        "老旧小区老年居民上下楼难。建议简化加装电梯审批，设立专项补贴，明确低层住户补偿办法。",
        "society",
    ),
    (
        "关于缓解中心城区停车难的建议",
        "医院学校周边停车位缺口大。建议机关单位停车位错时共享，建设立体停车库，推广智慧停车。",
        "society",
    ),
    (
        "关于支持中小企业融资的建议",
        "中小企业融资难、融资贵。建议设立政府性融资担保基金，推广应收账款融资，完善风险补偿。",
        "economy",
    ),
    (
        "关于推进农村生活污水治理的建议",
        "部分村庄生活污水直排。建议按村庄类型分类治理，落实运维经费，建立第三方运维机制。",
        "ecology",
    ),
    (
        "关于加强非物质文化遗产传承的建议",
        "非遗传承人老龄化，后继乏人。建议非遗进校园，设立传承人补贴，建设非遗展示馆。",
        "culture",
    ),
    (
        "关于完善基层协商议事机制的建议",
        "社区协商流于形式。建议制定协商议事规则，建立协商成果采纳反馈制度。",
        "politics",
    ),
    (
        "关于发展普惠托育服务的建议",
        "三岁以下婴幼儿托育资源不足。建议支持社区嵌入式托育点，给予运营补贴，加强托育人员培训。",
        "society",
    ),
    (
        "关于建设城市绿道网络的建议",
        "城区公园分布不均。建议沿河建设绿道，串联公园与社区，配套驿站和健身设施。",
        "ecology",
    ),
    (
        "关于提升中小学课后服务质量的建议",
        "课后服务内容单一。建议引入少年宫、科技馆等资源，建立课后服务质量评价办法。",
        "culture",
    ),
    (
        "关于加快新能源汽车充电设施建设的建议",
        "居民小区充电桩安装难。建议明确物业配合义务，推动公共充电站进社区。",
        "economy",
    ),
    ("关于个人住房纠纷的建议", "本人与邻居的住房纠纷请求解决。", "other"),
    ("关于推进家庭医生签约服务的建议", "家庭医生签而不约。建议完善家庭医生激励机制，提高签约服务质量。", "society"),
]


def seed_proposals(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
    office = users[f"{spec.prefix}tianban"]
    clerk = users[f"{spec.prefix}chengban"]
    units = [HandlingUnit.objects.get_or_create(committee=committee, name=f"{spec.place}{name}")[0] for name in UNITS]
    RoleAssignment.objects.filter(user=clerk, committee=committee, role=Role.HANDLING_UNIT).update(
        handling_unit=units[0]
    )
    me = Member.objects.get(user=users[f"{spec.prefix}weiyuan"])
    others = list(Member.objects.filter(committee=committee, user__isnull=False).exclude(pk=me.pk)[:12])
    leads = [me, *others]
    today = timezone.localdate()

    def drafted(n: int) -> Proposal:
        title, content, category = TEXTS[n]
        lead = leads[n % len(leads)]
        cosigners = [m for m in others[n % 3 : n % 3 + 2] if m != lead]
        proposal = services.create_draft(
            member=lead,
            data={"title": title, "content": content, "category": category},
            actor=lead.user,
            cosigners=cosigners,
        )
        for row in proposal.cosigners.select_related("member__user")[:1]:
            services.respond_to_invitation(row, confirm=True, actor=row.member.user)
        return proposal

    def submitted(n: int) -> Proposal:
        proposal = drafted(n)
        return services.submit_proposal(proposal, actor=proposal.lead.user)

    def accepted(n: int) -> Proposal:
        return services.accept(submitted(n), actor=office)

    def assigned(n: int, unit: HandlingUnit) -> Proposal:
        return handling.assign(accepted(n), units=[(unit, "lead")], due_date=None, actor=office)

    def replied(n: int, grade: str) -> Proposal:
        proposal = assigned(n, units[0])
        reply = handling.draft_reply(
            proposal.assignments.get(),
            grade=grade,
            content="经研究，已将该建议纳入年度工作计划，并与提案人面商。",
            contact_mode="meeting",
            contacted_on=today,
            unit_ids=frozenset({units[0].pk}),
            actor=clerk,
        )
        handling.approve_reply(reply, actor=office)
        proposal.refresh_from_db()
        return proposal

    drafted(0)  # the demo member's own draft
    submitted(1)
    waiting = assigned(2, units[0])  # waiting for the chengban account's reply
    late = assigned(3, units[5])
    # One reply already overdue, so the overdue list and 催办 have something to show (backdated on purpose).
    Assignment.objects.filter(proposal=late).update(due_date=today - datetime.timedelta(days=5))
    closed = replied(4, "A")
    handling.evaluate(closed, satisfaction="satisfied", comment="", actor=closed.lead.user)
    planned = replied(5, "B")
    follow_up.add_follow_up(
        planned.replies.get(),
        commitment="明年上半年完成试点",
        due_date=today + datetime.timedelta(days=120),
        actor=office,
    )
    again = replied(6, "C")
    handling.evaluate(again, satisfaction="unsatisfied", comment="希望给出时间表", actor=again.lead.user)
    lead = accepted(7)
    services.merge(submitted(8), into=lead, actor=office, note="与另一件提案内容相近")
    services.convert(submitted(9), to="opinion", consent=True, actor=office, note="经提案人同意")
    services.not_accept(submitted(10), actor=office, reason="personal", note="属个人诉求，建议通过信访渠道反映")
    returned = submitted(11)
    services.return_for_revision(returned, actor=office, note="请补充具体的政策建议")
    _key_and_excellent(
        committee,
        decided=[closed, planned],
        declined=late,
        waiting=waiting,
        nominated=[closed, planned, again, lead],
        office=office,
        leader=users.get(f"{spec.prefix}lingdao"),
    )
    _collective(committee, me, others, office)
    _speeches(committee, me, others, office)


def _key_and_excellent(
    committee: Committee,
    *,
    decided: list[Proposal],
    declined: Proposal,
    waiting: Proposal,
    nominated: list[Proposal],
    office: User,
    leader: User | None,
) -> None:
    """Key proposals: four shortlisted, a leaders' meeting three weeks ago decided two (supervised by the leader's
    account and a government leader, with supervision records) and declined one; one waits for the next meeting.
    Excellent proposals: four nominated and scored by the office, three of them by the leader too (the fourth waits
    for the leader's score on their home), the round still open for the award."""
    today = timezone.localdate()
    key = {
        p.pk: honours.mark(p, kind="key", reason="事关民生、群众关注度高", actor=office) for p in [*decided, declined]
    }
    honours.mark(waiting, kind="key", reason="建议提交下次主席会议研究", actor=office)
    year = decided[0].year
    honours.decide_key(
        committee,
        year=year,
        meeting="政协第 5 次主席会议",
        held_on=today - datetime.timedelta(days=21),
        approved=[key[p.pk].pk for p in decided],
        declined=[key[declined.pk].pk],
        actor=office,
    )
    for n, proposal in enumerate(decided):
        honour = key[proposal.pk]
        honours.set_supervisors(
            honour,
            user_ids=[leader.pk] if leader is not None else [],
            names=["市政府分管副市长"] if n == 0 else [],
            actor=office,
        )
        records = [
            (
                "survey",
                14,
                "城东街道老旧小区",
                "督办领导、提案人、市住建局",
                "实地调研加装电梯推进情况，听取居民意见。",
            ),
            ("meeting", 7, "政协三楼会议室", "督办领导、承办单位负责人", "召开督办会，明确审批时限和补贴资金来源。"),
        ]
        for kind, days, place, people, summary in records[: 2 - n]:
            honours.add_record(
                honour,
                kind=kind,
                held_on=today - datetime.timedelta(days=days),
                place=place,
                participants=people,
                summary=summary,
                actor=leader or office,
            )
    reviewers = [office, *([leader] if leader is not None else [])]
    for n, proposal in enumerate(nominated):
        honour = honours.mark(proposal, kind="excellent", reason="选题准确、针对性强、成效显著", actor=office)
        for m, reviewer in enumerate(reviewers if n < len(nominated) - 1 else reviewers[:1]):
            honours.score(honour, reviewer=reviewer, value=92 - 6 * n - 3 * m)


def _collective(committee: Committee, me: Member, others: list[Member], office: User) -> None:
    """A sector's collective proposal with two named drafters, accepted (they get lead-author ledger rows)."""
    proposal = services.create_draft(
        member=me,
        data={
            "title": "关于打造县域特色产业集群的建议",
            "content": "县域产业同质化明显。建议编制特色产业集群规划，设立产业引导基金，建设公共技术服务平台。",
            "category": "economy",
        },
        actor=me.user,
    )
    collective.set_collective(proposal, kind="sector", name="经济界别", drafters=[me, *others[:1]], actor=me.user)
    services.accept(services.submit_proposal(proposal, actor=me.user), actor=office)


def _speeches(committee: Committee, me: Member, others: list[Member], office: User) -> None:
    """Plenary speeches for the latest session: one oral, one written, one waiting for the office."""
    session = Session.objects.filter(committee=committee).order_by("-year", "-number").first()
    if session is None:
        return
    texts = [
        (me, "关于优化营商环境的大会发言", "oral"),
        (others[0] if others else me, "关于加强生态保护的书面发言", "written"),
        (others[1] if len(others) > 1 else me, "关于发展银发经济的发言", ""),
    ]
    for member, title, decision in texts:
        speech = Speech.objects.create(
            committee=committee, session=session, member=member, title=title, content=f"{title}。（发言稿正文）"
        )
        speeches.SPEECH.event(speech, action="submit", actor=member.user, from_status="", to_status="submitted")
        if decision:
            speeches.decide_speech(speech, decision=decision, note="", actor=office)
