"""The rows of the agreement list ({% agreement_rows %} in events/templatetags/archive.py)."""

import pytest
from django.db.models import Prefetch
from django.template import engines
from django.test.html import parse_html

from conftest import make_agreement, make_place
from events.models import Agreement, Place

pytestmark = pytest.mark.django_db

# The loop the tag replaced in templates/events/agreement_list.html: the tag must write the same HTML.
REFERENCE = """{% load archive %}{% for agreement in agreements %}
<li class="entry">
  <p class="entry-date">{% if agreement.signed %}Signed {{ agreement.signed|edtf }}{% else %}Date unknown{% endif %}</p>
  <div class="entry-body">
    <h2 class="entry-title"><a href="{{ agreement.get_absolute_url }}">{{ agreement.title }}</a></h2>
    <p class="entry-meta">{{ agreement.get_kind_display }} · {{ agreement.get_agreement_status_display }}{% with parties=agreement.party_list %}{% if parties %} · {% for party in parties %}{{ party.name }}{% if not forloop.last %}, {% endif %}{% endfor %}{% endif %}{% endwith %}</p>
    {% if agreement.summary %}<p class="entry-summary">{{ agreement.summary }}</p>{% endif %}
  </div>
</li>{% endfor %}"""  # noqa: E501


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_rows_are_the_html_of_the_former_template():
    parties = [make_place("United States"), make_place("Soviet <Union>"), make_place("A & B")]
    make_agreement(
        "Roosevelt–Litvinov <Agreements>",
        parties=parties,
        summary='Notes "exchanged" & recognition granted.',
        kind=Agreement.Kind.NOTES,
        agreement_status=Agreement.AgreementStatus.SUPERSEDED,
    )
    make_agreement("Undated pact", signed="", summary="")
    make_agreement("A decade's treaty", signed="193X", parties=parties[:1])
    agreements = list(
        Agreement.objects.published()
        .chronological()
        .prefetch_related(Prefetch("parties", queryset=Place.objects.all(), to_attr="party_list"))
    )
    assert len(agreements) == 3

    ours = render("{% load archive %}{% agreement_rows agreements %}", agreements=agreements)
    reference = render(REFERENCE, agreements=agreements)

    assert parse_html(ours) == parse_html(reference)
    assert "Roosevelt–Litvinov &lt;Agreements&gt;</a>" in ours and "Soviet &lt;Union&gt;" in ours
    assert "Exchange of notes · Superseded · " in ours and "A &amp; B" in ours
    assert "Date unknown" in ours and "Signed 1930s" in ours
