from lvzhi.planning.views import calendar, plans

app_name = "planning"
# Each views module owns its routes: the calendar and the annual work plan.
urlpatterns = calendar.urlpatterns + plans.urlpatterns
