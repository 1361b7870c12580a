"""Daily: remind handling units of replies coming due, chase overdue ones and tell the office, chase follow-ups."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lvzhi.core.models import Committee
from lvzhi.proposals.services.follow_up import send_proposal_reminders


class Command(BaseCommand):
    help = (
        "Remind units before reply deadlines, chase overdue replies and follow-ups, remind proposers to rate (daily)."
    )

    def handle(self, *args: object, **options: object) -> None:
        with scopes_disabled():
            committees = list(Committee.objects.all())
        for committee in committees:
            with scope(committee=committee):
                counts = send_proposal_reminders(committee)
            self.stdout.write(
                _("%(c)s：催办 %(r)d 件，逾期报办公室 %(e)d 件，跟踪事项 %(f)d 件，提醒评价 %(v)d 件")
                % {
                    "c": committee.name,
                    "r": counts.reminded,
                    "e": counts.escalated,
                    "f": counts.follow_ups,
                    "v": counts.evaluations,
                }
            )
