from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "lvzhi.opinions"
    label = "opinions"
    verbose_name = _("社情民意")

    def ready(self) -> None:
        from lvzhi.opinions import hooks  # noqa: F401  (registers links and tiles with core.registry)
