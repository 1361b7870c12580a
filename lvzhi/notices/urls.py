from lvzhi.notices.views import (
    manage_notices,
    manage_study,
    manage_topics,
    portal_notices,
    portal_study,
    portal_topics,
    showcase,
)

app_name = "notices"
urlpatterns = [
    *manage_notices.urlpatterns,
    *manage_study.urlpatterns,
    *manage_topics.urlpatterns,
    *portal_notices.urlpatterns,
    *portal_study.urlpatterns,
    *portal_topics.urlpatterns,
    *showcase.urlpatterns,
]
