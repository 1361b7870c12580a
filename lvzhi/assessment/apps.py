from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "lvzhi.assessment"
    verbose_name = _("履职考核")

    def ready(self) -> None:
        from lvzhi.assessment import hooks  # noqa: F401  registers navigation, tiles and ledger points
