from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "lvzhi.dashboard"
    label = "dashboard"
    verbose_name = _("统计")

    def ready(self) -> None:
        from lvzhi.dashboard import hooks  # noqa: F401  (registers links and tiles with core.registry)
