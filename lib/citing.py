"""How to cite a page of the archive, and the machine-readable descriptions search engines read.

Used by the event, person and agreement pages of both apps; these functions only read
attributes (title, dates, URLs), so they import no model.
"""

import re

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from lib.slugs import get_by_slug_or_history

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


# Files for reference managers ---------------------------------------------------------------------

# BibTeX's special characters, written so that LaTeX prints them as text.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _one_line(text):
    """``text`` without control characters or line breaks (each run becomes one space)."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def _bibtex_text(text):
    return "".join(_BIBTEX_ESCAPES.get(char, char) for char in _one_line(text))


def bibtex(key, title, url, modified):
    """A BibTeX @misc entry for a page, with the same facts as ``citations()``.

    The title is braced twice so that styles keep its capitals ("Soviet Union"); the URL is
    given raw in ``url`` (biblatex and natbib styles typeset it) and ``modified`` is a datetime.
    """
    day = modified.date()
    fields = [
        ("title", "{" + _bibtex_text(title.rstrip(".")) + "}"),
        # A corporate author: braced so that BibTeX does not read "Surname, Given".
        ("author", "{" + _bibtex_text(settings.SITE_NAME) + "}"),
        ("year", str(day.year)),
        ("month", MONTHS[day.month - 1][:3].lower()),
        ("url", _one_line(url).replace("{", "%7B").replace("}", "%7D")),
        ("note", f"Last modified {MONTHS[day.month - 1]} {day.day}, {day.year}"),
    ]
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(title, url, modified):
    """An RIS record (type ELEC, a web page) for a page; lines end with CR LF, as the format asks."""
    day = modified.date()
    lines = [
        ("TY", "ELEC"),
        ("TI", _one_line(title.rstrip("."))),
        ("AU", _one_line(settings.SITE_NAME)),
        ("PB", _one_line(settings.SITE_NAME)),
        ("PY", str(day.year)),
        ("DA", day.strftime("%Y/%m/%d")),
        ("UR", _one_line(url)),
        ("LA", "en"),
        ("N1", f"Last modified {MONTHS[day.month - 1]} {day.day}, {day.year}"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


CITATION_FORMATS = {
    # format in the URL and file extension: (label, content type)
    "bib": ("BibTeX", "application/x-bibtex; charset=utf-8"),
    "ris": ("RIS", "application/x-research-info-systems; charset=utf-8"),
}


def citation_files(route, slug):
    """[(label, address)] of a record's citation files; ``route`` names them without the format
    ("events:cite" for events:cite-bib and events:cite-ris)."""
    return [
        (label, reverse(f"{route}-{format}", kwargs={"slug": slug})) for format, (label, _) in CITATION_FORMATS.items()
    ]


def citation_download(request, queryset, slug, format, route):
    """The view of a record's citation file, citing ``str(record)`` (an event's or agreement's
    title, a person's name): ``route`` names the files as for ``citation_files``. An old slug
    redirects (301) like the record's page."""
    record = get_by_slug_or_history(queryset, slug)
    if record.slug != slug:
        return redirect(f"{route}-{format}", slug=record.slug, permanent=True)
    return citation_file(request, record, str(record), format)


def citation_file(request, record, title, format):
    """The response that downloads ``record``'s citation as BibTeX ("bib") or RIS ("ris")."""
    url = request.build_absolute_uri(record.get_absolute_url())
    if format == "bib":
        text = bibtex(f"{record._meta.model_name}-{record.slug}", title, url, record.updated_at)
    else:
        text = ris(title, url, record.updated_at)
    response = HttpResponse(text, content_type=CITATION_FORMATS[format][1])
    response["Content-Disposition"] = f'attachment; filename="{record.slug}.{format}"'
    return response
