"""Daily: remind whoever holds a mailbox letter before its deadline, and tell the office of missed ones."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lvzhi.core.models import Committee
from lvzhi.liaison.services import send_letter_reminders


class Command(BaseCommand):
    help = "Remind letter holders before deadlines; escalate overdue letters to the office (run daily)."

    def handle(self, *args: object, **options: object) -> None:
        with scopes_disabled():
            committees = list(Committee.objects.all())
        for committee in committees:
            with scope(committee=committee):
                counts = send_letter_reminders(committee)
            self.stdout.write(
                _("%(c)s：提醒 %(r)d 件，督办 %(e)d 件")
                % {"c": committee.name, "r": counts.reminded, "e": counts.escalated}
            )
