"""The rows of a person's events ({% participation_rows %} in events/templatetags/archive.py)."""

import pytest
from django.template import engines
from django.test.html import parse_html

from conftest import make_event

pytestmark = pytest.mark.django_db

# The loop the tag replaced in templates/people/person_detail.html: the tag must write the same HTML.
REFERENCE = """{% for item in items %}
<li class="entry">
  <p class="entry-date">{{ item.event.readable_date|default:"Undated" }}</p>
  <div class="entry-body">
    <h3 class="entry-title"><a href="{{ item.event.get_absolute_url }}">{{ item.event.title }}</a></h3>
    {% if item.roles %}<p class="entry-meta">{{ item.roles|join:", "|capfirst }}</p>{% endif %}
  </div>
</li>{% endfor %}"""


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_rows_are_the_html_of_the_former_template():
    items = [
        {"event": make_event("Talks <in> Washington", date="1933-11"), "roles": ["negotiator", "host & guide"]},
        {"event": make_event("An undated meeting", date=""), "roles": []},
        {"event": make_event("A decade's conferences", date="193X"), "roles": ["observer"]},
    ]

    ours = render("{% load archive %}{% participation_rows items %}", items=items)
    reference = render(REFERENCE, items=items)

    assert parse_html(ours) == parse_html(reference)
    assert "Talks &lt;in&gt; Washington</a>" in ours and "Negotiator, host &amp; guide" in ours
    assert "Undated" in ours and "1930s" in ours
