"""What planning contributes to the navigation."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import NavLink, registry

registry.nav(
    NavLink("activities", _("履职日历"), "planning:calendar", C.VIEW_STATS, 30),
    NavLink("activities", _("年度清单"), "planning:plans", C.VIEW_STATS, 40),
    NavLink("mine", _("我的清单"), "planning:my_plan", C.PARTICIPATE, 30),
)
