"""How to cite a page of the archive, and the machine-readable descriptions search engines read.

Used by the event, person and agreement pages of both apps; these functions only read
attributes (title, dates, URLs), so they import no model.
"""

import re

from django.conf import settings
from django.utils.html import format_html

# MLA 9 abbreviates months of more than four letters, except that it writes "Sept.".
MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
MONTHS = "January February March April May June July August September October November December".split()


def citations(title, url, modified):
    """Chicago, MLA and APA references to a page, as (style, HTML) pairs.

    ``url`` is the page's absolute, permanent address; ``modified`` its last-changed datetime
    (the record's ``updated_at``). The site is the author, as for any unsigned web page.
    """
    site = settings.SITE_NAME
    day = modified.date()
    chicago = format_html(
        "“{}.” {}. Last modified {} {}, {}. {}.",
        title.rstrip("."),
        site,
        MONTHS[day.month - 1],
        day.day,
        day.year,
        url,
    )
    mla = format_html(
        "“{}.” <i>{}</i>, {} {} {}, {}.",
        title.rstrip("."),
        site,
        day.day,
        MLA_MONTHS[day.month - 1],
        day.year,
        re.sub(r"^https?://", "", url),
    )
    apa = format_html(
        "{}. ({}, {} {}). <i>{}</i>. {}",
        site,
        day.year,
        MONTHS[day.month - 1],
        day.day,
        title.rstrip("."),
        url,
    )
    return [("Chicago", chicago), ("MLA", mla), ("APA", apa)]


_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def iso_date(edtf):
    """An EDTF date that is also ISO 8601 (a plain year, month or day), else None."""
    edtf = (edtf or "").strip()
    if _ISO.match(edtf) and not re.match(r"^\d{4}-2[1-4]$", edtf):
        return edtf
    return None


def breadcrumbs(request, trail):
    """A schema.org BreadcrumbList for [(name, path)], the page itself last."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": request.build_absolute_uri(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def graph(*nodes):
    """The JSON-LD document for a page: its nodes in one @graph, empty values dropped."""
    return {"@context": "https://schema.org", "@graph": [_compact(node) for node in nodes]}


def _compact(value):
    if isinstance(value, dict):
        return {key: _compact(item) for key, item in value.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [_compact(item) for item in value]
    return value
