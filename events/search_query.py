"""The search box's query language, and the text normalisation shared by the index and the queries.

Readers type what web search engines taught them (PostgreSQL's ``websearch_to_tsquery`` syntax):

- ``litvinov recognition``: every word must match;
- ``"exact phrase"``: the words in this order;
- ``litvinov OR molotov``: either side (``OR`` has the lowest precedence, as in websearch:
  ``a b OR c`` is ``(a AND b) OR c``);
- ``-trade``: leave out records with the word (or ``-"a phrase"``).

``parse()`` turns the text into a small tree; ``fts5_expression()`` and ``websearch_text()``
render that tree for each database, so both give the same results. Nothing the reader typed ever
reaches SQLite's MATCH or PostgreSQL's parser as syntax: every word is quoted, and only letters and
digits survive inside the quotes.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200

# PostgreSQL's english.stop, so that both databases drop the same words from a query
# (PostgreSQL's english configuration drops them from documents too).
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very s
    t can will just don should now
    """.split()
)

# "U.S.S.R.", "U.S.S.R" and "U.S." become "USSR" and "US": the two databases split dotted
# acronyms differently (SQLite into letters, PostgreSQL into one "file name" token), so both the
# indexed text and the queries are given the undotted form.
_ACRONYM = re.compile(r"(?<![\w.])(?:[^\W\d_]\.)+[^\W\d_](?:\.(?!\w))?(?!\w)")
# Control characters, including the \x02/\x03 markers used to highlight snippets.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


def collapse_acronyms(text):
    """ "the U.S.S.R. and the U.S." -> "the USSR and the US"."""
    return _ACRONYM.sub(lambda match: match.group(0).replace(".", ""), text)


def clean_text(text, max_length=None):
    """Text as the index and the query parser see it: NFC, no control characters or surrogates,
    acronyms undotted, whitespace collapsed; cut to ``max_length`` characters if given."""
    text = unicodedata.normalize("NFC", text or "")
    # Lone surrogates cannot be encoded for the database driver.
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
    text = _CONTROL.sub(" ", text)
    text = _SPACE.sub(" ", collapse_acronyms(text)).strip()
    if max_length is not None:
        text = text[:max_length]
    return text


def _is_word_char(ch):
    # Letters, digits and combining marks, like SQLite's unicode61 tokenizer.
    category = unicodedata.category(ch)
    return category[0] in "LN" or category in ("Mn", "Mc", "Co")


def words(text):
    """The words of ``text`` as both databases' tokenizers split it (letters and digits)."""
    found, current = [], []
    for ch in text:
        if _is_word_char(ch):
            current.append(ch)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def fold(word):
    """Lower case without accents: the form kept in the name vocabulary ("Édouard" -> "edouard")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass
class Item:
    """A word or a phrase (several words in order). ``raw`` is what the reader typed."""

    words: list[str]
    raw: str
    quoted: bool = False

    @property
    def is_phrase(self):
        return self.quoted or len(self.words) > 1


@dataclass
class Group:
    """Items that must all match, and items that must not."""

    include: list[Item] = field(default_factory=list)
    exclude: list[Item] = field(default_factory=list)


@dataclass
class Query:
    """The parsed search text: a record matches if any group matches."""

    text: str
    groups: list[Group]
    truncated: bool = False
    only_common_words: bool = False

    def __bool__(self):
        return bool(self.groups)

    def correctable_items(self):
        """Single words a reader typed that could be misspelt names (no phrases, no digits)."""
        for group in self.groups:
            for item in group.include:
                if not item.is_phrase and len(item.words[0]) >= 4 and item.words[0].isalpha():
                    yield item


def _chunks(text):
    """Split into (text, quoted, negated): runs of non-space text, and "quoted phrases".

    A leading "-" excludes (``-trade``, ``-"Soviet Union"``); an unbalanced quote runs to the end.
    """
    chunks, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == '"' or (ch == "-" and i + 1 < n and text[i + 1] == '"'):
            negated = ch == "-"
            start = i + (2 if negated else 1)
            end = text.find('"', start)
            end = n if end == -1 else end
            chunks.append((text[start:end], True, negated))
            i = end + 1
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] != '"':
                end += 1
            chunk = text[i:end]
            negated = chunk.startswith("-") and len(chunk) > 1
            chunks.append((chunk[1:] if negated else chunk, False, negated))
            i = end
    return chunks


def parse(text, max_length=MAX_QUERY_LENGTH):
    """Parse what the reader typed into a ``Query``; never raises, whatever the input.

    Over-long text is cut to ``max_length`` characters (``Query.truncated`` says so). Common
    words ("the", "of") outside quotes are dropped, as PostgreSQL does; a group left with nothing
    to include is dropped (neither database can search for "everything but X").
    """
    raw_text = clean_text(text)
    truncated = len(raw_text) > max_length
    text = raw_text[:max_length].translate(_QUOTES)
    groups, group, dropped_common = [], Group(), False
    for body, quoted, negated in _chunks(text):
        if body == "OR" and not quoted and not negated:
            groups.append(group)
            group = Group()
            continue
        if not quoted and body.startswith("+"):
            body = body.lstrip("+")
        tokens = words(body)
        if tokens and all(fold(token) in STOP_WORDS for token in tokens):
            dropped_common = True
            continue
        if not tokens:
            continue
        item = Item(words=tokens, raw=body, quoted=quoted)
        (group.exclude if negated else group.include).append(item)
    groups.append(group)
    groups = [group for group in groups if group.include]
    return Query(
        text=text.strip(),
        groups=groups,
        truncated=truncated,
        only_common_words=dropped_common and not groups,
    )


def _fts5_item(item):
    # An FTS5 string: every operator character has been dropped by words(), so quoting is enough.
    return '"' + " ".join(item.words) + '"'


def fts5_expression(query):
    """The FTS5 MATCH expression for a parsed query: every word or phrase a quoted string."""
    rendered = []
    for group in query.groups:
        expression = "(" + " AND ".join(_fts5_item(item) for item in group.include) + ")"
        for item in group.exclude:
            expression = f"({expression} NOT {_fts5_item(item)})"
        rendered.append(expression)
    return " OR ".join(rendered)


def websearch_text(query):
    """The same query in PostgreSQL ``websearch_to_tsquery`` syntax, every item quoted."""
    rendered = []
    for group in query.groups:
        parts = ['"' + " ".join(item.words) + '"' for item in group.include]
        parts += ['-"' + " ".join(item.words) + '"' for item in group.exclude]
        rendered.append(" ".join(parts))
    return " or ".join(rendered)


def replace_items(query, replacements):
    """The reader's text with some words replaced (for "Did you mean …?"), keeping the rest as typed."""
    rendered = []
    for group in query.groups:
        parts = []
        for item in group.include:
            word = replacements.get(id(item))
            if word is None:
                parts.append(f'"{item.raw}"' if item.quoted else item.raw)
            else:
                parts.append(word.capitalize() if item.raw[:1].isupper() else word)
        for item in group.exclude:
            parts.append(f'-"{item.raw}"' if item.quoted else f"-{item.raw}")
        rendered.append(" ".join(parts))
    return " OR ".join(rendered)


