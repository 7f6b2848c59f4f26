from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("<slug:slug>/", views.person_detail, name="detail"),
    path("<slug:slug>/cite.bib", views.person_citation, {"format": "bib"}, name="cite-bib"),
    path("<slug:slug>/cite.ris", views.person_citation, {"format": "ris"}, name="cite-ris"),
]
