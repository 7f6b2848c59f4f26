"""Template filters and tags for the public pages: dates, sanitised HTML, the site name, JSON-LD."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from lib.citing import iso_date
from lib.dates import readable
from lib.markup import render_markdown, sanitize

register = template.Library()


@register.filter
def safe_html(html):
    """Stored HTML sanitised again on the way out (it was sanitised at save; imports may bypass that)."""
    return mark_safe(sanitize(html))  # nh3 has just cleaned it


@register.filter
def edtf(text):
    """An EDTF string as readers expect it: "November 16, 1933", "1930s", "c. 1933"."""
    return readable(text)


@register.filter
def html_datetime(text):
    """The EDTF string when it is a plain year, month or day (valid in ``datetime=``), else ""."""
    return iso_date(text) or ""


@register.filter
def lifespan(person, precision=""):
    """ "July 17, 1876–December 31, 1951", "born 1876", "died 1951" or "" from EDTF birth and death.

    ``|lifespan:"years"`` shortens exact dates to their year (for lists): "1876–1951".
    """

    def shown(text):
        if precision == "years" and iso_date(text):
            return text[:4]
        return readable(text)

    birth, death = shown(person.birth), shown(person.death)
    if birth and death:
        return f"{birth}–{death}"
    if birth:
        return f"born {birth}"
    if death:
        return f"died {death}"
    return ""


@register.simple_tag
def site_name():
    return settings.SITE_NAME


@register.filter
def json_ld(data):
    """A ``<script type="application/ld+json">`` block that text in ``data`` cannot break out of.

    Like Django's json_script, <, > and & are escaped as \\u003C etc., so a title containing
    ``</script>`` stays inside the JSON string.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, default=str)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """The absolute address of ``path`` (default: this page without its query string)."""
    request = context.get("request")
    if request is None:
        return path or ""
    return request.build_absolute_uri(path if path is not None else request.path)


@register.filter
def markdown(text):
    """Markdown that has no stored ``*_html`` field (place and topic descriptions), sanitised."""
    return mark_safe(render_markdown(text))  # render_markdown sanitises
