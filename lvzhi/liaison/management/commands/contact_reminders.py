"""Daily: in the last two weeks of a quarter, remind members who have not yet contacted all their standing contacts."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lvzhi.core.models import Committee
from lvzhi.liaison.services.contacts import send_contact_reminders


class Command(BaseCommand):
    help = "Remind members short of the mass-contact rule before the quarter ends (run daily; each member once)."

    def handle(self, *args: object, **options: object) -> None:
        with scopes_disabled():
            committees = list(Committee.objects.all())
        for committee in committees:
            with scope(committee=committee):
                sent = send_contact_reminders(committee)
            self.stdout.write(_("%(c)s：提醒 %(n)d 位委员") % {"c": committee.name, "n": sent})
