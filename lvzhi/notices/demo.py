"""The demo's notices (read and unread), a study assignment with a quiz, an open deliberation topic with
contributions, a showcase story and an essay call: what a member sees on first signing in."""

import datetime

from django.utils import timezone

from lvzhi.core.models import Committee, User
from lvzhi.notices import services
from lvzhi.org.demo import DemoCommittee
from lvzhi.org.models import Member

NOTICES = [
    (
        "notice",
        "关于召开市政协常委会第十次会议的通知",
        "会议定于下周四上午九时在市政协会议中心召开，请各位常委准时参加。",
    ),
    ("work_news", "市政协开展“优化营商环境”专题调研", "市政协主席带队赴高新区开展专题调研，委员们提出建议 20 余条。"),
    ("briefing", "市政府一季度经济运行情况通报", "一季度全市地区生产总值同比增长 5.6%，固定资产投资稳步回升。"),
    ("meeting_document", "全体会议分组讨论材料", "请委员会前阅读政府工作报告征求意见稿。"),
]


def seed_notices(spec: DemoCommittee, committee: Committee, users: dict[str, User]) -> None:
    staff = users[f"{spec.prefix}lianluo"]
    me = Member.objects.get(user=users[f"{spec.prefix}weiyuan"])
    everyone = services.AudienceSpec(all=True)
    published = []
    for kind, title, content in NOTICES:
        notice = services.create_notice(
            committee=committee, data={"kind": kind, "title": title, "content": content}, audience=everyone, actor=staff
        )
        published.append(services.publish_notice(notice, actor=staff))
    # The demo member has read the older two; the newer two wait as unread on their home.
    for notice in published[:2]:
        services.mark_notice_read(notice, member=me)
    # A timed notice (定时发布): staff see it marked 定时; members see and are told of it in three days.
    timed = services.create_notice(
        committee=committee,
        data={
            "kind": "meeting_document",
            "title": "市政协全体会议日程安排",
            "content": "全体会议日程安排如下，请各位委员提前安排好工作。",
            "publish_at": timezone.now() + datetime.timedelta(days=3),
        },
        audience=everyone,
        actor=staff,
    )
    services.publish_notice(timed, actor=staff)

    material = services.create_material(
        committee=committee,
        data={
            "topic": "理论学习",
            "kind": "document",
            "title": "人民政协重要思想学习读本（节选）",
            "body": "人民政协是社会主义协商民主的重要渠道和专门协商机构。",
        },
        actor=staff,
    )
    # Corrected after it went out, so its edit history has something to show.
    services.update_material(
        material,
        data={"body": material.body + "\n学习要点：坚持和发展中国特色社会主义政治制度。"},
        actor=staff,
    )
    assignment = services.create_assignment(
        committee=committee,
        data={
            "title": "人民政协重要思想专题学习",
            "description": "阅读学习读本并完成测验（及格 60 分）。未参加集中学习的委员可以此补学。",
            "deadline": timezone.now() + datetime.timedelta(days=14),
            "pass_mark": 60,
            "max_attempts": 3,
        },
        audience=everyone,
        materials=[material],
        actor=staff,
    )
    for text, choices in (
        ("人民政协的性质定位是？", [("专门协商机构", True), ("国家权力机关", False), ("行政机关", False)]),
        (
            "人民政协的主要职能包括（多选）",
            [("政治协商", True), ("民主监督", True), ("参政议政", True), ("司法审判", False)],
        ),
    ):
        services.add_question(assignment, services.QuestionSpec(text, choices), actor=staff)
    services.publish_assignment(assignment, actor=staff)

    now = timezone.now()
    topic = services.create_topic(
        committee=committee,
        data={
            "title": "如何提升老旧小区改造质量",
            "description": "围绕改造资金筹措、居民参与、长效管理等方面建言。",
            "materials": "市住建局《老旧小区改造三年行动方案》",
            "opens_at": now - datetime.timedelta(days=1),
            "closes_at": now + datetime.timedelta(days=10),
        },
        audience=everyone,
        actor=staff,
    )
    topic = services.publish_topic(topic, actor=staff)
    others = [p.member for p in topic.participants.exclude(member=me).select_related("member")[:2]]
    if others:
        first = services.post_contribution(topic, member=others[0], body="建议设立改造专项资金，引入社会资本参与。")
        if len(others) > 1:
            services.post_contribution(topic, member=others[1], body="赞同，并建议公开资金使用情况。", parent=first)
    seed_showcase(committee, staff, me)


def seed_showcase(committee: Committee, staff: User, me: Member) -> None:
    """A published public story about the demo member, and an open essay call."""
    story = services.create_story(
        committee=committee,
        member=me,
        data={"title": "扎根基层的履职人", "body": "深入社区调研，连续三年提出民生提案。", "public": True},
        actor=staff,
    )
    story = services.ask_consent(story, actor=staff)
    story = services.consent_story(story, member=me)
    services.publish_story(story, actor=staff)
    call = services.create_call(
        committee=committee,
        data={
            "title": "“我与政协”主题征文",
            "description": "讲述履职故事，字数 3000 字以内。",
            "deadline": timezone.now() + datetime.timedelta(days=30),
        },
        actor=staff,
    )
    services.submit_essay(call, member=me, title="在社区里履职的三年", body="三年来，我坚持每月走访社区……")
