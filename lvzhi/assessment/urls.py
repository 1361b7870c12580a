from lvzhi.assessment.views import me, ranking, schemes, tiles

app_name = "assessment"
urlpatterns = me.urlpatterns + tiles.urlpatterns + schemes.urlpatterns + ranking.urlpatterns
