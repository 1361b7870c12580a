from lvzhi.notices.views import manage_notices, portal_notices

app_name = "notices"
urlpatterns = manage_notices.urlpatterns + portal_notices.urlpatterns
