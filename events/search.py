"""Ranked full-text search over the archive's published records: ``search()`` is the one entry point.

    page = search("litvinov recognition", filters={"type": ["event"]}, sort="relevance", page=1)
    page.hits[0].title, page.hits[0].url, page.hits[0].snippet  # snippet: HTML with <mark>s
    page.total, page.facets["decade"], page.suggestion

It reads the index kept by ``events.search_index`` with a backend per database, chosen by
``connection.vendor``: SQLite FTS5 (``bm25`` weighted title 10, names 8, summary 3, body 1) for the
embedded default, PostgreSQL full-text search (weighted ``tsvector``, ``ts_rank_cd``) in production.
The query language is the same on both (see ``events.search_query``), and so are the results,
up to the two databases' ranking formulas.

Highlighting: neither ``snippet()`` nor ``ts_headline()`` escapes HTML, so they mark matches with
the control characters \\x02 and \\x03 (which the index never contains); the whole fragment is
then escaped, and only then are the markers turned into <mark> and </mark>.
"""

import html
import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from events.models import Era, Event, Place, Topic
from events.search_models import SearchEntry, SearchFacet, SearchName
from events.search_query import (
    Group,
    Query,
    best_correction,
    clean_text,
    fold,
    fts5_expression,
    parse,
    replace_items,
    title_matcher,
    trigrams,
    websearch_text,
)
from lib.publishing import PUBLIC_STATUSES, Status

SORTS = {"relevance": "Relevance", "oldest": "Oldest first", "newest": "Newest first"}
FILTERS = tuple(SearchFacet.Name.values)
# Fewer results than this and "Did you mean …?" is considered.
FEW_RESULTS = 3
MAX_PER_PAGE = 100
FACET_LIMIT = 12
# A search ranks (and counts facets over) at most this many matches, the first ones the index
# yields: so a word found in most of the archive costs about what a rarer one does. See docs/search.md.
RANKED_LIMIT = 1000
START, STOP = "\x02", "\x03"


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    date: str
    title_html: str
    snippet: str
    score: float
    event_kind: str = ""
    retired: bool = False

    @property
    def type_label(self):
        return SearchEntry.Kind(self.kind).label

    @property
    def event_kind_label(self):
        return Event.Kind(self.event_kind).label if self.event_kind in Event.Kind.values else ""


