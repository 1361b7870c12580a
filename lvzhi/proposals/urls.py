from lvzhi.proposals.views import honours, member, office, speeches, stats, supervision, unit

app_name = "proposals"
# Each views module owns its routes: the member's, the proposal office's and the handling unit's.
urlpatterns = (
    member.urlpatterns
    + office.urlpatterns
    + supervision.urlpatterns
    + honours.urlpatterns
    + stats.urlpatterns
    + speeches.urlpatterns
    + unit.urlpatterns
)
