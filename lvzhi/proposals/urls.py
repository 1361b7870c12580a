from lvzhi.proposals.views import member, office

app_name = "proposals"
# Each views module owns its routes: the member's screens and the proposal office's.
urlpatterns = member.urlpatterns + office.urlpatterns
