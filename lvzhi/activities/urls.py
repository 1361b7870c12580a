from lvzhi.activities.views import importing, organiser, portal

app_name = "activities"
# Each views module owns its routes: the organiser console and the member portal.
urlpatterns = organiser.urlpatterns + portal.urlpatterns + importing.urlpatterns
