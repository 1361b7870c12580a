from django.urls import path

from lvzhi.liaison.views import contacts, letters, mailboxes, public, stations, visits

app_name = "liaison"

urlpatterns = [
    path("box/<str:key>/", public.public_mailbox, name="public_mailbox"),
    path("letter/<str:token>/", public.public_letter, name="public_letter"),
    path("letters/", letters.office_list, name="office_list"),
    path("letters/export/", letters.office_export, name="office_export"),
    path("letters/<int:pk>/", letters.office_detail, name="office_detail"),
    path("letters/<int:pk>/<str:action>/", letters.office_action, name="office_action"),
    path("mine/letters/", letters.my_list, name="my_list"),
    path("mine/letters/<int:pk>/", letters.my_detail, name="my_detail"),
    path("mine/letters/<int:pk>/<str:action>/", letters.my_action, name="my_action"),
    path("mine/mailbox/", mailboxes.my_mailbox, name="my_mailbox"),
    path("unit/letters/", letters.unit_list, name="unit_list"),
    path("unit/letters/<int:pk>/", letters.unit_detail, name="unit_detail"),
    path("mailboxes/", mailboxes.mailbox_list, name="mailboxes"),
    path("mailboxes/open/", mailboxes.mailbox_open_all, name="mailboxes_open_all"),
    path("mailboxes/<int:pk>/poster/", mailboxes.mailbox_poster, name="mailbox_poster"),
    path("mine/contacts/", contacts.my_contacts, name="my_contacts"),
    path("mine/contacts/log/", contacts.contact_log_add, name="contact_log_add"),
    path("mine/contacts/<int:pk>/toggle/", contacts.contact_toggle, name="contact_toggle"),
    path("mine/contacts/log/<int:pk>/delete/", contacts.contact_log_delete, name="contact_log_delete"),
    path("contacts/coverage/", contacts.coverage, name="contact_coverage"),
    path("contacts/coverage/export/", contacts.coverage_export, name="contact_coverage_export"),
    path("visits/", visits.visits, name="visits"),
    path("visits/export/", visits.visits_export, name="visits_export"),
    path("visits/links/", visits.link_add, name="link_add"),
    path("visits/links/<int:pk>/remove/", visits.link_remove, name="link_remove"),
    path("visits/<int:pk>/follow-up/", visits.visit_follow_up, name="visit_follow_up"),
    path("campaigns/", visits.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", visits.campaign_detail, name="campaign_detail"),
    path("campaigns/issues/<int:pk>/", visits.issue_action, name="issue_action"),
    path("stations/", stations.station_list, name="stations"),
    path("stations/<int:pk>/", stations.station_detail, name="station"),
    path("stations/<int:pk>/reception/", stations.reception_add, name="reception_add"),
    path("stations/<int:pk>/area/", stations.station_area, name="station_area"),
]
