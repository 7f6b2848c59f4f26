"""milestones/chapters/*.xml: the Milestones essays (TEI), one file an era.

Each file is an era; its ``front`` foreword is the era's introduction. Each ``body/div`` is an essay
event, keyed by "<chapter>/<id>" (ids repeat across chapters: "haiti" is in two). Essays are
imported as retired (the Office no longer maintains Milestones), with their sections, figures
(images stay on the Office's static host), tags (``div/@ana`` and the retired studies file), the
people they name and link, and the other essays they link. How heads, dates and text are read is
in tei.py.
"""

from collections import defaultdict

from django.urls import reverse

from events.hsg.base import STATIC_HOST, People, Slugs, SourceError, child, children, local, text_of
from events.hsg.sync import Child, Incoming, Spec, Sync, by_key
from events.hsg.taxonomy import taxonomy_ids
from events.hsg.tei import Renderer, combine, element_date, subheading, summary, title_and_dates, visible_edtf
from events.hsg.travels import EVENT_FIELDS, PARTICIPANTS
from events.models import Era, Event, EventFigure, EventRelation, EventSection, Place, Topic
from lib.publishing import Status

CHAPTERS = "milestones/chapters"
STUDIES = "tags/retired-resources/milestones/milestones.xml"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
PERSON_PATH = "/departmenthistory/people/"
ESSAY_PATH = "/milestones/"
OFFICE_SITE = "https://history.state.gov"

# Written for this archive: the Office's own notice says the same in its words.
NOTICE = (
    "The Office of the Historian no longer maintains its Milestones essays. This essay is kept as the Office "
    "last published it, for reference: it is not updated and may not reflect current scholarship."
)

ERAS = Spec(Era, "source_key", ("title", "start_year", "end_year", "introduction"), "Eras")
ESSAYS = Spec(
    Event,
    "source_key",
    EVENT_FIELDS,
    "Essays",
    children=(
        Child("sections", EventSection, "event", ("order", "heading", "body")),
        Child("figures", EventFigure, "event", ("order", "image_url", "alt_text", "caption", "credit")),
        PARTICIPANTS,
        Child(
            "relations",
            EventRelation,
            "from_event",
            ("to_event", "kind"),
            identity=("to_event", "kind"),
            refs={"to_event": (Event, "source_key")},
        ),
    ),
    m2m=("places", "topics"),
)


class Chapter:
    def __init__(self, key, path, file, root):
        self.key, self.path, self.file, self.root = key, path, file, root
        text = child(root, "text")
        self.front = child(text, "front") if text is not None else None
        self.body = child(text, "body") if text is not None else None
        if self.body is None:
            raise SourceError(file, root.sourceline, key, "has no <text>/<body>, which is required.")
        self.foreword = child(self.front, "div") if self.front is not None else None
        self.essays = []  # [(key, div, title, date)]


def run(context):
    source, report = context.source, context.report
    chapters = [_chapter(source, path) for path in source.files(CHAPTERS)]
    known_tags = taxonomy_ids(source)

    # Slugs first: essays link each other, and the links are in the text that is compared.
    essay_slugs = Slugs(Event)
    era_slugs = Slugs(Era)
    stored_events = dict(Event.objects.filter(source_key__contains="/").values_list("source_key", "slug"))
    stored_eras = dict(Era.objects.values_list("source_key", "slug"))
    slugs, seen = {}, set()
    for chapter in chapters:
        chapter.era_slug = stored_eras.get(chapter.key) or era_slugs.allocate(chapter.title)
        for div in children(chapter.body, "div"):
            identifier = div.get(XML_ID)
            if not identifier:
                raise SourceError(
                    chapter.file, div.sourceline, None, "an essay <div> has no xml:id, which is required."
                )
            key = f"{chapter.key}/{identifier}"
            if key in seen:
                report.problem(
                    chapter.file, div.sourceline, key, f"duplicate id “{identifier}”: only the first is kept."
                )
                continue
            seen.add(key)
            head = child(div, "head")
            if head is None:
                raise SourceError(chapter.file, div.sourceline, key, "has no <head>, which is required.")
            title, dates = title_and_dates(head)
            date = _date(report, chapter, key, dates)
            chapter.essays.append((key, div, title, date))
            slugs[key] = stored_events.get(key) or essay_slugs.allocate(title)

    context.era_slugs = {chapter.key: chapter.era_slug for chapter in chapters}
    people = People()
    tags = _tags(context, chapters, known_tags)
    era_ids = Sync(context, ERAS).run(_era(context, chapter, slugs, people) for chapter in chapters)
    incoming = []
    for chapter in context.each(chapters, "milestones"):
        for key, div, title, date in chapter.essays:
            incoming.append(_essay(context, chapter, key, div, title, date, era_ids, slugs, people, tags.get(key, [])))
    # One batch: the links between essays are written once every essay has a row.
    Sync(context, ESSAYS, batch_size=len(incoming) + 1).run(incoming)