# Spelling: candidate names are found by shared trigrams (in the database), then ranked here by
# edit distance, so that SQLite and PostgreSQL agree on the suggestion.


def trigrams(word):
    """The three-letter pieces of ``word`` (for SQLite's trigram index)."""
    return sorted({word[i : i + 3] for i in range(len(word) - 2)})


def edit_distance(a, b):
    """Damerau-Levenshtein distance (optimal string alignment): "livitnov" -> "litvinov" is 2."""
    previous_previous, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[len(b)]


def max_typos(word):
    """How many edits a correction of ``word`` may make: 1 for short words, 2 from 7 letters."""
    return 1 if len(word) < 7 else 2


MAX_TIED = 5  # candidates at the same distance whose popularity is looked up


# Letters and digits, at the speed of a regex. Unlike words() it splits at combining marks, which
# titles rarely hold: they are stored in NFC (clean_text), where accents are part of the letter.
_WORD = re.compile(r"[^\W_]+")


def _word_keys(text):
    """The folded first six letters of each word of ``text`` but stop words: a crude stem that
    both "recognition" and "recognizes" share. For ranking up to RANKED_LIMIT titles per search."""
    keys = set()
    for word in _WORD.findall(text):
        word = word.casefold() if word.isascii() else fold(word)
        if word not in STOP_WORDS:
            keys.add(word[:6])
    return keys


def title_matcher(query):
    """``match(title, names, own_names=False)`` telling how well ``query`` names a record: (all its
    words are in the title or names, the share of the title's words it holds), the best over the
    query's OR-groups. The query's words are read once, for the many candidates of a search.

    The first orders a record named by the query above one that only mentions it in its
    summary or body; the second, among those, a record whose title is mostly the query
    ("Maxim Litvinov", "Treaty of Brest-Litovsk") above a longer one that contains it.
    ``own_names``: ``names`` are the record's other names (a person's, a place's), each as good
    as its title, and not the names of the people taking part in it (an event's).
    """
    groups = [
        terms
        for terms in (_word_keys(" ".join(w for item in g.include for w in item.words)) for g in query.groups)
        if terms
    ]

    def match(title, names, own_names=False):
        title_keys = [_word_keys(title)]
        if own_names:
            title_keys += [_word_keys(name) for name in names.split(" · ")]
        known = set().union(*title_keys)
        best = (False, 0.0)
        for terms in groups:
            if not terms <= known:
                if own_names or not terms <= known | _word_keys(names):
                    continue
            share = max(len(terms & keys) / max(len(keys), 1) for keys in title_keys)
            best = max(best, (True, share))
        return best

    return match


def best_correction(word, candidates, popularity=None):
    """The candidate closest to ``word`` within ``max_typos``, or None.

    Ties go to the candidate with the most records (``popularity(candidate)``, a count), then to
    the alphabetically first: "kisinger" is one letter from both Kissinger and Kiesinger, and a
    reader more likely meant the one the archive says most about.
    """
    word = fold(word)
    ranked = sorted((edit_distance(word, candidate), candidate) for candidate in set(candidates) if candidate != word)
    if not ranked or ranked[0][0] > max_typos(word):
        return None
    tied = [candidate for distance, candidate in ranked[:MAX_TIED] if distance == ranked[0][0]]
    if len(tied) > 1 and popularity is not None:
        tied.sort(key=popularity, reverse=True)  # stable: equal counts stay in alphabetical order
    return tied[0]
