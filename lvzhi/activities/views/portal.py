"""The member portal (phone first): the menu, the activity page, my activities, check-in and my calendar."""

from lvzhi.activities.views import portal_calendar, portal_checkin, portal_menu, portal_mine

# Each portal_*.py module owns the routes of its use case.
urlpatterns = (
    portal_menu.urlpatterns + portal_mine.urlpatterns + portal_checkin.urlpatterns + portal_calendar.urlpatterns
)
