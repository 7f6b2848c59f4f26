"""Sitemap of the public person pages (part of /sitemap.xml)."""

from django.contrib.sitemaps import Sitemap

from people.models import Person


class PersonSitemap(Sitemap):
    limit = 2000  # addresses per page of this sitemap, as in events/sitemaps.py

    def items(self):
        return Person.objects.published().order_by("id").only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at
