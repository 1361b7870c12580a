"""What notices contribute: navigation, member-home tiles, shortcuts and message links."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import MessageTarget, NavLink, Shortcut, Tile, registry
from lvzhi.notices.views import tiles

registry.nav_group("info", _("知情学习"), 30)
registry.nav(
    NavLink("info", _("通知公告管理"), "notices:manage_list", C.MANAGE_NOTICES, 10),
    NavLink("info", _("学习任务"), "notices:study_manage", C.MANAGE_NOTICES, 20),
    NavLink("info", _("学习资料库"), "notices:study_materials", C.MANAGE_NOTICES, 30),
    NavLink("info", _("学习参学率"), "notices:study_participation", C.MANAGE_NOTICES, 40),
    NavLink("info", _("网络议政"), "notices:topics_manage", C.MANAGE_NOTICES, 50),
    NavLink("info", _("委员风采"), "notices:stories_manage", C.MANAGE_NOTICES, 60),
    NavLink("info", _("征文"), "notices:calls_manage", C.MANAGE_NOTICES, 70),
    NavLink("mine", _("知情明政"), "notices:mine", C.PARTICIPATE, 30),
    NavLink("mine", _("学习园地"), "notices:study_corner", C.PARTICIPATE, 40),
    NavLink("mine", _("网络议政"), "notices:topics", C.PARTICIPATE, 50),
    NavLink("mine", _("委员风采"), "notices:showcase", C.PARTICIPATE, 60),
    NavLink("mine", _("征文"), "notices:calls", C.PARTICIPATE, 70),
)
registry.message_target(
    "notices.notice",
    MessageTarget(C.PARTICIPATE, "notices:detail"),
    MessageTarget(C.MANAGE_NOTICES, "notices:manage_detail"),
)
registry.message_target(
    "notices.studyassignment",
    MessageTarget(C.PARTICIPATE, "notices:study"),
    MessageTarget(C.MANAGE_NOTICES, "notices:study_detail"),
)
registry.message_target(
    "notices.topic",
    MessageTarget(C.PARTICIPATE, "notices:topic"),
    MessageTarget(C.MANAGE_NOTICES, "notices:topic_manage"),
)
registry.message_target(
    "notices.story",
    MessageTarget(C.PARTICIPATE, "notices:showcase", takes_id=False),
    MessageTarget(C.MANAGE_NOTICES, "notices:stories_manage", takes_id=False),
)
registry.message_target(
    "notices.essay",
    MessageTarget(C.PARTICIPATE, "notices:calls", takes_id=False),
)
registry.tile(
    Tile("notices.unread", "member", "notices/_tile_unread.html", tiles.member_unread, C.PARTICIPATE, 15),
    Tile("notices.study", "member", "notices/_tile_study.html", tiles.member_study, C.PARTICIPATE, 16),
)
registry.shortcut(
    Shortcut(_("知情明政"), "notices:mine", C.PARTICIPATE, 50),
    Shortcut(_("学习园地"), "notices:study_corner", C.PARTICIPATE, 51),
    Shortcut(_("网络议政"), "notices:topics", C.PARTICIPATE, 52),
)
