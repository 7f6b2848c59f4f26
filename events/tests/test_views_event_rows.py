"""The rows of event lists and the timeline ({% event_rows %} in events/templatetags/archive.py)."""

import pytest
from django.template import engines
from django.test.html import parse_html

from conftest import make_era, make_event, make_person
from events.models import Event
from lib.publishing import Status

pytestmark = pytest.mark.django_db

# The template the tag replaced (templates/includes/event_row.html, reading the key people that
# for_list() attaches now): the tag must write the same HTML.
REFERENCE = """{% load archive %}{% for event in events %}
<li class="entry">
  <p class="entry-date">{% if event.date %}{% with stamp=event.date|html_datetime %}{% if stamp %}<time datetime="{{ stamp }}">{{ event.readable_date }}</time>{% else %}{{ event.readable_date }}{% endif %}{% endwith %}{% else %}Undated{% endif %}</p>
  <div class="entry-body">
    <h{{ level|default:2 }} class="entry-title"><a href="{{ event.get_absolute_url }}">{{ event.title }}</a></h{{ level|default:2 }}>
    <p class="entry-meta">{{ event.get_kind_display }}{% if show_era and event.era %} · <a href="{{ event.era.get_absolute_url }}">{{ event.era.title }}</a>{% endif %}{% if event.is_retired %} · Retired record{% endif %}</p>
    {% if event.summary %}<p class="entry-summary">{{ event.summary }}</p>{% endif %}
    {% with key_people=event.key_people|slice:":3" %}{% if key_people %}
    <p class="entry-people"><span class="label">Key people:</span> {% for person in key_people %}<a href="{{ person.get_absolute_url }}">{{ person.name }}</a>{% if person.role %} ({{ person.role }}){% endif %}{% if not forloop.last %}, {% endif %}{% endfor %}</p>
    {% endif %}{% endwith %}
  </div>
</li>{% endfor %}"""  # noqa: E501


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_rows_are_the_html_of_the_former_template():
    era = make_era()
    people = [make_person(name) for name in ("Maxim Litvinov", "Cordell <Hull>", "A & B", "Fourth Person")]
    make_event(
        "Recognition of the <Soviet> Union",
        date="1933-11-16",
        era=era,
        summary='Notes "exchanged" & signed.',
        people=[(people[0], "negotiator"), (people[1], ""), (people[2], "host & guest"), (people[3], "late")],
    )
    make_event("Undated talks", date="", kind=Event.Kind.MEETING)
    make_event("About 1933", date="1933~", status=Status.RETIRED, era=era)
    make_event("A decade", date="193X")
    make_event("A span", date="1921/1922", summary="")
    events = list(Event.objects.published().chronological().for_list())
    assert len(events) == 5

    for level, show_era in [(2, True), (3, False), (4, True)]:
        ours = render("{% load archive %}{% event_rows events level=level show_era=show_era %}", **locals())
        reference = render(REFERENCE, events=events, level=level, show_era=show_era)
        assert parse_html(ours) == parse_html(reference)
    assert "Cordell &lt;Hull&gt;</a>" in ours and "(host &amp; guest)" in ours
    assert "Fourth Person" not in ours  # three key people at most
    assert '<time datetime="1933-11-16">November 16, 1933</time>' in ours
    assert "c. 1933" in ours and "Retired record" in ours and "Undated" in ours


def test_a_heading_level_outside_1_to_6_is_refused():
    with pytest.raises(ValueError):
        render("{% load archive %}{% event_rows events level=7 %}", events=[])


def test_key_people_come_in_the_order_curators_gave_them():
    # Rows read the participations without ORDER BY and sort them by (order, id) in Python.
    first, second = make_event("Recognition", date="1933-11-16"), make_event("Pact", date="1939-08-23")
    roosevelt, litvinov = make_person("Franklin Roosevelt"), make_person("Maxim Litvinov")
    hull = make_person("Cordell Hull")
    first.participants.create(person=hull, role="adviser", order=2)
    first.participants.create(person=litvinov, role="negotiator", order=1)
    first.participants.create(person=roosevelt, role="signatory", order=1)
    second.participants.create(person=litvinov, role="observer", order=0)
    rows = {event.title: event.key_people for event in Event.objects.published().for_list()}
    assert [(person.name, person.role) for person in rows["Recognition"]] == [
        ("Maxim Litvinov", "negotiator"),
        ("Franklin Roosevelt", "signatory"),
        ("Cordell Hull", "adviser"),
    ]
    assert [person.name for person in rows["Pact"]] == ["Maxim Litvinov"]
