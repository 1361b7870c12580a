from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from lvzhi.core import hooks  # noqa: F401  (registers links and tiles with core.registry)
