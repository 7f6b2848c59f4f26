"""Reading the Milestones TEI: a heading's title and date, and an essay's text as Markdown.

Dates. A head's ``<date>`` gives the machine-readable value (``@when``, or ``@from``/``@to``), its
text the precision a reader sees: "1930s" with ``when="1930"`` is the decade ``193X``, "1880s/1890s"
``188X/189X``. When the two disagree otherwise ("1789–1799" with ``when="1798"``), the visible text
is kept (it is what readers were shown) and the disagreement reported. A head without a ``<date>``
may still write one ("The Square Protests, 1989", "The Island Crisis, October 1962"); with none
at all the essay is dated by its era.

Titles drop a date that ends them after a separator ("The Canal Dispute, 1956" -> "The Canal
Dispute") but keep one the words need ("The Revolution of 1911", "War of 1812–1815").

Text. Paragraphs become Markdown; a paragraph that is only ``<hi rend="strong">`` starts a new
section; ``<persName>``, ``<placeName>``, ``<orgName>`` and ``<date>`` keep their meaning as
``<span class="person|place|organization">`` and ``<time datetime>``; links to people and to
other essays point at their pages here (see milestones.py).
"""

import re

from django.core.exceptions import ValidationError

from events.hsg.base import local, text_of
from lib.dates import bounds

_MONTH_NAMES = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)


def _point(n):
    return rf"(?:(?P<m{n}>{_MONTH})\s+(?:(?P<d{n}>\d{{1,2}}),?\s+)?)?(?P<y{n}>1[5-9]\d\d|20\d\d)"


_DASH = r"\s*[–—-]\s*"
_DECADES = r"(?P<dec1>1[5-9]\d|20\d)0s(?:\s*[/–—-]\s*(?P<dec2>1[5-9]\d|20\d)0s)?"
_DATE = re.compile(
    rf"(?<![\w–-])\(?(?:{_DECADES}|{_point(1)}(?:{_DASH}(?:{_point(2)}|(?P<short>\d\d)(?!\d)))?)\)?(?![\w–])",
    re.IGNORECASE,
)
# Words that a title cannot end on: the date after them belongs to the title.
_KEEPS_DATE = {"of", "in", "the", "from", "since", "and", "to", "for", "after", "before", "during", "until", "by", "a"}
_SEPARATORS = " ,:;–—\u00a0"
_CONNECTOR = re.compile(r"^[\s,;&]*(?:and|&)?[\s,;&]*$", re.IGNORECASE)


def _edtf_point(match, n):
    year = match[f"y{n}"]
    month = match[f"m{n}"]
    if not month:
        return year
    value = f"{year}-{_MONTH_NAMES[month[:3].lower()]:02d}"
    day = match[f"d{n}"]
    return f"{value}-{int(day):02d}" if day else value


def _edtf(match):
    if match["dec1"]:
        first = f"{match['dec1']}X"
        return f"{first}/{match['dec2']}X" if match["dec2"] else first
    start = _edtf_point(match, 1)
    if match["y2"]:
        return f"{start}/{_edtf_point(match, 2)}"
    if match["short"]:
        year = int(match["y1"])
        end = year // 100 * 100 + int(match["short"])
        return f"{start}/{end + 100 if end < year else end}"
    return start


def visible_edtf(text):
    """EDTF for a date as written ("1753–54", "1890s", "(1819)", "April 1961–October 1962"), or None."""
    match = _DATE.fullmatch(" ".join(text.split()).strip(" ,."))
    if not match:
        return None
    value = _edtf(match)
    try:
        bounds(value)
    except ValidationError:
        return None
    return value


def _attribute_edtf(element):
    when, start, end = element.get("when"), element.get("from"), element.get("to")
    if when:
        return when, f"@when “{when}”"
    if start and end:
        return f"{start}/{end}", f"@from “{start}” and @to “{end}”"
    if start or end:
        return start or end, f"@from “{start}”" if start else f"@to “{end}”"
    return "", ""


def _decade_of(visible, attribute):
    """True when ``visible`` is the decade(s) that ``attribute`` names by their first years (193X ~ 1930)."""
    v_parts, a_parts = visible.split("/"), attribute.split("/")
    return len(v_parts) == len(a_parts) and all(
        v.endswith("X") and a == f"{v[:3]}0" for v, a in zip(v_parts, a_parts, strict=True)
    )


def element_date(element):
    """(EDTF, problem or None) for a <date> element: see the module's docstring."""
    text = text_of(element)
    attribute, described = _attribute_edtf(element)
    if attribute:
        try:
            bounds(attribute)
        except ValidationError:
            return visible_edtf(text) or "", f"{described} is not a date; the text “{text}” is used"
    visible = visible_edtf(text)
    if not visible or not attribute:
        return visible or attribute, None
    if visible == attribute or _decade_of(visible, attribute):
        return visible, None
    return visible, f"the date’s text “{text}” disagrees with its {described}: the text is kept"


