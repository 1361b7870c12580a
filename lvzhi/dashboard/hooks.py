"""What the statistics app contributes to the navigation."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import NavLink, registry

registry.nav(NavLink("activities", _("活动统计"), "dashboard:activities", C.VIEW_STATS, 50))
registry.nav_group("stats", _("统计分析"), 65)
registry.nav(
    NavLink("stats", _("履职工作看板"), "dashboard:leaders", C.VIEW_STATS, 10),
    NavLink("stats", _("委员履职统计表"), "dashboard:members", C.VIEW_STATS, 20),
    NavLink("stats", _("未履职/履职偏少委员"), "dashboard:inactive", C.VIEW_ASSESSMENT, 40),
    NavLink("stats", _("会议活动出席统计"), "dashboard:events", C.VIEW_STATS, 50),
    NavLink("stats", _("界别/活动组/工作室"), "dashboard:units", C.VIEW_STATS, 60),
    NavLink("stats", _("逐级汇总"), "dashboard:committees", C.VIEW_STATS, 70),
    NavLink("stats", _("年度综述"), "dashboard:summary", C.VIEW_STATS, 80),
)
