from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "lvzhi.proposals"
    label = "proposals"
    verbose_name = _("提案")

    def ready(self) -> None:
        from lvzhi.proposals import hooks  # noqa: F401  (registers links and tiles with core.registry)