@dataclass
class FacetValue:
    name: str
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchPage:
    """One page of results, with what a results page shows around them."""

    query: str = ""
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"
    filters: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)
    # "Did you mean …?": a corrected query that finds more, offered as a link.
    suggestion: str = ""
    # When the reader's query found nothing and the corrected one is shown instead: what they typed.
    corrected_from: str = ""
    truncated: bool = False
    only_common_words: bool = False
    # True when ``total`` is a lower bound: "more than 1,000 results" (PostgreSQL stops counting there).
    more_than: bool = False
    # For a search (not browsing): how many matches are ranked, paged through and counted in the facets.
    ranked_limit: int | None = None

    @property
    def shown(self):
        """How many hits can be paged through: only the ranked ones (see RANKED_LIMIT)."""
        return min(self.total, self.ranked_limit) if self.ranked_limit else self.total

    @property
    def num_pages(self):
        return max(1, -(-self.shown // self.per_page))

    @property
    def facets_sampled(self):
        """Whether the facet counts are of the ``ranked_limit`` first matches only, not of all."""
        return bool(self.ranked_limit) and (self.more_than or self.total > self.ranked_limit)

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def start_index(self):
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self):
        return self.start_index + len(self.hits) - 1 if self.hits else 0

    @property
    def is_browsing(self):
        """No text to search, but filters: the matching records in date order."""
        return not self.query and bool(self.filters)


def _marked_html(fragment):
    """Escape a highlighted fragment, then turn the markers into <mark> (see the module docstring)."""
    escaped = html.escape(fragment)
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above


def clean_filters(filters):
    """Only known facet names, each with a few short values; anything else is dropped."""
    cleaned = {}
    for name, values in (filters or {}).items():
        if name not in FILTERS:
            continue
        values = [values] if isinstance(values, str) else list(values)
        # Cleaned like the query: PostgreSQL rejects NUL bytes, drivers reject lone surrogates.
        values = [clean_text(str(value), 64) for value in values]
        values = [value for value in values if value]
        if values:
            cleaned[name] = list(dict.fromkeys(values))[:5]
    return cleaned


def _filter_sql(filters, public, entry_id="e.id"):
    """WHERE conditions on the entry whose id is ``entry_id``: visibility, then one EXISTS per chosen
    facet value.

    Visibility is tested as "not one of the hidden entries", a lookup in the (status, date_lower)
    index, so that SQLite can decide it from the full-text table's rowid without reading the entry
    (a wide row: see _SQLiteBackend.candidates).
    """
    conditions, params = [], []
    if public:
        hidden = [status for status in Status.values if status not in PUBLIC_STATUSES]
        conditions.append(
            f"{entry_id} NOT IN (SELECT h.id FROM events_searchentry h"
            f" WHERE h.status IN ({', '.join(['%s'] * len(hidden))}))"
        )
        params += hidden
    for name, values in filters.items():
        for value in values:
            conditions.append(
                "EXISTS (SELECT 1 FROM events_searchfacet f"
                f" WHERE f.name = %s AND f.value = %s AND f.entry_id = {entry_id})"
            )
            params += [name, value]
    return " AND ".join(conditions) or "1 = 1", params


def _order_sql(sort, score, table="e"):
    """ORDER BY for ``sort`` over ``table`` (an entry, or the page of them that kept these columns)."""
    if sort == "oldest":
        return f"{table}.date_lower ASC NULLS LAST, {table}.date_upper ASC NULLS LAST, {table}.id"
    if sort == "newest":
        return f"COALESCE({table}.date_upper, {table}.date_lower) DESC NULLS LAST, {table}.id DESC"
    return f"{score} DESC, {table}.date_lower ASC NULLS LAST, {table}.id"


# The page of results is cut in a CTE, then joined again for the columns shown (see browse_sql).
PAGE_COLUMNS = "e.id, e.date_lower, e.date_upper"


ENTRY_COLUMNS = (
    "e.id, e.kind, e.object_id, e.slug, e.status, e.display_title, e.title, e.date, e.event_kind,"
    " substr(e.summary, 1, 400), substr(e.body, 1, 400)"
)


class _Backend:
    """What differs between databases: how text is matched, ranked and highlighted.

    A search with words runs three queries here, whatever the number of matches (see
    ``search()``): ``candidates`` (at most RANKED + 1 matches with their scores, and the total),
    ``page_rows`` (the columns and highlights of the page shown) and ``facet_counts_of`` (the
    candidates' facets).
    """

    def matched_sql(self, query, filters, public):
        """SELECT e.id of every entry matching ``query`` (or all, for an empty query) and the filters."""
        where, params = _filter_sql(filters, public)
        if not query:
            return f"SELECT e.id FROM events_searchentry e WHERE {where}", params
        source, condition, match_params = self.match_sql(query)
        return f"SELECT e.id FROM {source} WHERE {condition} AND {where}", match_params + params

    def browse_sql(self, filters, sort, limit, offset, public):
        where, params = _filter_sql(filters, public)
        sort = "oldest" if sort == "relevance" else sort
        sql = f"""
            WITH page AS (
                SELECT {PAGE_COLUMNS}, 0.0 AS score, COUNT(*) OVER () AS total
                FROM events_searchentry e
                WHERE {where}
                ORDER BY {_order_sql(sort, "0")} LIMIT %s OFFSET %s
            )
            SELECT {ENTRY_COLUMNS}, page.score, page.total, NULL, NULL, NULL, NULL
            FROM page JOIN events_searchentry e ON e.id = page.id
            ORDER BY {_order_sql(sort, "0", "page")}
        """
        return sql, params + [limit, offset]

    def browse(self, filters, sort, limit, offset, public):
        """Rows of ``_hit`` for one page of the entries the filters select, in date order."""
        return self._fetch(*self.browse_sql(filters, sort, limit, offset, public))

    def dated_ids(self, query, filters, sort, limit, offset, public):
        """Ids of one page of all the matches, oldest or newest first (every match is sorted)."""
        sql, params = self.matched_sql(query, filters, public)
        return [
            row[0]
            for row in self._fetch(
                f"{sql} ORDER BY {_order_sql(sort, '0')} LIMIT %s OFFSET %s", params + [limit, offset]
            )
        ]

    def count(self, query, filters, public):
        sql, params = self.matched_sql(query, filters, public)
        return self._fetch(f"SELECT COUNT(*) FROM ({sql}) matched", params)[0][0]

    def facet_counts(self, query, filters, public):
        """(name, value, count) of every entry ``matched_sql`` selects: exact, for browsing."""
        return self._facet_counts(*self.matched_sql(query, filters, public))

    def facet_counts_of(self, ids):
        """(name, value, count) over the entries with these ids."""
        return self._facet_counts(*self.ids_sql(ids))

    def _facet_counts(self, sql, params):
        return self._fetch(
            f"SELECT f.name, f.value, COUNT(*) FROM events_searchfacet f WHERE f.entry_id IN ({sql})"
            " GROUP BY f.name, f.value",
            params,
        )

    def _fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def candidates_for(self, word):
        """Vocabulary words that may be what ``word`` meant: the nearest by trigrams, and words of
        about its length that keep its first two letters and either its last two or its third.

        Trigrams miss swapped letters: "livitnov" shares only "nov" with "litvinov" (SQLite's
        trigram index has no word boundaries), and a large archive has hundreds of such words.
        Misspelt names nearly always keep their first letters, and the unique index on the
        word reads that range directly; the ends narrow it to a few words in a large vocabulary.
        """
        start = word[:2]
        if len(word) < 4:
            return self.similar_words(word)
        rows = (
            SearchName.objects.alias(length=Length("word"))
            .filter(word__gte=start, word__lt=start[0] + chr(ord(start[1]) + 1))
            .filter(length__range=(len(word) - 2, len(word) + 2))
            .filter(Q(word__endswith=word[-2:]) | Q(word__startswith=word[:3]))
            .values_list("word", flat=True)[:300]
        )
        return [*self.similar_words(word), *rows]


class _SQLiteBackend(_Backend):
    WEIGHTS = "10.0, 8.0, 3.0, 1.0"  # title, names, summary, body
    # A hit shows the summary's snippet if it has a match, else the body's: the body's (a long
    # text) is only made when needed. Parameters: the two markers.
    SUMMARY_SNIPPET = "snippet(events_searchentry_fts, 2, %s, %s, '…', 30)"

    def match_sql(self, query):
        """(FROM, WHERE, params) selecting the entries ``e`` that match ``query``."""
        return (
            "events_searchentry_fts JOIN events_searchentry e ON e.id = events_searchentry_fts.rowid",
            "events_searchentry_fts MATCH %s",
            [fts5_expression(query)],
        )

    def ids_sql(self, ids):
        # One parameter however many ids (SQLite limits the number of parameters).
        return "SELECT value FROM json_each(%s)", [json.dumps(list(ids))]

    def candidates(self, query, filters, public, limit):
        """([(id, score, date_lower)…] of at most ``limit`` matches, total number of matches).

        Everything is decided from the full-text table and narrow indexes: reading the entries
        themselves (wide rows, with their text) for every match is what made common words slow.
        bm25 is computed for the rows returned only; FTS5 counts matches without scoring them.
        """
        where, params = _filter_sql(filters, public, "events_searchentry_fts.rowid")
        expression = fts5_expression(query)
        sql = f"""
            WITH found AS MATERIALIZED (
                SELECT events_searchentry_fts.rowid AS id,
                       -bm25(events_searchentry_fts, {self.WEIGHTS}) AS score
                FROM events_searchentry_fts
                WHERE events_searchentry_fts MATCH %s AND {where}
                LIMIT %s
            )
            SELECT found.id, found.score, e.date_lower, e.kind, e.title, e.names,
                   (SELECT COUNT(*) FROM events_searchentry_fts
                    WHERE events_searchentry_fts MATCH %s AND {where})
            FROM found JOIN events_searchentry e ON e.id = found.id
        """
        rows = self._fetch(sql, [expression, *params, limit, expression, *params])
        return [row[:6] for row in rows], rows[0][6] if rows else 0

    def page_rows(self, query, ids):
        """Rows of ``_hit`` (without score and total) for these entries, with highlights."""
        sql, params = self.ids_sql(ids)
        expression = fts5_expression(query)
        # The entries first, then the full-text row of each by rowid: snippets for these rows only.
        return self._fetch(
            f"""
            SELECT {ENTRY_COLUMNS}, NULL, NULL,
                   highlight(events_searchentry_fts, 0, %s, %s),
                   snippet(events_searchentry_fts, 1, %s, %s, '…', 12),
                   {self.SUMMARY_SNIPPET},
                   CASE WHEN instr({self.SUMMARY_SNIPPET}, %s) = 0
                        THEN snippet(events_searchentry_fts, 3, %s, %s, '…', 30) END
            FROM events_searchentry e
            JOIN events_searchentry_fts ON events_searchentry_fts.rowid = e.id
            WHERE e.id IN ({sql}) AND events_searchentry_fts MATCH %s
            """,
            [*[START, STOP] * 3, START, STOP, START, START, STOP, *params, expression],
        )

    def similar_words(self, word):
        """Vocabulary words sharing the most trigrams with ``word`` (FTS5 trigram index)."""
        grams = trigrams(word)
        if not grams:
            return []
        rows = self._fetch(
            "SELECT n.word FROM events_searchname_trigrams t JOIN events_searchname n ON n.id = t.rowid"
            " WHERE events_searchname_trigrams MATCH %s ORDER BY t.rank LIMIT 50",
            [" OR ".join(f'"{gram}"' for gram in grams)],
        )
        return [row[0] for row in rows]


class _PostgreSQLBackend(_Backend):
    CONFIG = "archive_search"  # unaccent + english stemming, created by migration 0003
    TSQUERY = f"websearch_to_tsquery('{CONFIG}', %s)"
    TITLE_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
    NAMES_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=12, MinWords=4"
    SUMMARY_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15"
    # Fragments from a long text; unlike the default mode they lose punctuation at their ends.
    BODY_OPTIONS = (
        f'StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
    )

    def match_sql(self, query):
        """(FROM, WHERE, params) selecting the entries ``e`` that match ``query``."""
        return "events_searchentry e", f"e.document @@ {self.TSQUERY}", [websearch_text(query)]

    def ids_sql(self, ids):
        return "SELECT unnest(%s::bigint[])", [list(ids)]

    def candidates(self, query, filters, public, limit):
        """([(id, score, date_lower)…] of at most ``limit`` matches, their number if that is all).

        The scan stops at ``limit`` matches, so a common word costs no more than a rarer one; the
        total is then unknown (None). Counting every match would test the query against each
        match's ``document``, read (and often decompressed) from its row: that is what made common
        words slow, and no index answers it, as a GIN index cannot count.
        """
        where, params = _filter_sql(filters, public)
        text = websearch_text(query)
        # Normalisation 1 divides by 1 + log(length): at equal weight a record's own name (a short
        # entry) ranks above a long essay that mentions it, much as bm25 does on SQLite.
        rows = self._fetch(
            f"""
            SELECT e.id, ts_rank_cd(e.document, {self.TSQUERY}, 1), e.date_lower, e.kind, e.title, e.names
            FROM events_searchentry e
            WHERE e.document @@ {self.TSQUERY} AND {where}
            LIMIT %s
            """,
            [text, text, *params, limit],
        )
        return rows, len(rows) if len(rows) < limit else None

    def page_rows(self, query, ids):
        """Rows of ``_hit`` (without score and total) for these entries, with highlights.

        The body's headline (of a long text, the costly one) is only made when the summary has no match.
        """
        sql, params = self.ids_sql(ids)
        text = websearch_text(query)
        return self._fetch(
            f"""
            SELECT {ENTRY_COLUMNS}, NULL, NULL,
                   {self._headline("e.title")},
                   {self._headline("e.names")},
                   summary.headline,
                   CASE WHEN strpos(summary.headline, %s) = 0 THEN {self._headline("e.body")} END
            FROM events_searchentry e
            CROSS JOIN LATERAL (SELECT {self._headline("e.summary")} AS headline) summary
            WHERE e.id IN ({sql})
            """,
            [
                text,
                self.TITLE_OPTIONS,
                text,
                self.NAMES_OPTIONS,
                START,
                text,
                self.BODY_OPTIONS,
                text,
                self.SUMMARY_OPTIONS,
                *params,
            ],
        )

    def _headline(self, column):
        # Parameters: the query text, then the options.
        return f"ts_headline('{self.CONFIG}', {column}, {self.TSQUERY}, %s)"

    def similar_words(self, word):
        """The vocabulary words nearest to ``word`` by pg_trgm distance (GiST index, no threshold)."""
        rows = self._fetch("SELECT word FROM events_searchname ORDER BY word <-> %s LIMIT 50", [word])
        return [row[0] for row in rows]


def _backend():
    return _PostgreSQLBackend() if connection.vendor == "postgresql" else _SQLiteBackend()


def _hit(row, score=None):
    (_, kind, object_id, slug, status, display_title, title, date, event_kind, summary, body, row_score) = row[:12]
    title_hl, names_hl, summary_hl, body_hl = row[13:17]
    entry = SearchEntry(kind=kind, slug=slug, date=date)
    for fragment in (summary_hl, body_hl, names_hl):
        if fragment and START in fragment:
            snippet = _marked_html(fragment)
            break
    else:
        snippet = _marked_html(Truncator(summary or body).words(30))
    # The highlighted title is of the indexed text; show it only if that is the title as written.
    title_html = _marked_html(title_hl) if title_hl and title == display_title else _marked_html(display_title)
    return Hit(
        kind=kind,
        object_id=object_id,
        title=display_title,
        url=entry.get_absolute_url(),
        date=entry.readable_date,
        title_html=title_html,
        snippet=snippet,
        score=float(score if score is not None else row_score or 0),
        event_kind=event_kind,
        retired=status == "retired",
    )


def _facet_labels(counts):
    """Labels for facet values: fixed ones in Python, eras, topics and places in one query."""
    labels = {("type", kind): label for kind, label in SearchEntry.Kind.choices} | {
        ("kind", kind): label for kind, label in Event.Kind.choices
    }
    order = {("type", kind): i for i, kind in enumerate(SearchEntry.Kind.values)}
    ids = {name: [] for name in ("era", "topic", "place")}
    for name, value, _ in counts:
        if name == "decade" and value.isdigit():
            labels[name, value] = f"{value}s"
            order[name, value] = int(value)
        elif name in ids and value.isdigit():
            ids[name].append(int(value))
    querysets = [
        model.objects.filter(pk__in=ids[name])
        .order_by()
        .annotate(facet=Value(name), label=F(label_field), position=F(position_field) if position_field else Value(0))
        .values_list("facet", "pk", "label", "position")
        for name, model, label_field, position_field in (
            ("era", Era, "title", "start_year"),
            ("topic", Topic, "name", None),
            ("place", Place, "name", None),
        )
        if ids[name]
    ]
    if querysets:
        for name, pk, label, position in querysets[0].union(*querysets[1:], all=True):
            labels[name, str(pk)] = label
            order[name, str(pk)] = position
    return labels, order


def _facets(counts, filters):
    """{name: [FacetValue…]} in the order a reader scans them; values without a label are gone records."""
    labels, order = _facet_labels(counts)
    facets = {name: [] for name in FILTERS}
    for name, value, count in counts:
        if (name, value) in labels:
            selected = value in filters.get(name, ())
            facets[name].append(FacetValue(name, value, labels[name, value], count, selected))
    for name, values in facets.items():
        if name in ("type", "era", "decade"):
            values.sort(key=lambda v: (order.get((v.name, v.value), 0), v.label))
        else:
            values.sort(key=lambda v: (-v.count, v.label))
            facets[name] = values[:FACET_LIMIT] + [v for v in values[FACET_LIMIT:] if v.selected]
    return {name: values for name, values in facets.items() if values}


@dataclass
class _Results:
    hits: list
    total: int | None  # None: more than RANKED_LIMIT (PostgreSQL does not count past it)
    page: int
    facet_ids: list | None  # the entries whose facets are counted; None: every match (browsing)


def _browse(backend, filters, sort, page, per_page, public):
    rows = backend.browse(filters, sort, per_page, (page - 1) * per_page, public)
    if rows:
        return _Results([_hit(row) for row in rows], rows[0][12], page, None)
    total = backend.count(None, filters, public) if page > 1 else 0
    if not total:
        return _Results([], 0, 1, None)
    # Past the last page (an old link): show the last one.
    last = -(-total // per_page)
    rows = backend.browse(filters, sort, per_page, (last - 1) * per_page, public)
    return _Results([_hit(row) for row in rows], total, last, None)


# Places and topics are ways into the archive rather than what a reader looks for: named by the
# query, they come after the events, people and agreements whose titles hold it (the Treaty of
# Brest-Litovsk before the town), and before those that only mention it among their names (the
# Soviet Union before every event that took place there).
INDEX_KINDS = {SearchEntry.Kind.PLACE, SearchEntry.Kind.TOPIC}
# Entries whose names column holds the record's own other names (see search_index).
OWN_NAME_KINDS = {SearchEntry.Kind.PERSON, SearchEntry.Kind.PLACE}


def _ranked(query, rows):
    """Candidates (id, score, date_lower, kind, title, names), best first: records the query names
    (see ``search_query.title_matcher``) first, then by the database's score; equal scores oldest first."""
    match = title_matcher(query)

    def key(row):
        entry_id, score, date_lower, kind, title, names = row
        named, share = match(title, names, kind in OWN_NAME_KINDS)
        group = 1 if kind in INDEX_KINDS else (0 if share else 2)
        return (not named, group, -share, -score, date_lower is None, date_lower or "", entry_id)

    return sorted(rows, key=key)


def _run(backend, query, filters, sort, page, per_page, public):
    """One page of the matches of ``query``, ranked among the first RANKED_LIMIT matches found."""
    found, total = backend.candidates(query, filters, public, RANKED_LIMIT + 1)
    found = _ranked(query, found)[:RANKED_LIMIT]
    page = min(page, max(1, -(-len(found) // per_page)))
    offset = (page - 1) * per_page
    scores = {row[0]: row[1] for row in found}
    if sort == "relevance":
        page_ids = [row[0] for row in found[offset : offset + per_page]]
    else:
        page_ids = backend.dated_ids(query, filters, sort, per_page, offset, public) if found else []
    rows = {row[0]: row for row in backend.page_rows(query, page_ids)} if page_ids else {}
    hits = [_hit(rows[entry_id], scores.get(entry_id)) for entry_id in page_ids if entry_id in rows]
    return _Results(hits, total, page, list(scores))


def _corrections(backend, query, total, filters, public):
    """{id(item): word} for the reader's words that look like misspelt names, or {}."""
    items = list(query.correctable_items())[:5]
    if not items:
        return {}
    # Always one query, even when nothing needs correcting, so a page's query count does not
    # depend on how many results it has.
    words = [fold(item.words[0]) for item in items]
    known = set(SearchName.objects.filter(word__in=words).values_list("word", flat=True))
    if total >= FEW_RESULTS:
        return {}
    corrections = {}
    for item in items:
        word = fold(item.words[0])
        if word in known:
            continue
        alone = Query(text=item.raw, groups=[Group(include=[item])])
        if len(query.groups) == 1 and len(query.groups[0].include) == 1 and not total:
            found = 0  # The query is this word: it found nothing.
        else:
            found = backend.count(alone, filters, public)
        if found >= FEW_RESULTS:
            continue
        correction = best_correction(
            word, backend.candidates_for(word), popularity=lambda name: backend.count(parse(name), {}, public)
        )
        if correction:
            corrections[id(item)] = correction
    return corrections


def search(text, *, filters=None, sort="relevance", page=1, per_page=20, public=True, correct=True):
    """Search the index; return one ``SearchPage``. Never raises on what a reader types.

    ``text`` uses the query language of ``events.search_query`` (over-long text is cut).
    ``filters`` maps facet names (type, era, decade, topic, place, kind) to chosen values.
    ``sort`` is relevance, oldest or newest. ``public=False`` searches drafts too (for the admin).
    ``correct=False`` turns off "Did you mean …?" (for "Search instead for what I typed").
    An empty ``text`` with no filters returns no hits but the whole archive's facet counts; with
    filters, the records they select, oldest first.
    """
    query = parse(text or "")
    filters = clean_filters(filters)
    sort = sort if sort in SORTS else "relevance"
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    page = min(page, 10_000)
    result = SearchPage(
        query=query.text,
        page=page,
        per_page=per_page,
        sort=sort,
        filters=filters,
        truncated=query.truncated,
        only_common_words=query.only_common_words,
    )
    backend = _backend()
    if query.text and not query:
        # Text with nothing searchable in it ("the", "-trade"): say so, search nothing.
        return result
    if not query and not filters:
        # The help page: no results, but what the archive holds.
        result.facets = _facets(backend.facet_counts(query, filters, public), filters)
        return result
    if not query:
        results = _browse(backend, filters, sort, page, per_page, public)
    else:
        results = _run(backend, query, filters, sort, page, per_page, public)
    known_total = results.total if results.total is not None else RANKED_LIMIT + 1
    corrections = _corrections(backend, query, known_total, filters, public) if query and correct else {}
    if corrections:
        corrected = parse(replace_items(query, corrections))
        if known_total == 0:
            results = _run(backend, corrected, filters, sort, page, per_page, public)
            if results.total:
                result.corrected_from, result.query, query = query.text, corrected.text, corrected
        elif backend.count(corrected, filters, public) > known_total:
            result.suggestion = corrected.text
    result.hits, result.page = results.hits, results.page
    if results.total is None:
        result.total, result.more_than = RANKED_LIMIT, True
    else:
        result.total = results.total
    if results.facet_ids is None:
        counts = backend.facet_counts(query, filters, public)
    else:
        counts = backend.facet_counts_of(results.facet_ids) if results.facet_ids else []
        result.ranked_limit = RANKED_LIMIT
    result.facets = _facets(counts, filters)
    return result


def matching_ids(text, kind, *, public=False, correct=False):
    """SQL for the ids of the ``kind`` records matching ``text`` (drafts too, unless ``public``),
    as a ``RawSQL`` for ``pk__in``; None when ``text`` has nothing to search for.

    With ``correct``, misspelt names are corrected as on the search page when the text finds few
    records, and the records the corrected text finds are added to those the text itself finds.
    """
    query = parse(text or "")
    if not query:
        return None
    backend = _backend()
    filters = {"type": [kind]}
    sql, params = backend.matched_sql(query, filters, public)
    if correct:
        corrections = _corrections(backend, query, backend.count(query, filters, public), filters, public)
        if corrections:
            corrected_sql, corrected_params = backend.matched_sql(
                parse(replace_items(query, corrections)), filters, public
            )
            sql, params = f"{sql} UNION {corrected_sql}", params + corrected_params
    return RawSQL(f"SELECT object_id FROM events_searchentry WHERE id IN ({sql})", params)


def admin_search_results(queryset, search_term, fallback=None):
    """For ``ModelAdmin.get_search_results``: the records the site's search finds, plus ``fallback``.

    The index holds drafts as well as public records, so an editor finds both; the words of a
    misspelt name are corrected as on the search page (from the names of public records).
    ``fallback`` is what ``super().get_search_results(...)`` returned (``search_fields`` matches,
    e.g. on slugs, ids and parts of words the full-text index does not hold); the two are combined.
    Models the index does not cover get ``fallback`` as it is. Returns ``(queryset,
    may_have_duplicates)`` as Django expects.
    """
    kind = queryset.model._meta.model_name  # "event", "person"…: the index's kinds
    if kind not in SearchEntry.Kind.values or not search_term.strip():
        return fallback if fallback is not None else (queryset, False)
    ids = matching_ids(search_term, kind, correct=True)
    if ids is None:
        return fallback if fallback is not None else (queryset.none(), False)
    if fallback is None:
        return queryset.filter(pk__in=ids), False
    # Both sides are id subqueries, so the union has no duplicate rows whatever search_fields joined.
    fallback_queryset, _ = fallback
    return queryset.filter(Q(pk__in=ids) | Q(pk__in=fallback_queryset.values("pk"))), False
