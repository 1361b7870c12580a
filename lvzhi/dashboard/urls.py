from lvzhi.dashboard import views, views_reports

app_name = "dashboard"
urlpatterns = views.urlpatterns + views_reports.urlpatterns
