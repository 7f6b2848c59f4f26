"""Sitemaps of the public pages: /sitemap.xml is an index of one sitemap per kind of record,
each split in pages of LIMIT addresses (?p=2) so that none takes long to build.
Only published and retired records are listed.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Agreement, Era, Event, Place, Topic

LIMIT = 2000


class PagesSitemap(Sitemap):
    def items(self):
        return ["events:home", "events:timeline", "events:list", "events:agreements", "people:list"]

    def location(self, item):
        return reverse(item)


class EventSitemap(Sitemap):
    limit = LIMIT

    def items(self):
        return Event.objects.published().order_by("id").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at


class AgreementSitemap(Sitemap):
    limit = LIMIT

    def items(self):
        return Agreement.objects.published().order_by("id").only("slug", "updated_at")

    def lastmod(self, agreement):
        return agreement.updated_at


class EraSitemap(Sitemap):
    def items(self):
        return Era.objects.all()

    def lastmod(self, era):
        return era.updated_at


class PlaceSitemap(Sitemap):
    limit = LIMIT

    def items(self):
        return Place.objects.order_by("id").only("slug")


class TopicSitemap(Sitemap):
    limit = LIMIT

    def items(self):
        return Topic.objects.order_by("id").only("slug")
