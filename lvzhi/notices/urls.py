from lvzhi.notices.views import manage_notices, manage_study, portal_notices, portal_study

app_name = "notices"
urlpatterns = (
    manage_notices.urlpatterns + manage_study.urlpatterns + portal_notices.urlpatterns + portal_study.urlpatterns
)
