from lvzhi.dashboard import views

app_name = "dashboard"
urlpatterns = views.urlpatterns
