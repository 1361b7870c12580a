"""What the organisation app contributes to the navigation."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import todo
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import NavLink, Shortcut, Tile, registry
from lvzhi.org.queries import members as queries
from lvzhi.org.tiles import registry_tile

registry.nav(
    NavLink("members", _("委员通讯录"), "org:directory", C.VIEW_DIRECTORY, 10),
    NavLink("members", _("委员导入"), "org:import", C.MANAGE_MEMBERS, 20),
    NavLink("admin", _("组织管理"), "org:organisation", C.MANAGE_ORG, 10),
    NavLink("admin", _("下级政协管理"), "org:committees", C.MANAGE_COMMITTEES, 15),
    NavLink("mine", _("我的资料"), "org:my_profile", C.PARTICIPATE, 50),
)
registry.shortcut(Shortcut(_("我的资料"), "org:my_profile", C.PARTICIPATE, 60))
registry.tile(Tile("org.registry", "staff", "org/_tile_registry.html", registry_tile, C.VIEW_MEMBERS, 10))
todo.register_todos(queries.home_todos)  # member imports finished lately, on the staff home
