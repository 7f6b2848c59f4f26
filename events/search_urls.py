from django.urls import path

from events import search_views

app_name = "search"

urlpatterns = [
    path("", search_views.search_results, name="results"),
    path("opensearch.xml", search_views.opensearch, name="opensearch"),
]
