from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.generic import TemplateView

from events.feeds import RecentRecordsFeed
from events.sitemaps import AgreementSitemap, EraSitemap, EventSitemap, PagesSitemap, PlaceSitemap, TopicSitemap
from people.sitemaps import PersonSitemap

admin.site.site_header = f"{settings.SITE_NAME}: curation"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Curate events, people and agreements"

SITEMAPS = {
    "pages": PagesSitemap,
    "eras": EraSitemap,
    "events": EventSitemap,
    "people": PersonSitemap,
    "agreements": AgreementSitemap,
    "places": PlaceSitemap,
    "topics": TopicSitemap,
}

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("feed/", RecentRecordsFeed(), name="feed"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("people/", include("people.urls")),
    path("search/", include("events.search_urls")),
    path("", include("events.redirect_urls")),
    path("", include("events.urls")),
]

# The 503 page when the database is unreachable, Django's 500 page otherwise.
handler500 = "lib.middleware.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
