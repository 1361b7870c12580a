from lvzhi.assessment.views import me, ranking, schemes

app_name = "assessment"
urlpatterns = me.urlpatterns + schemes.urlpatterns + ranking.urlpatterns
