from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "lvzhi.ledger"
    label = "ledger"
    verbose_name = _("履职信息库")

    def ready(self) -> None:
        from lvzhi.ledger import hooks  # noqa: F401  (registers links and tiles with core.registry)
