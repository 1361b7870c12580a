from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lvzhi.activities.services import remind_to_close, send_undersize_warnings


class Command(BaseCommand):
    help = "Warn organisers of activities below their minimum size and remind them of attendance to close (daily)."

    def handle(self, *args: object, **options: object) -> None:
        warned = send_undersize_warnings()
        reminded = remind_to_close()
        self.stdout.write(_("名额不足提醒 %(w)s 个活动；待确认考勤提醒 %(r)s 个活动") % {"w": warned, "r": reminded})
