"""What 社情民意 contributes: navigation, home tiles, shortcuts and message links."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import MessageTarget, NavLink, Panel, Shortcut, Tile, registry
from lvzhi.opinions.queries import station_facts
from lvzhi.opinions.views import tiles

registry.nav_group("opinions", _("社情民意"), 30)
registry.nav(
    NavLink("opinions", _("审编"), "opinions:desk", C.MANAGE_OPINIONS, 10),
    NavLink("opinions", _("期刊"), "opinions:bulletins", C.MANAGE_OPINIONS, 20),
    NavLink("opinions", _("信息员"), "opinions:officers", C.MANAGE_OPINIONS, 30),
    NavLink("opinions", _("期刊签发"), "opinions:signing", C.SIGN_BULLETINS, 40),
    NavLink("opinions", _("统计"), "opinions:stats", C.VIEW_STATS, 50),
    NavLink("opinions", _("转办信息"), "opinions:referrals", C.HANDLE_OPINIONS, 60),
    NavLink("mine", _("我的社情民意"), "opinions:mine", C.SUBMIT_OPINIONS, 30),
)
registry.message_target(
    "opinions.opinion",
    MessageTarget(C.SUBMIT_OPINIONS, "opinions:mine_detail"),
    MessageTarget(C.MANAGE_OPINIONS, "opinions:desk_detail"),
)
registry.message_target("opinions.referral", MessageTarget(C.HANDLE_OPINIONS, "opinions:referral_detail"))
registry.tile(
    Tile("opinions.mine", "member", "opinions/_tile_mine.html", tiles.my_reports, C.SUBMIT_OPINIONS, 40),
    Tile("opinions.office", "staff", "opinions/_tile_office.html", tiles.office_queue, C.MANAGE_OPINIONS, 40),
    Tile("opinions.officer", "account", "opinions/_tile_officer.html", tiles.officer_home, C.SUBMIT_OPINIONS, 10),
)
registry.station_panel(
    Panel("opinions.officers", "opinions/_station_officers.html", tiles.station_officers, C.VIEW_STATS, 20)
)
# A station's checklist (liaison) counts its officers and the reports sent from it.
registry.station_facts(station_facts)
registry.shortcut(Shortcut(_("报送社情民意"), "opinions:submit", C.SUBMIT_OPINIONS, 50))
