"""What notices contribute: navigation, the member-home tile, shortcuts and message links."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import MessageTarget, NavLink, Shortcut, Tile, registry
from lvzhi.notices.views import tiles

registry.nav_group("info", _("知情学习"), 30)
registry.nav(
    NavLink("info", _("通知公告管理"), "notices:manage_list", C.MANAGE_NOTICES, 10),
    NavLink("mine", _("知情明政"), "notices:mine", C.PARTICIPATE, 30),
)
registry.message_target(
    "notices.notice",
    MessageTarget(C.PARTICIPATE, "notices:detail"),
    MessageTarget(C.MANAGE_NOTICES, "notices:manage_detail"),
)
registry.tile(Tile("notices.unread", "member", "notices/_tile_unread.html", tiles.member_unread, C.PARTICIPATE, 15))
registry.shortcut(Shortcut(_("知情明政"), "notices:mine", C.PARTICIPATE, 50))
