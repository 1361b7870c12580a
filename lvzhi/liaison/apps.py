from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "lvzhi.liaison"
    label = "liaison"
    verbose_name = _("联系群众")

    def ready(self) -> None:
        from lvzhi.liaison import hooks  # noqa: F401  (registers links and tiles with core.registry)
