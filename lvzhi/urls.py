from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from lvzhi.accounts.views import signin
from lvzhi.api.api import api
from lvzhi.core import views as core_views
from lvzhi.core import views_inbox
from lvzhi.dashboard import search
from lvzhi.ledger import views as views_ledger
from lvzhi.portal import views as portal_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("", include("lvzhi.portal.views")),
    path("login/", signin.login_view, name="login"),
    path("logout/", signin.logout_view, name="logout"),
    path("account/", signin.account, name="account"),
    path("account/tokens/revoke/", signin.revoke_my_token, name="account_revoke_token"),
    path("large-font/", signin.toggle_large_font, name="toggle_large_font"),
    path("committee/switch/", signin.switch_committee, name="switch_committee"),
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("sw.js", core_views.service_worker, name="service_worker"),
    path("help/", core_views.help_page, name="help"),
    path("search/", search.search, name="search"),
    # Browsers ask for /favicon.ico whatever the page says; the URL is resolved per request (lazy), not at import.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/icon-192.png"), permanent=True)),
    path("org/", include("lvzhi.org.urls")),
    path("accounts/", include("lvzhi.accounts.urls")),
    path("activities/", include("lvzhi.activities.urls")),
    path("planning/", include("lvzhi.planning.urls")),
    path("liaison/", include("lvzhi.liaison.urls")),
    path("proposals/", include("lvzhi.proposals.urls")),
    path("opinions/", include("lvzhi.opinions.urls")),
    path("notices/", include("lvzhi.notices.urls")),
    path("inbox/", include(views_inbox.urlpatterns)),
    path("ledger/", include((views_ledger.urlpatterns, "ledger"))),
    path("stats/", include("lvzhi.dashboard.urls")),
    path("assessment/cycle/", include("lvzhi.assessment.urls_cycle")),
    path("assessment/archive/", include("lvzhi.assessment.urls_archive")),
    path("assessment/", include("lvzhi.assessment.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
