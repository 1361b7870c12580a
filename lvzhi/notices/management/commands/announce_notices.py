from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lvzhi.notices.services import announce_due_notices


class Command(BaseCommand):
    help = "Tell the audiences of timed notices (定时发布) whose publication time has come (run every 5 minutes)."

    def handle(self, *args: object, **options: object) -> None:
        count = announce_due_notices()
        self.stdout.write(_("已推送 %(n)s 条到点发布的通知") % {"n": count})
