"""The Atom feed of newly published and updated records (/feed/)."""

import operator

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from events.models import Agreement, Event
from people.models import Person

FEED_LENGTH = 30


# What a link to a record shows (its title or name, its address, when it changed): the home page
# reads only these, not the narratives and biographies (a tenth of the page's time).
LINK_FIELDS = {
    Event: ("title", "slug", "updated_at", "status"),
    Person: ("display_name", "slug", "updated_at", "status"),
    Agreement: ("title", "slug", "updated_at", "status"),
}


def recently_updated(count, *, links_only=False):
    """The ``count`` public events, people and agreements changed last, newest first (three queries).

    ``links_only``: with only the columns of LINK_FIELDS (the home page); the feed needs the rest.
    """
    records = []
    for model, fields in LINK_FIELDS.items():
        queryset = model.objects.published().order_by("-updated_at")
        records += (queryset.only(*fields) if links_only else queryset)[:count]
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
