"""What liaison contributes: navigation, home tiles, member-home shortcuts and message links."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import MessageTarget, NavLink, Shortcut, Tile, registry
from lvzhi.liaison.views import tiles

registry.nav_group("liaison", _("联系群众"), 40)
registry.nav(
    NavLink("liaison", _("群众来信"), "liaison:office_list", C.MANAGE_LETTERS, 10),
    NavLink("liaison", _("信箱与二维码"), "liaison:mailboxes", C.MANAGE_LETTERS, 20),
    NavLink("liaison", _("转办来信"), "liaison:unit_list", C.HANDLE_LETTERS, 30),
    NavLink("mine", _("我的信箱"), "liaison:my_mailbox", C.PARTICIPATE, 40),
    NavLink("mine", _("群众来信"), "liaison:my_list", C.PARTICIPATE, 50),
    NavLink("mine", _("联系界别群众"), "liaison:my_contacts", C.KEEP_CONTACTS, 60),
    NavLink("liaison", _("联系群众覆盖"), "liaison:contact_coverage", C.VIEW_STATS, 40),
    NavLink("liaison", _("走访谈心与双联系"), "liaison:visits", C.MANAGE_VISITS, 50),
    NavLink("liaison", _("大走访"), "liaison:campaigns", C.MANAGE_VISITS, 60),
    NavLink("liaison", _("委员工作站点"), "liaison:stations", C.VIEW_STATS, 70),
)
registry.message_target(
    "liaison.letter",
    MessageTarget(C.MANAGE_LETTERS, "liaison:office_detail"),
    MessageTarget(C.HANDLE_LETTERS, "liaison:unit_detail"),
    MessageTarget(C.ANSWER_LETTERS, "liaison:my_detail"),
)
registry.tile(
    Tile("liaison.letters", "member", "liaison/_tile_member_letters.html", tiles.member_letters, C.PARTICIPATE, 25),
    Tile(
        "liaison.contacts", "member", "liaison/_tile_member_contacts.html", tiles.member_contacts, C.KEEP_CONTACTS, 26
    ),
    Tile("liaison.office", "staff", "liaison/_tile_office_letters.html", tiles.office_letters, C.MANAGE_LETTERS, 40),
    Tile("liaison.unit", "account", "liaison/_tile_unit_letters.html", tiles.unit_letters, C.HANDLE_LETTERS, 20),
)
registry.shortcut(
    Shortcut(_("我的信箱"), "liaison:my_mailbox", C.PARTICIPATE, 50),
    Shortcut(_("联系界别群众"), "liaison:my_contacts", C.KEEP_CONTACTS, 60),
)
