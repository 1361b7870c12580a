"""What accounts contribute to the navigation."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import NavLink, registry

registry.nav(NavLink("admin", _("用户与角色"), "accounts:users", C.MANAGE_USERS, 20))
