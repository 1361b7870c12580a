"""What the statistics app contributes to the navigation."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import NavLink, registry

registry.nav(NavLink("activities", _("活动统计"), "dashboard:activities", C.VIEW_STATS, 50))
registry.nav_group("stats", _("统计分析"), 60)
registry.nav(
    NavLink("stats", _("学习培训目标"), "assessment_targets:study", C.VIEW_ASSESSMENT, 30),
)