def _chapter(source, path):
    file = source.name(path)
    root = source.parse(path, "TEI")
    chapter = Chapter(path.stem, path, file, root)
    years = path.stem.split("-")
    chapter.title = path.stem
    start_year = end_year = None
    if chapter.foreword is not None and child(chapter.foreword, "head") is not None:
        head = child(chapter.foreword, "head")
        chapter.title = text_of(head)
        _, dates = title_and_dates(head)
        value = combine([element_date(d)[0] if d is not True else visible_edtf(text) for text, d in dates])
        parts = value.split("/")
        if value and all(part[:4].isdigit() for part in parts):
            start_year, end_year = int(parts[0][:4]), int(parts[-1][:4])
    if start_year is None:
        if len(years) != 2 or not all(year.isdigit() for year in years):
            raise SourceError(file, root.sourceline, path.stem, "no years in the foreword's head or the file name.")
        start_year, end_year = int(years[0]), int(years[1])
    chapter.years = (start_year, end_year)
    return chapter


def _date(report, chapter, key, dates):
    values = []
    for text, element in dates:
        if element is True:
            values.append(visible_edtf(text))
            continue
        value, problem = element_date(element)
        if problem:
            report.problem(chapter.file, element.sourceline, key, problem)
        values.append(value)
    return combine(values) or "{}/{}".format(*chapter.years)


def _tags(context, chapters, known):
    """{essay key: [tag ids]} from each essay's @ana and the retired studies file, in order, without repeats."""
    source, report = context.source, context.report
    tags = defaultdict(list)
    essays = {key: (chapter, div) for chapter in chapters for key, div, *_ in chapter.essays}
    for key, (chapter, div) in essays.items():
        for tag in (div.get("ana") or "").split():
            tags[key].append((tag, chapter.file, div.sourceline))
    path = source.path(STUDIES)
    if path.exists():
        file = source.name(path)
        for study in source.parse(path, "submission").iter("study"):
            key = f"{text_of(child(study, 'milestone-grouping'))}/{text_of(child(study, 'milestone-id'))}"
            if key not in essays:
                message = "tags an essay that is not in milestones/chapters: ignored."
                if key.endswith("/foreword"):
                    message = "tags an era's foreword; eras have no tags: ignored."
                report.problem(file, study.sourceline, key, message)
                continue
            container = child(study, "tags")
            for tag in children(container, "tag") if container is not None else []:
                if tag.get("id"):
                    tags[key].append((tag.get("id"), file, tag.sourceline))
    result = {}
    for key, items in tags.items():
        kept = []
        for tag, file, line in items:
            if known is not None and tag not in known:
                report.problem(file, line, key, f"the tag “{tag}” is not in the taxonomy: ignored.")
            elif tag not in kept:
                kept.append(tag)
        result[key] = kept
    return result


class _Links:
    """What an essay's <ref> and <persName> become: links to people and essays here, and who was named."""

    def __init__(self, context, chapter, key, slugs, people):
        self.context, self.chapter, self.key = context, chapter, key
        self.slugs, self.people = slugs, people
        self.mentioned, self.related = [], []

    def __call__(self, element, inner):
        report, file = self.context.report, self.chapter.file
        if local(element) == "persName":
            person = self.people.named(text_of(element))
            if person is None:
                return f'<span class="person">{inner}</span>' if inner.strip() else inner
            return self._person_link(person, inner)
        target = element.get("target", "")
        if target.startswith(PERSON_PATH):
            identifier = target[len(PERSON_PATH) :].strip("/")
            person = self.people.by_hsg_id.get(identifier)
            if person is None:
                report.problem(
                    file,
                    element.sourceline,
                    self.key,
                    f"links to the person “{identifier}”, who is not in the database.",
                )
                return inner
            return self._person_link(person, inner)
        if target.startswith(ESSAY_PATH):
            parts = target[len(ESSAY_PATH) :].strip("/").split("/")
            key = "/".join(parts[:2])
            if len(parts) == 2 and parts[1] == "foreword" or len(parts) == 1:
                era_slug = self.context.era_slugs.get(parts[0])
                if era_slug:
                    return f"[{inner}]({reverse('events:era', kwargs={'slug': era_slug})})"
            elif key in self.slugs:
                if key != self.key and key not in self.related:
                    self.related.append(key)
                return f"[{inner}]({reverse('events:detail', kwargs={'slug': self.slugs[key]})})"
            report.problem(
                file, element.sourceline, self.key, f"links to the essay “{target}”, which is not in the data."
            )
            return inner
        if target.startswith(("http://", "https://")):
            return f"[{inner}]({target})"
        if target.startswith("/"):
            return f"[{inner}]({OFFICE_SITE}{target})"
        return inner

    def _person_link(self, person, inner):
        if person not in self.mentioned:
            self.mentioned.append(person)
        return f"[{inner}]({reverse('people:detail', kwargs={'slug': self.people.slug(person)})})"


