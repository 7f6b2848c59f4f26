"""schema.org description (JSON-LD) of a person page, built from loaded records only."""

from django.urls import reverse

from lib.citing import breadcrumbs, graph, iso_date


def person_graph(request, person, names, positions):
    """``names`` and ``positions``: the person's, as people.models.person_names_and_positions reads them."""
    url = request.build_absolute_uri(person.get_absolute_url())
    node = {
        "@type": "Person",
        "@id": f"{url}#person",
        "name": person.display_name,
        "url": url,
        "alternateName": [name.name for name in names],
        "birthDate": iso_date(person.birth),
        "deathDate": iso_date(person.death),
        "nationality": person.nationality,
        "jobTitle": [position.title for position in positions],
        "image": request.build_absolute_uri(person.portrait.url) if person.portrait else None,
        "sameAs": [f"https://www.wikidata.org/wiki/{person.wikidata_id}"] if person.wikidata_id else [],
        "dateModified": person.updated_at.isoformat(),
    }
    trail = [
        ("Home", reverse("events:home")),
        ("People", reverse("people:list")),
        (person.display_name, person.get_absolute_url()),
    ]
    return graph(node, breadcrumbs(request, trail))
