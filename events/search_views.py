"""The site search page (/search/) and its OpenSearch description.

Kept apart from events/views.py (the browsing pages): this page is a thin shell over
``events.search.search``, which does the work for both databases.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from events.search import FILTERS, SORTS, search
from events.search_models import SearchFacet
from events.search_query import MAX_QUERY_LENGTH

PER_PAGE = 20
# An entry has one value of these, so choosing another replaces the first; topics and places add up.
SINGLE_VALUED = {"type", "era", "decade", "kind"}


class _Results:
    """The hits of one page, posing as the whole result list so Django's Paginator (and the
    site's pagination include) can number the pages without fetching the rest."""

    def __init__(self, page):
        self.page = page

    def __len__(self):
        return self.page.shown

    def __getitem__(self, index):
        return self.page.hits


def _url(params, **changes):
    """ "?…" for the current query string with ``changes`` applied (None removes); back to page 1."""
    params = params.copy()
    params.pop("page", None)
    for name, values in changes.items():
        if values is None:
            params.pop(name, None)
        else:
            params.setlist(name, values if isinstance(values, list) else [values])
    return f"?{params.urlencode()}" if params else "?"


def _facet_groups(params, page):
    """Each facet with its values as links that add (or, once chosen, remove) the filter."""
    groups = []
    for name, values in page.facets.items():
        chosen = page.filters.get(name, [])
        links = []
        for value in values:
            if value.selected:
                remaining = [v for v in chosen if v != value.value]
                url = _url(params, **{name: remaining or None})
            elif name in SINGLE_VALUED:
                url = _url(params, **{name: value.value})
            else:
                url = _url(params, **{name: [*chosen, value.value]})
            links.append({"facet": value, "url": url})
        groups.append({"name": name, "label": SearchFacet.Name(name).label, "links": links})
    return groups


def _chosen_filters(params, page):
    """The filters in force, each with a link that removes it."""
    labels = {(v.name, v.value): v.label for values in page.facets.values() for v in values}
    chosen = []
    for name, values in page.filters.items():
        for value in values:
            remaining = [v for v in values if v != value]
            chosen.append(
                {
                    "facet": SearchFacet.Name(name).label,
                    "label": labels.get((name, value), value),
                    "url": _url(params, **{name: remaining or None}),
                }
            )
    return chosen


def search_results(request):
    text = request.GET.get("q", "")
    filters = {name: request.GET.getlist(name) for name in FILTERS if name in request.GET}
    exact = request.GET.get("exact") == "1"
    page = search(
        text,
        filters=filters,
        sort=request.GET.get("sort", "relevance"),
        page=request.GET.get("page", 1),
        per_page=PER_PAGE,
        correct=not exact,
    )
    page_obj = Paginator(_Results(page), PER_PAGE).get_page(page.page)
    # Links keep the query as searched: cut to length, or corrected when nothing was found.
    params = request.GET.copy()
    if "q" in params:
        params["q"] = page.query
    context = {
        "page": page,
        "page_obj": page_obj,
        "hits": page.hits,
        "facet_groups": _facet_groups(params, page),
        "chosen_filters": _chosen_filters(params, page),
        "sorts": [
            {"value": value, "label": label, "url": _url(params, sort=value), "current": value == page.sort}
            for value, label in SORTS.items()
        ],
        "suggestion_url": _url(params, q=page.suggestion, exact=None) if page.suggestion else "",
        "original_url": _url(params, q=page.corrected_from, exact="1") if page.corrected_from else "",
        "max_length": MAX_QUERY_LENGTH,
        "searched": bool(text.strip()) or bool(page.filters),
    }
    return render(request, "events/search.html", context)


def opensearch(request):
    """Lets browsers add the archive as a search engine (linked from the search page's head)."""
    context = {
        "search_url": request.build_absolute_uri(reverse("search:results")),
        # OpenSearch allows a short name of 16 characters at most.
        "short_name": settings.SITE_NAME if len(settings.SITE_NAME) <= 16 else "Archive search",
        "site_name": settings.SITE_NAME,
    }
    return render(request, "events/opensearch.xml", context, content_type="application/opensearchdescription+xml")
