from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "lvzhi.notices"
    label = "notices"
    verbose_name = _("知情明政与学习")

    def ready(self) -> None:
        from lvzhi.notices import hooks  # noqa: F401  (registers links and tiles with core.registry)
