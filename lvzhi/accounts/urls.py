from lvzhi.accounts.views import users

app_name = "accounts"
urlpatterns = users.urlpatterns
