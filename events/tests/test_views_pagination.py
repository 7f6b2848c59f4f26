"""The page links of a list ({% pagination %} in events/templatetags/archive.py)."""

import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Engine, Library
from django.test import RequestFactory
from django.test.html import parse_html

# The template the tag replaced (templates/includes/pagination.html): the tag must write its HTML,
# with one difference. The template called get_elided_page_range() without the page's number, so
# every page listed the numbers around page 1; here the range is given, as the tag makes it.
REFERENCE = (
    "{% load reference %}\n"
    "{% if page_obj.paginator.num_pages > 1 %}\n"
    '<nav class="pagination" aria-label="{{ label|default:\'Pages\' }}">\n'
    "  <ul>\n"
    "    {% if page_obj.has_previous %}\n"
    "    <li>"
    '<a href="{% page_query page_obj.previous_page_number page_param %}" rel="prev">← Previous'
    '<span class="visually-hidden"> page</span></a></li>\n'
    "    {% endif %}\n"
    "    {% for number in page_range %}\n"
    "      {% if number == page_obj.paginator.ELLIPSIS %}\n"
    '      <li><span aria-hidden="true">…</span></li>\n'
    "      {% elif number == page_obj.number %}\n"
    '      <li><a href="{% page_query number page_param %}" aria-current="page">'
    '<span class="visually-hidden">Page </span>{{ number }}</a></li>\n'
    "      {% else %}\n"
    '      <li><a href="{% page_query number page_param %}"><span class="visually-hidden">Page '
    "</span>{{ number }}</a></li>\n"
    "      {% endif %}\n"
    "    {% endfor %}\n"
    "    {% if page_obj.has_next %}\n"
    '    <li><a href="{% page_query page_obj.next_page_number page_param %}" rel="next">Next'
    '<span class="visually-hidden"> page</span> →</a></li>\n'
    "    {% endif %}\n"
    "  </ul>\n"
    '  <p class="pagination-status">Page {{ page_obj.number }} of {{ page_obj.paginator.num_pages }} '
    "({{ page_obj.start_index }}–{{ page_obj.end_index }} of {{ page_obj.paginator.count }})</p>\n"
    "</nav>\n"
    "{% endif %}"
)


# The tag the former template wrote each address with, kept here for it.
register = Library()


@register.simple_tag(takes_context=True)
def page_query(context, number, param=None):
    query = context["request"].GET.copy()
    query[param or "page"] = number
    return f"?{query.urlencode()}"


ENGINE = Engine(libraries={"archive": "events.templatetags.archive", "reference": __name__})


def render(source, url, page, **context):
    request = RequestFactory().get(url)
    return ENGINE.from_string(source).render(Context({"request": request, "page_obj": page, **context}))


@pytest.mark.parametrize("number", [1, 2, 7, 13, 25])
@pytest.mark.parametrize(
    "url, label, param",
    [
        ("/events/", None, None),
        ("/timeline/?decade=1930&kind=treaty&q=a%26b%3Cc", "Pages of this decade", None),
        ("/places/united-states/?page=3&agreements_page=2", "Pages of agreements", "agreements_page"),
    ],
)
def test_links_are_the_html_of_the_former_template(number, url, label, param):
    page = Paginator(range(1234), 50).get_page(number)
    arguments = (f' label="{label}"' if label else "") + (f' param="{param}"' if param else "")

    ours = render("{% load archive %}{% pagination page_obj" + arguments + " %}", url, page)
    page_range = page.paginator.get_elided_page_range(number)
    reference = render(REFERENCE, url, page, label=label, page_param=param, page_range=page_range)

    assert parse_html(ours) == parse_html(reference)
    assert f"Page {number} of 25" in ours


def test_the_numbers_are_those_around_the_current_page():
    page = Paginator(range(1234), 50).get_page(13)
    html = render("{% load archive %}{% pagination page_obj %}", "/events/", page)
    numbers = re.findall(r"Page </span>(\d+)</a>", html)
    assert numbers == ["1", "2", "10", "11", "12", "13", "14", "15", "16", "24", "25"]
    assert '<a href="?page=13" aria-current="page">' in html


def test_a_single_page_or_no_page_has_no_links():
    one_page = Paginator(range(3), 50).get_page(1)
    assert render("{% load archive %}{% pagination page_obj %}", "/events/", one_page) == ""
    assert render("{% load archive %}{% pagination page_obj %}", "/search/", None) == ""


def test_links_keep_other_parameters_escaped():
    page = Paginator(range(120), 50).get_page(2)
    html = render("{% load archive %}{% pagination page_obj %}", "/events/?kind=treaty&q=%3Cb%3E", page)
    assert '<a href="?kind=treaty&amp;q=%3Cb%3E&amp;page=1" rel="prev">' in html
    assert '<a href="?kind=treaty&amp;q=%3Cb%3E&amp;page=3" rel="next">' in html
    assert '<a href="?kind=treaty&amp;q=%3Cb%3E&amp;page=2" aria-current="page">' in html
