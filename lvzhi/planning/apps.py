from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "lvzhi.planning"
    label = "planning"
    verbose_name = _("履职日历与年度清单")
