"""What proposals contribute: navigation, home tiles, shortcuts and message links."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import MessageTarget, NavLink, Shortcut, Tile, registry
from lvzhi.proposals.views import tiles

registry.nav_group("proposals", _("提案"), 30)
registry.nav(
    NavLink("proposals", _("提案审查与管理"), "proposals:manage_list", C.MANAGE_PROPOSALS, 10),
    NavLink("proposals", _("交办提案"), "proposals:unit_list", C.HANDLE_PROPOSALS, 20),
    NavLink("proposals", _("逾期督办"), "proposals:overdue", C.MANAGE_PROPOSALS, 12),
    NavLink("proposals", _("大会发言遴选"), "proposals:manage_speeches", C.MANAGE_PROPOSALS, 14),
    NavLink("proposals", _("提案统计"), "proposals:stats", C.VIEW_STATS, 16),
    NavLink("proposals", _("重点提案督办"), "proposals:key_list", C.SUPERVISE_PROPOSALS, 17),
    NavLink("proposals", _("优秀提案评选"), "proposals:excellent", C.SUPERVISE_PROPOSALS, 18),
    NavLink("proposals", _("提案规则"), "proposals:settings", C.MANAGE_PROPOSALS, 19),
    NavLink("mine", _("我的提案"), "proposals:mine", C.PARTICIPATE, 30),
    NavLink("mine", _("大会发言"), "proposals:speeches", C.PARTICIPATE, 31),
)
registry.message_target(
    "proposals.speech",
    MessageTarget(C.PARTICIPATE, "proposals:speeches", takes_id=False),
    MessageTarget(C.MANAGE_PROPOSALS, "proposals:manage_speeches", takes_id=False),
)
registry.message_target(
    "proposals.proposal",
    MessageTarget(C.PARTICIPATE, "proposals:detail"),
    MessageTarget(C.MANAGE_PROPOSALS, "proposals:manage_detail"),
    MessageTarget(C.HANDLE_PROPOSALS, "proposals:unit_detail"),
)
registry.message_target("proposals.honour", MessageTarget(C.SUPERVISE_PROPOSALS, "proposals:key_detail"))
registry.tile(
    Tile("proposals.member", "member", "proposals/_tile_member.html", tiles.member_proposals, C.PARTICIPATE, 25),
    Tile("proposals.office", "staff", "proposals/_tile_office.html", tiles.office_queue, C.MANAGE_PROPOSALS, 30),
    Tile("proposals.unit", "staff", "proposals/_tile_unit.html", tiles.unit_queue, C.HANDLE_PROPOSALS, 30),
    Tile(
        "proposals.leader", "staff", "proposals/_tile_leader.html", tiles.leader_supervision, C.SUPERVISE_PROPOSALS, 30
    ),
)
registry.shortcut(Shortcut(_("我的提案"), "proposals:mine", C.PARTICIPATE, 50))
