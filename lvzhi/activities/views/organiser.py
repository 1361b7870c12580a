"""The organiser (staff) console for activities and meetings; each module owns the routes of one use case."""

from lvzhi.activities.views import (
    organiser_activities,
    organiser_checkin,
    organiser_leave,
    organiser_roster,
    organiser_rules,
    organiser_sheets,
)

urlpatterns = [
    *organiser_activities.urlpatterns,
    *organiser_roster.urlpatterns,
    *organiser_sheets.urlpatterns,
    *organiser_checkin.urlpatterns,
    *organiser_leave.urlpatterns,
    *organiser_rules.urlpatterns,
]
