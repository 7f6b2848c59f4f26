"""schema.org descriptions (JSON-LD) of event and agreement pages, built from loaded records only."""

from django.urls import reverse

from events.models import Agreement
from lib.citing import breadcrumbs, graph, iso_date

# Which agreement statuses schema.org's legislationLegalForce can express.
LEGAL_FORCE = {
    Agreement.AgreementStatus.IN_FORCE: "https://schema.org/InForce",
    Agreement.AgreementStatus.NOT_IN_FORCE: "https://schema.org/NotInForce",
    Agreement.AgreementStatus.BROKEN: "https://schema.org/NotInForce",
    Agreement.AgreementStatus.SUPERSEDED: "https://schema.org/NotInForce",
    Agreement.AgreementStatus.EXPIRED: "https://schema.org/NotInForce",
    Agreement.AgreementStatus.TERMINATED: "https://schema.org/NotInForce",
}


def _start_end(edtf):
    """(start, end) ISO dates for an EDTF day/month/year or a range of them; None where uncertain."""
    start, _, end = (edtf or "").partition("/")
    return iso_date(start), iso_date(end) if end else None


def event_graph(request, event, parts):
    """``parts``: the event's relations (events.querysets.event_parts)."""
    url = request.build_absolute_uri(event.get_absolute_url())
    start, end = _start_end(event.date)
    node = {
        "@type": "Event",
        "@id": f"{url}#event",
        "name": event.title,
        "url": url,
        "description": event.summary,
        "startDate": start,
        "endDate": end,
        "location": [{"@type": "Place", "name": place.name} for place in parts.places],
        "about": [topic.name for topic in parts.topics],
        "attendee": [
            {
                "@type": "Person",
                "name": participant.name,
                "url": request.build_absolute_uri(participant.get_absolute_url()),
            }
            for participant in parts.participants
        ],
        "dateModified": event.updated_at.isoformat(),
    }
    trail = [("Home", reverse("events:home")), ("Timeline", reverse("events:timeline"))]
    if event.era:
        trail.append((event.era.title, event.era.get_absolute_url()))
    trail.append((event.title, event.get_absolute_url()))
    return graph(node, breadcrumbs(request, trail))


def agreement_graph(request, agreement, parts):
    """``parts``: the agreement's relations (events.querysets.agreement_parts)."""
    url = request.build_absolute_uri(agreement.get_absolute_url())
    signed, _ = _start_end(agreement.signed)
    node = {
        "@type": "Legislation",
        "@id": f"{url}#agreement",
        "name": agreement.title,
        "url": url,
        "description": agreement.summary,
        "legislationType": agreement.get_kind_display(),
        "legislationDate": signed,
        "legislationLegalForce": LEGAL_FORCE.get(agreement.agreement_status),
        "legislationJurisdiction": [party.name for party in parts.parties],
        "dateModified": agreement.updated_at.isoformat(),
    }
    trail = [
        ("Home", reverse("events:home")),
        ("Agreements", reverse("events:agreements")),
        (agreement.title, agreement.get_absolute_url()),
    ]
    return graph(node, breadcrumbs(request, trail))
