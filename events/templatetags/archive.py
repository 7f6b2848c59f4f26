"""The functions and filters of the public pages: dates, sanitised HTML, JSON-LD, and rows of lists.

The public pages are Jinja2 templates, which get these from archive_site/templating.py. They are
registered for Django's engine too: the tests compare the row functions with the template loops
they replaced, written for that engine, and an admin template may load them.
"""

import functools
import html
import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from events.models import Agreement, Event
from lib.citing import iso_date
from lib.dates import readable
from lib.markup import render_markdown, sanitize
from lib.urls import slug_urls

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


@register.simple_tag
def event_rows(events, level=2, show_era=False):
    """The ``<li class="entry">`` of each event of a list or of the timeline (events from for_list()).

    ``level`` is the level of each row's heading; ``show_era`` adds a link to the event's era.
    Written in Python, not a template included per row: that cost about 0.5 ms a row, half the
    time of a list page. Each row shows the date, the title, the kind (the era, "Retired record"),
    the summary and up to three key people with their roles, every text escaped.
    """
    level = int(level)
    if not 1 <= level <= 6:
        raise ValueError(f"event_rows: no heading level {level}")
    urls = {name: slug_urls(name) for name in ("events:detail", "events:era", "people:detail")}
    return mark_safe("".join(_event_row(event, level, show_era, urls) for event in events))


_KIND_LABELS = dict(Event.Kind.choices)


def _event_row(event, level, show_era, urls):
    esc = html.escape
    if event.date:
        date = esc(event.readable_date)
        stamp = iso_date(event.date)
        date = f'<time datetime="{esc(stamp)}">{date}</time>' if stamp else date
    else:
        date = "Undated"
    meta = esc(_KIND_LABELS.get(event.kind, event.kind))  # get_kind_display() flattens the choices each call
    if show_era and event.era:
        meta += f' · <a href="{esc(urls["events:era"](event.era.slug))}">{esc(event.era.title)}</a>'
    if event.is_retired:
        meta += " · Retired record"
    link = f'<a href="{esc(urls["events:detail"](event.slug))}">{esc(event.title)}</a>'
    lines = [
        '<li class="entry">',
        f'  <p class="entry-date">{date}</p>',
        '  <div class="entry-body">',
        f'    <h{level} class="entry-title">{link}</h{level}>',
        f'    <p class="entry-meta">{meta}</p>',
    ]
    if event.summary:
        lines.append(f'    <p class="entry-summary">{esc(event.summary)}</p>')
    key_people = event.key_people[:3]
    if key_people:
        people = ", ".join(
            f'<a href="{esc(urls["people:detail"](person.slug))}">{esc(person.name)}</a>'
            + (f" ({esc(person.role)})" if person.role else "")
            for person in key_people
        )
        lines.append(f'    <p class="entry-people"><span class="label">Key people:</span> {people}</p>')
    lines += ["  </div>", "</li>", ""]
    return "\n".join(lines)


@register.simple_tag
def participation_rows(items):
    """The ``<li class="entry">`` of each event on a person's page: items {"event", "roles"} from
    people.views._events_with_roles, each the date, the title and the person's roles.

    Written in Python like ``event_rows``: the template's loop was a third of the busiest person's page.
    """
    url = slug_urls("events:detail")
    return mark_safe("".join(_participation_row(item["event"], item["roles"], url) for item in items))


def _participation_row(event, roles, url):
    esc = html.escape
    lines = [
        '<li class="entry">',
        f'  <p class="entry-date">{esc(event.readable_date or "Undated")}</p>',
        '  <div class="entry-body">',
        f'    <h3 class="entry-title"><a href="{esc(url(event.slug))}">{esc(event.title)}</a></h3>',
    ]
    if roles:
        text = ", ".join(roles)
        lines.append(f'    <p class="entry-meta">{esc(text[:1].upper() + text[1:])}</p>')
    lines += ["  </div>", "</li>", ""]
    return "\n".join(lines)


@register.simple_tag
def signature_rows(signatures):
    """The ``<li>`` of each agreement on a person's page: Signature rows from people.views, each the
    agreement's title and link, the party signed for, the capacity and the date.

    Written in Python like ``participation_rows``: someone who signed a hundred agreements made the
    template's loop a fifth of the page.
    """
    url = slug_urls("events:agreement")
    return mark_safe("".join(_signature_row(signature, url) for signature in signatures))


def _signature_row(signature, url):
    esc = html.escape
    row = f'<li><a href="{esc(url(signature.slug))}">{esc(signature.title)}</a>, for {esc(signature.party)}'
    if signature.role:
        row += f" as {esc(signature.role)}"
    if signature.signed:
        row += f' <span class="date">({esc(readable(signature.signed))})</span>'
    return row + "</li>\n"


