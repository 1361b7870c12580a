from lvzhi.opinions.views import bulletins, desk, officers, stats, submitter, units

app_name = "opinions"
urlpatterns = (
    submitter.urlpatterns
    + desk.urlpatterns
    + bulletins.urlpatterns
    + units.urlpatterns
    + stats.urlpatterns
    + officers.urlpatterns
)
