"""The agreements a person signed, on their page (people.views._signatures, {% signature_rows %})."""

import pytest
from django.template import engines
from django.test.html import parse_html

from conftest import make_agreement, make_person, make_place
from events.models import Signatory
from lib.publishing import Status
from people.views import _signatures

pytestmark = pytest.mark.django_db

# The loop the tag replaced in templates/people/person_detail.html, over Signatory objects.
REFERENCE = (
    "{% for signature in signatures %}\n"
    '<li><a href="{{ signature.agreement.get_absolute_url }}">{{ signature.agreement.title }}</a>, '
    "for {{ signature.party.name }}{% if signature.role %} as {{ signature.role }}{% endif %}"
    "{% if signature.agreement.signed %} "
    '<span class="date">({{ signature.agreement.signed|edtf }})</span>{% endif %}</li>\n'
    "{% endfor %}"
)


@pytest.fixture
def envoy():
    person = make_person("Busy Envoy")
    usa, ussr = make_place("United States"), make_place("Soviet <Union>")
    make_agreement("Undated exchange", signed="", signatories=[(person, usa, "")])
    make_agreement("Later accord", signed="1945-02", signatories=[(person, usa, "envoy & witness")])
    make_agreement("Accord B", signed="1933~", signatories=[(person, usa, "second"), (person, ussr, "first")])
    make_agreement("Accord A", signed="1933-11-16", signatories=[(person, ussr, "Commissar")])
    make_agreement("Draft accord", signed="1920", status=Status.DRAFT, signatories=[(person, usa, "")])
    return person


def test_signatures_are_public_and_in_the_order_of_signing(envoy):
    rows = _signatures(envoy)

    # "1933~" counts from January 1, 1933, so before November 16; two signatures of one agreement
    # come as listed on it; undated last; drafts not at all.
    assert [(row.title, row.role) for row in rows] == [
        ("Accord B", "second"),
        ("Accord B", "first"),
        ("Accord A", "Commissar"),
        ("Later accord", "envoy & witness"),
        ("Undated exchange", ""),
    ]


def test_rows_are_the_html_of_the_former_template(envoy):
    rows = _signatures(envoy)
    signatures = sorted(
        Signatory.objects.filter(person=envoy, agreement__status=Status.PUBLISHED).select_related("agreement", "party"),
        key=lambda signature: [row.id for row in rows].index(signature.id),
    )
    django = engines["django"]

    ours = django.from_string("{% load archive %}{% signature_rows rows %}").render({"rows": rows})
    reference = django.from_string("{% load archive %}" + REFERENCE).render({"signatures": signatures})

    assert parse_html(ours) == parse_html(reference)
    assert "for Soviet &lt;Union&gt; as first" in ours and "as envoy &amp; witness" in ours
    assert "(c. 1933)" in ours and "(February 1945)" in ours


def test_the_page_lists_them(client, envoy):
    html = client.get(envoy.get_absolute_url()).content.decode()

    assert '<h2 id="signatures-heading">Agreements signed</h2>' in html
    assert html.index("Accord A") < html.index("Later accord") < html.index("Undated exchange")
    assert "Draft accord" not in html
