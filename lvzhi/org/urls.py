from django.urls import path

from lvzhi.org import views

app_name = "org"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("members/", views.directory, name="directory"),
    path("structure/", views.organisation, name="organisation"),
    path("users/", views.users, name="users"),
    path("members/import/", views.import_members, name="import"),
    path("me/", views.my_profile, name="my_profile"),
]