def _text(renderer, div):
    """([(heading, [paragraphs])], [figures], first paragraph's plain text) of a div."""
    sections, figures, first = [["", []]], [], ""
    for item in div:
        if not isinstance(item.tag, str):
            continue
        name = local(item)
        if name == "p":
            heading = subheading(item)
            if heading:
                sections.append([heading, []])
                continue
            paragraph = renderer.paragraph(item)
            if paragraph:
                sections[-1][1].append(paragraph)
                first = first or text_of(item)
        elif name == "figure":
            graphic = child(item, "graphic")
            if graphic is not None and graphic.get("url"):
                caption = text_of(child(item, "head"))
                figures.append((STATIC_HOST + graphic.get("url").lstrip("/"), caption))
        elif name in ("list", "quote", "div"):
            paragraph = renderer.paragraph(item)
            if paragraph:
                sections[-1][1].append(paragraph)
    return [(heading, paragraphs) for heading, paragraphs in sections if heading or paragraphs], figures, first


def _era(context, chapter, slugs, people):
    introduction = ""
    if chapter.foreword is not None:
        links = _Links(context, chapter, f"{chapter.key}/foreword", slugs, people)
        sections, figures, _ = _text(Renderer(links), chapter.foreword)
        blocks = []
        for heading, paragraphs in sections:
            if heading:
                blocks.append(f"### {heading}")
            blocks += paragraphs
        for url, caption in figures:
            blocks.append(f"![{caption or 'Illustration'}]({url})")
            if caption:
                blocks.append(f"*{caption}*")
        introduction = "\n\n".join(blocks)
    values = {
        "title": chapter.title,
        "start_year": chapter.years[0],
        "end_year": chapter.years[1],
        "introduction": introduction,
    }
    return Incoming(
        key=chapter.key,
        values=values,
        record=chapter.title,
        fixed_slug=chapter.era_slug,
        file=chapter.file,
        line=chapter.foreword.sourceline if chapter.foreword is not None else None,
    )


def _essay(context, chapter, key, div, title, date, era_ids, slugs, people, tags):
    links = _Links(context, chapter, key, slugs, people)
    sections, figures, first = _text(Renderer(links), div)
    places = dict(by_key(Place, tags).values_list("source_key", "pk")) if tags else {}
    topics = dict(by_key(Topic, tags).values_list("source_key", "pk")) if tags else {}
    participants = [
        {"person_id": person, "role": "mentioned", "order": order} for order, person in enumerate(links.mentioned)
    ]
    subjects = [people.by_hsg_id[tag] for tag in tags if tag in people.by_hsg_id]
    participants += [
        {"person_id": person, "role": "subject", "order": len(participants) + order}
        for order, person in enumerate(dict.fromkeys(subjects))
    ]
    values = {
        "title": title,
        "kind": Event.Kind.ESSAY,
        "date": date,
        "era_id": era_ids.get(chapter.key),
        "summary": summary(first),
        "status": Status.RETIRED,
        "retired_notice": NOTICE,
    }
    return Incoming(
        key=key,
        values=values,
        record=title,
        fixed_slug=slugs[key],
        children={
            "sections": [
                {"order": order, "heading": heading, "body": "\n\n".join(paragraphs)}
                for order, (heading, paragraphs) in enumerate(sections)
            ],
            "figures": [
                {
                    "order": order,
                    "image_url": url,
                    "alt_text": caption or title,
                    "caption": caption,
                    "credit": "Office of the Historian",
                }
                for order, (url, caption) in enumerate(figures)
            ],
            "participants": participants,
            "relations": [{"to_event": target, "kind": EventRelation.Kind.SEE_ALSO} for target in links.related],
        },
        m2m={"places": set(places.values()), "topics": set(topics.values())},
        file=chapter.file,
        line=div.sourceline,
    )
