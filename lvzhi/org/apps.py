from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "lvzhi.org"
    label = "org"
    verbose_name = _("组织与委员")

    def ready(self) -> None:
        from lvzhi.org import hooks  # noqa: F401  (registers links and tiles with core.registry)
        from lvzhi.org.signals import connect

        connect()
