from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("timeline/", views.timeline, name="timeline"),
    path("eras/<slug:slug>/", views.era_detail, name="era"),
    path("events/", views.event_list, name="list"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/cite.bib", views.event_citation, {"format": "bib"}, name="cite-bib"),
    path("events/<slug:slug>/cite.ris", views.event_citation, {"format": "ris"}, name="cite-ris"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement"),
    path("agreements/<slug:slug>/cite.bib", views.agreement_citation, {"format": "bib"}, name="agreement-cite-bib"),
    path("agreements/<slug:slug>/cite.ris", views.agreement_citation, {"format": "ris"}, name="agreement-cite-ris"),
    path("places/<slug:slug>/", views.place_detail, name="place"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
]
