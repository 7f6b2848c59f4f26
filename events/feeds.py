"""The Atom feed of newly published and updated records (/feed/)."""

import operator

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from events.models import Agreement, Event
from people.models import Person

FEED_LENGTH = 30


def recently_updated(count):
    """The ``count`` public events, people and agreements changed last, newest first (three queries)."""
    records = []
    for model in (Event, Person, Agreement):
        records += model.objects.published().order_by("-updated_at")[:count]
    records.sort(key=operator.attrgetter("updated_at"), reverse=True)
    return records[:count]


class RecentRecordsFeed(Feed):
    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: new and updated records"
    subtitle = "Events, people and agreements as they are published or revised."
    link = reverse_lazy("events:home")

    def items(self):
        return recently_updated(FEED_LENGTH)

    def item_title(self, item):
        return f"{item._meta.verbose_name.capitalize()}: {item}"

    def item_description(self, item):
        return getattr(item, "summary", "") or ""

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return item.get_absolute_url()
