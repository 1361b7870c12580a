"""Notices, assignments and topics of a test world, built through the services."""

import datetime

from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.notices import services
from lvzhi.notices.models import Notice, StudyAssignment, Topic
from lvzhi.testing import World


def staff(world: World):
    return world.users[Role.MEMBER_AFFAIRS]


def make_notice(
    world: World, *, publish: bool = True, audience: services.AudienceSpec | None = None, **data: object
) -> Notice:
    notice = services.create_notice(
        committee=world.committee,
        data={"title": "关于召开常委会议的通知", "content": "请准时参加。", **data},
        audience=audience or services.AudienceSpec(member_ids=(world.member.pk,)),
        actor=staff(world),
    )
    if publish:
        notice = services.publish_notice(notice, actor=staff(world))
    return notice


def make_assignment(
    world: World,
    *,
    publish: bool = True,
    pass_mark: int | None = 60,
    audience: services.AudienceSpec | None = None,
    **data: object,
) -> StudyAssignment:
    """A study assignment a week long with one material and, when pass_mark is set, a two-question quiz."""
    material = services.create_material(
        committee=world.committee,
        data={"topic": "理论学习", "title": "学习资料", "body": "学习党的二十届三中全会精神。"},
        actor=staff(world),
    )
    assignment = services.create_assignment(
        committee=world.committee,
        data={
            "title": "全会精神专题学习",
            "deadline": timezone.now() + datetime.timedelta(days=7),
            "pass_mark": pass_mark,
            **data,
        },
        audience=audience or services.AudienceSpec(member_ids=(world.member.pk,)),
        materials=[material],
        actor=staff(world),
    )
    if pass_mark is not None:
        services.add_question(
            assignment,
            services.QuestionSpec("人民政协的性质是？", [("专门协商机构", True), ("权力机关", False)]),
            actor=staff(world),
        )
        services.add_question(
            assignment,
            services.QuestionSpec(
                "政协的主要职能包括（多选）", [("政治协商", True), ("民主监督", True), ("司法审判", False)]
            ),
            actor=staff(world),
        )
    if publish:
        assignment = services.publish_assignment(assignment, actor=staff(world))
    return assignment


def right_answers(assignment: StudyAssignment) -> dict[int, set[int]]:
    return {q.pk: {c.pk for c in q.choices.all() if c.correct} for q in assignment.questions.all()}


def wrong_answers(assignment: StudyAssignment) -> dict[int, set[int]]:
    return {q.pk: {c.pk for c in q.choices.all() if not c.correct} for q in assignment.questions.all()}


def make_topic(
    world: World, *, publish: bool = True, audience: services.AudienceSpec | None = None, **data: object
) -> Topic:
    """A topic open from an hour ago for a week, inviting the world's member."""
    now = timezone.now()
    topic = services.create_topic(
        committee=world.committee,
        data={
            "title": "如何提升老旧小区改造质量",
            "description": "请委员围绕改造资金、居民参与建言。",
            "opens_at": now - datetime.timedelta(hours=1),
            "closes_at": now + datetime.timedelta(days=7),
            **data,
        },
        audience=audience or services.AudienceSpec(member_ids=(world.member.pk,)),
        actor=staff(world),
    )
    if publish:
        topic = services.publish_topic(topic, actor=staff(world))
    return topic
