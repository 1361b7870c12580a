from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        import sys

        from lvzhi.core import hooks  # noqa: F401  (registers links and tiles with core.registry)

        if sys.argv[1:2] == ["db_worker"]:
            # The task worker serves too: `manage.py restore` waits for it to stop (lvzhi/core/backup.py).
            from lvzhi.core.backup import hold_server_lock

            hold_server_lock()
