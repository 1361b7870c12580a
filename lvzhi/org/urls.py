from lvzhi.org.views import committees, importing, members, people, photos, portal, positions, printing, structure

app_name = "org"
# Each views module owns its routes; import before the member routes so "members/import/" wins.
urlpatterns = (
    importing.urlpatterns
    + printing.urlpatterns
    + members.urlpatterns
    + positions.urlpatterns
    + photos.urlpatterns
    + structure.urlpatterns
    + portal.urlpatterns
    + people.urlpatterns
    + committees.urlpatterns
)
