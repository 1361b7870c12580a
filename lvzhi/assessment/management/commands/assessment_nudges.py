"""Daily (or monthly): from July, remind members still missing a minimum duty of the year, once a month each."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lvzhi.assessment.services.nudges import send_nudges
from lvzhi.core.models import Committee


class Command(BaseCommand):
    help = "Remind members missing a minimum duty (三个一) from July on (run daily; each member once a month)."

    def handle(self, *args: object, **options: object) -> None:
        with scopes_disabled():
            committees = list(Committee.objects.all())
        for committee in committees:
            with scope(committee=committee):
                sent = send_nudges(committee)
            self.stdout.write(_("%(c)s：提醒 %(n)d 位委员") % {"c": committee.name, "n": sent})
