from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lvzhi.activities.services import send_reminders


class Command(BaseCommand):
    help = "Remind participants of activities that start tomorrow (run once a day)."

    def handle(self, *args: object, **options: object) -> None:
        count = send_reminders()
        self.stdout.write(_("已提醒 %(n)s 个活动的参加人员") % {"n": count})