@register.simple_tag
def agreement_links(agreements):
    """The ``<li>`` of each agreement a place is party to: its title, linked, and when it was signed.

    Written in Python like ``signature_rows``: a page of fifty was a tenth of the United States' page.
    """
    url = slug_urls("events:agreement")
    esc = html.escape
    rows = []
    for agreement in agreements:
        row = f'<li><a href="{esc(url(agreement.slug))}">{esc(agreement.title)}</a>'
        if agreement.signed:
            row += f' <span class="date">(signed {esc(readable(agreement.signed))})</span>'
        rows.append(row + "</li>")
    return mark_safe("".join(rows))


@register.simple_tag
def agreement_rows(agreements):
    """The ``<li class="entry">`` of each agreement of the agreement list (parties prefetched into
    ``party_list``): when it was signed, the title, the kind, the status, the parties and the summary.

    Written in Python like ``event_rows``: the template's loop was two thirds of the list's time.
    """
    return mark_safe("".join(_agreement_row(agreement) for agreement in agreements))


_AGREEMENT_KINDS = dict(Agreement.Kind.choices)
_AGREEMENT_STATUSES = dict(Agreement.AgreementStatus.choices)


def _agreement_row(agreement):
    esc = html.escape
    date = f"Signed {esc(readable(agreement.signed))}" if agreement.signed else "Date unknown"
    meta = f"{esc(_AGREEMENT_KINDS.get(agreement.kind, agreement.kind))} · "
    meta += esc(_AGREEMENT_STATUSES.get(agreement.agreement_status, agreement.agreement_status))
    if agreement.party_list:
        meta += " · " + ", ".join(esc(party.name) for party in agreement.party_list)
    lines = [
        '<li class="entry">',
        f'  <p class="entry-date">{date}</p>',
        '  <div class="entry-body">',
        f'    <h2 class="entry-title"><a href="{esc(agreement.get_absolute_url())}">{esc(agreement.title)}</a></h2>',
        f'    <p class="entry-meta">{meta}</p>',
    ]
    if agreement.summary:
        lines.append(f'    <p class="entry-summary">{esc(agreement.summary)}</p>')
    lines += ["  </div>", "</li>", ""]
    return "\n".join(lines)


@register.simple_tag(takes_context=True)
def pagination(context, page, label="Pages", param="page"):
    """The page links of a list, for ``page`` (a Page of lib.paging.page_of): previous and next, the
    numbers around this one, and "Page 2 of 9 (51–100 of 420)". Nothing when there is one page.

    Each link keeps this address's other parameters (filters, a decade) and sets ``param``: a place's
    page pages its events with "page" and its agreements with "agreements_page". Written in Python
    like ``event_rows``: as an included template it was a tenth of a list page.
    """
    paginator = getattr(page, "paginator", None)
    if paginator is None or paginator.num_pages <= 1:
        return ""
    query = context["request"].GET.copy()

    def href(number):
        query[param] = number
        return html.escape(f"?{query.urlencode()}")

    lines = [f'<nav class="pagination" aria-label="{html.escape(label or "Pages")}">', "  <ul>"]
    if page.has_previous():
        lines.append(
            f'    <li><a href="{href(page.previous_page_number())}" rel="prev">'
            '← Previous<span class="visually-hidden"> page</span></a></li>'
        )
    for number in paginator.get_elided_page_range(page.number):
        if number == paginator.ELLIPSIS:
            lines.append('    <li><span aria-hidden="true">…</span></li>')
        else:
            current = ' aria-current="page"' if number == page.number else ""
            lines.append(
                f'    <li><a href="{href(number)}"{current}><span class="visually-hidden">Page </span>{number}</a></li>'
            )
    if page.has_next():
        lines.append(
            f'    <li><a href="{href(page.next_page_number())}" rel="next">'
            'Next<span class="visually-hidden"> page</span> →</a></li>'
        )
    lines += [
        "  </ul>",
        f'  <p class="pagination-status">Page {page.number} of {paginator.num_pages} '
        f"({page.start_index()}–{page.end_index()} of {paginator.count})</p>",
        "</nav>",
        "",
    ]
    return mark_safe("\n".join(lines))


@register.filter
def markdown(text):
    """Markdown that has no stored ``*_html`` field (place and topic descriptions), sanitised.

    Each text is rendered once per process: a quarter of a millisecond for a sentence, on every
    request for a place's page. The result depends on the text alone, and is an immutable string.
    """
    return _markdown_html(text)


@functools.lru_cache(maxsize=1024)
def _markdown_html(text):
    return mark_safe(render_markdown(text))  # render_markdown sanitises
