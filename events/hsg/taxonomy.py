"""tags/taxonomy/taxonomy.xml: the Office's subject taxonomy, as places and topics in their hierarchy.

The three top-level categories (People, Places, Topics) only sort the rest and are not imported.
Under Places, the categories (sovereign territories, dependencies, other) give each place its kind
and are not places themselves: a region's countries have the region as parent. Under People and
Topics every category and tag is a topic (the people tags are the presidents and secretaries of
state; milestones tagged with one also link the person, see milestones.py).
"""

from events.hsg.base import SourceError, child, child_text, humanize_id, local, text_of
from events.hsg.sync import Incoming, Spec, Sync, by_key
from events.models import Place, Topic

TAXONOMY = "tags/taxonomy/taxonomy.xml"

PLACES = Spec(Place, "source_key", ("name", "kind", "parent_id", "description"), "Places")
TOPICS = Spec(Topic, "source_key", ("name", "parent_id", "description"), "Topics")

# Place kinds by the category a place is filed under.
PLACE_KINDS = {
    "sovereign-territories": Place.Kind.COUNTRY,
    "dependencies-and-areas-of-special-sovereignty": Place.Kind.TERRITORY,
    "other": Place.Kind.OTHER,
}


def _entries(source, path, root):
    """(element, id, label, branch, category path, parent tag id) for every category and tag, depth-first."""
    found = []

    def walk(element, branch, categories, parent):
        for item in element:
            if not isinstance(item.tag, str) or local(item) not in ("category", "tag"):
                continue
            identifier = child_text(item, "id")
            label = child_text(item, "label")
            if not identifier or not label:
                missing = "id" if not identifier else "label"
                raise SourceError(
                    source.name(path), item.sourceline, identifier or None, f"has no <{missing}>, which is required."
                )
            if branch is None:
                walk(item, identifier, [], None)  # A top-level category: People, Places or Topics.
                continue
            is_category = local(item) == "category"
            found.append((item, identifier, label, branch, categories, parent, is_category))
            if is_category and branch == "places":
                walk(item, branch, [*categories, identifier], parent)
            else:
                walk(item, branch, [*categories, identifier], identifier)

    walk(root, None, [], None)
    return found


def _definition(element, labels):
    """The definition's text, with each <ptr target="id"/> replaced by the label it points to."""
    definition = child(element, "definition")
    if definition is None:
        return ""
    parts = [definition.text or ""]
    for item in definition.iterdescendants():
        if isinstance(item.tag, str) and local(item) == "ptr":
            parts.append(labels.get(item.get("target", ""), item.get("target", "")))
        elif isinstance(item.tag, str):
            parts.append(item.text or "")
        parts.append(item.tail or "")
    return " ".join("".join(parts).split())


def taxonomy_ids(source):
    """Every id in the taxonomy file (categories included): what a milestone's tags may name."""
    path = source.path(TAXONOMY)
    if not path.exists():
        return None
    root = source.parse(path, "taxonomy")
    return {text_of(item) for item in root.iter("{*}id")}


def run(context):
    source, report = context.source, context.report
    path = source.path(TAXONOMY)
    if not path.exists():
        raise SourceError(TAXONOMY, None, None, "is missing: the tags dataset needs it.")
    file = source.name(path)
    root = source.parse(path, "taxonomy")
    entries = _entries(source, path, root)
    labels = {identifier: label for _, identifier, label, *_ in entries}

    seen, places, topics = set(), [], []
    for item, identifier, label, branch, categories, parent, is_category in entries:
        if identifier in seen:
            report.problem(file, item.sourceline, identifier, f"duplicate id “{identifier}”: only the first is kept.")
            continue
        seen.add(identifier)
        description = _definition(item, labels)
        if branch == "places":
            if is_category:
                continue
            kind = PLACE_KINDS.get(categories[0] if categories else "", Place.Kind.OTHER)
            if kind == Place.Kind.COUNTRY and parent is None:
                kind = Place.Kind.REGION  # Sovereign territories are filed under their region.
            places.append((item.sourceline, identifier, label, kind, parent, description))
        else:
            topics.append((item.sourceline, identifier, label, parent, description))

    place_ids = _sync_tree(context, PLACES, file, places, lambda row: {"kind": row[3]})
    topic_ids = _sync_tree(context, TOPICS, file, topics, lambda row: {})
    return place_ids, topic_ids


def _sync_tree(context, spec, file, rows, extra):
    """Sync parents before children, so that each parent's id is known when its children are written."""
    sync, stored = Sync(context, spec), {}
    depth = {}
    for row in rows:
        identifier, parent = row[1], row[-2]
        depth[identifier] = depth.get(parent, -1) + 1 if parent else 0
    for level in sorted(set(depth.values())):
        incoming = []
        for row in rows:
            line, identifier, label, parent, description = row[0], row[1], row[2], row[-2], row[-1]
            if depth[identifier] != level:
                continue
            values = {"name": label, "parent_id": stored.get(parent), "description": description, **extra(row)}
            incoming.append(
                Incoming(key=identifier, values=values, record=label, slug=identifier, file=file, line=line)
            )
        stored.update(sync.run(incoming))
    return stored


def ensure_places(context, names, file):
    """Places for country ids that the taxonomy lacks (old countries, other spellings), named as given.

    ``names`` maps a place id to the name the data gives it ("" to make one from the id). Places that
    exist already are left as they are, whoever made them.
    """
    existing = set(by_key(Place, list(names)).values_list("source_key", flat=True))
    context.seen[Place].update(existing)  # Still in the data, though not synced again.
    missing = sorted(set(names) - existing)
    incoming = []
    for identifier in missing:
        name = names[identifier] or humanize_id(identifier)
        context.report.problem(
            file, None, identifier, f"place “{identifier}” is not in the taxonomy: added as the country “{name}”."
        )
        values = {"name": name, "kind": Place.Kind.COUNTRY, "parent_id": None, "description": ""}
        incoming.append(Incoming(key=identifier, values=values, record=name, slug=identifier, file=file))
    Sync(context, PLACES).run(incoming)
    return dict(by_key(Place, list(names)).values_list("source_key", "pk"))
