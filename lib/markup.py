"""Curators write Markdown; readers get sanitised HTML.

Rendering happens once, when a record is saved (the ``*_html`` fields), and again on the way out
through the ``safe_html`` filter, so HTML that reached the database some other way (an import,
raw SQL) is cleaned before it is shown.
"""

import threading

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "span": {"lang", "class"},
    "q": {"cite"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    # Imported essays keep the dates they mark up (<date when="1933-11-16">) as <time datetime>.
    "time": {"datetime"},
    "*": {"lang", "dir"},
}
# No javascript:, data: or vbscript: URLs, whatever the case or the entity-encoding.
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html):
    """Strip everything but a small set of tags and attributes from ``html``."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Building a Markdown instance loads its extensions and costs about 2 ms, more than converting a
# paragraph. Each thread keeps one and resets it between documents (instances are not thread-safe).
_local = threading.local()


def _converter():
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return converter


def render_markdown(text):
    """Markdown -> sanitised HTML. Raw HTML in the source is escaped, not interpreted, by nh3."""
    converter = _converter()
    try:
        html = converter.convert(text or "")
    finally:
        converter.reset()
    return sanitize(html)
