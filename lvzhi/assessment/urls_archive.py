"""The archive (一人一档) and duty report (述职) pages, mounted at /assessment/archive/."""

from lvzhi.assessment.views import archive, reports

app_name = "archive"
urlpatterns = archive.urlpatterns + reports.urlpatterns
