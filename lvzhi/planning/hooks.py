"""What planning contributes: navigation, its working-day calendar for other apps' deadlines, and a station's
events on the station's page."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.models import Committee
from lvzhi.core.registry import NavLink, Panel, registry
from lvzhi.core.workdays import DayTest, provide_calendar
from lvzhi.planning.queries import work_calendar
from lvzhi.planning.station_events import activities_held, station_events

registry.nav(
    NavLink("activities", _("履职日历"), "planning:calendar", C.VIEW_STATS, 30),
    NavLink("activities", _("年度清单"), "planning:plans", C.VIEW_STATS, 40),
    NavLink("mine", _("我的清单"), "planning:my_plan", C.PARTICIPATE, 30),
)


def _working_days(committee: Committee, year: int) -> DayTest:
    return work_calendar(committee, year).is_working_day


# Deadlines in other apps (mailbox letters) count working days on this committee's calendar.
provide_calendar(_working_days)

# Liaison's station page shows the station's activities and counts them for its checklist; liaison may not import
# activities, planning may.
registry.station_panel(Panel("planning.station_events", "planning/_station_events.html", station_events, None, 30))
registry.station_facts(activities_held)
