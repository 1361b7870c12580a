"""What the statistics app contributes to the navigation."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import NavLink, registry

registry.nav(NavLink("activities", _("活动统计"), "dashboard:activities", C.VIEW_STATS, 50))
