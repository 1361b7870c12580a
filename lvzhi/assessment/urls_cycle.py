"""The yearly cycle's screens, mounted at /assessment/cycle/ (its own namespace beside the app's score pages)."""

from lvzhi.assessment.views.cycle import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
