from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "lvzhi.planning"
    label = "planning"
    verbose_name = _("履职日历与年度清单")

    def ready(self) -> None:
        from lvzhi.planning import hooks  # noqa: F401  (registers links and tiles with core.registry)
