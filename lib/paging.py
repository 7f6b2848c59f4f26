"""One page of a list, from the ``page`` parameter, whatever a visitor types there."""

from django.core.paginator import Paginator


def page_of(request, items, per_page):
    """The page ``?page=`` asks for: the first for "abc", the last for -1 or 10**12, never an error.

    The page's rows are loaded here, so that templates run no queries of their own.
    """
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page
