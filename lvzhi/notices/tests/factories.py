"""Notices, assignments and topics of a test world, built through the services."""

from lvzhi.core.capabilities import Role
from lvzhi.notices import services
from lvzhi.notices.models import Notice
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