def combine(dates):
    """One EDTF value spanning several (a head with two dates: "1801–1805 and 1815–1816" -> 1801/1816)."""
    dates = [date for date in dates if date]
    if len(dates) <= 1:
        return dates[0] if dates else ""
    first = min(dates, key=lambda date: bounds(date)[0])
    last = max(dates, key=lambda date: bounds(date)[1])
    start, end = first.split("/")[0], last.split("/")[-1]
    return start if start == end else f"{start}/{end}"


def head_segments(head):
    """The head as [(text, date element or True for a date found in the text, or None)]."""
    segments = [(head.text or "", None)]
    has_dates = False
    for item in head:
        if not isinstance(item.tag, str):
            segments.append((item.tail or "", None))
            continue
        if local(item) == "date":
            segments.append((text_of(item), item))
            has_dates = True
        else:
            segments.append((text_of(item), None))
        segments.append((item.tail or "", None))
    segments = [
        (" ".join(text.split()) if date is not None else re.sub(r"\s+", " ", text), date) for text, date in segments
    ]
    if has_dates:
        return segments
    # No <date>: look for one written in the words.
    text = "".join(text for text, _ in segments)
    found, position = [], 0
    for match in _DATE.finditer(text):
        found.append((text[position : match.start()], None))
        found.append((match.group(0), True))
        position = match.end()
    found.append((text[position:], None))
    return found


def title_and_dates(head):
    """(title without a trailing date, [(date text, date element or True)])."""
    segments = head_segments(head)
    dates = [(text, date) for text, date in segments if date is not None]
    full = " ".join("".join(text for text, _ in segments).split())
    # Walk back over trailing dates and the words joining them ("1954–55 and 1958").
    index, trailing = len(segments), []
    while index > 0:
        text, date = segments[index - 1]
        if date is not None:
            trailing.append(text)
        elif not _CONNECTOR.match(text):
            break
        index -= 1
    if not trailing or trailing[0].strip().startswith("("):
        return full, dates
    prefix = "".join(text for text, _ in segments[:index])
    title = " ".join(prefix.split()).rstrip(_SEPARATORS)
    last_word = title.rsplit(" ", 1)[-1].lower() if title else ""
    if not title or last_word in _KEEPS_DATE:
        return full, dates
    return title, dates


# Text -----------------------------------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_LIST_START = re.compile(r"^(\d+)\. ")


def escape(text):
    return _ESCAPE.sub(r"\\\1", text or "")


def _wrap(inner, before, after):
    """Markup around ``inner`` with its outer whitespace moved outside (Markdown needs "*x* ", not "*x *")."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{before}{stripped}{after}{trail}"


class Renderer:
    """TEI mixed content -> Markdown. ``link(element, text)`` decides what a <ref> or <persName> becomes."""

    def __init__(self, link):
        self.link = link

    def inline(self, element):
        parts = [escape(element.text)]
        for item in element:
            if isinstance(item.tag, str):
                parts.append(self.node(item))
            parts.append(escape(item.tail))
        return "".join(parts)

    def node(self, element):
        name = local(element)
        inner = self.inline(element)
        if name == "hi":
            rend = element.get("rend", "")
            if rend in ("italic", "italics"):
                return _wrap(inner, "*", "*")
            if rend in ("strong", "bold"):
                return _wrap(inner, "**", "**")
            return inner
        if name in ("persName", "ref"):
            return self.link(element, inner)
        if name == "placeName":
            return _wrap(inner, '<span class="place">', "</span>")
        if name == "orgName":
            return _wrap(inner, '<span class="organization">', "</span>")
        if name == "date":
            when = element.get("when", "")
            if re.fullmatch(r"\d{4}(-\d\d){0,2}", when):
                return _wrap(inner, f'<time datetime="{when}">', "</time>")
            return _wrap(inner, '<span class="date">', "</span>")
        if name == "quote":
            return _wrap(inner, "<q>", "</q>")
        if name == "abbr":
            return _wrap(inner, "<abbr>", "</abbr>")
        return inner

    def paragraph(self, element):
        text = " ".join(self.inline(element).split())
        text = _LIST_START.sub(r"\1\\. ", text)  # "1917. The…" is not a numbered list.
        if text[:1] in "#+-=":
            text = "\\" + text
        return text


def subheading(paragraph):
    """The heading text when a paragraph is only <hi rend="strong">…</hi>, else None."""
    items = [item for item in paragraph if isinstance(item.tag, str)]
    if len(items) != 1 or local(items[0]) != "hi" or items[0].get("rend") not in ("strong", "bold"):
        return None
    if (paragraph.text or "").strip() or (items[0].tail or "").strip():
        return None
    return text_of(items[0]) or None


def summary(text, limit=300):
    """The first sentences of plain ``text`` that fit in ``limit`` characters (or its first words, with "…")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end > limit // 3:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"
