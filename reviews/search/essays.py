"""Search over published essays: titles, deks, bodies, the titles of the works they discuss and
the names of the people in them.

One interface, two engines, chosen by the database:

- PostgreSQL: full-text search. Title weighs most, then dek, work titles and names, then the
  body; the reader's words are read as a web search (``"exact phrase"``, ``-without``, ``or``)
  and the results are ranked. Each essay's vector is stored (``Article.search_vector``, kept
  fresh as essays, works and people change), so a search reads an index instead of every essay.
- SQLite (development): every word must appear somewhere, as a substring, ignoring case and
  accents; essays with the words in their title come first, then the newest.

Both ignore accents: "cleo", "Cleo" and "cléo" all find "Cléo". PostgreSQL passes the essay's
text and the reader's words alike through ``unaccent()``, from the extension that a migration
creates; SQLite folds them in Python, with a function registered on each SQLite connection.
``unaccent()`` also turns typographic dashes and quotes into plain ones, which a web search
reads as operators, so the query gets plain punctuation first and means the same on both:
"Cléo – Varda" looks for both words, and “long take” is a phrase, as "long take" is.

>>> query = ReaderQuery("Phantom Thread -music")
>>> search_articles(query)  # published essays, best first
>>> highlight("Phantom Thread (2017)", query.terms)  # 'Phantom' and 'Thread' inside <mark>

Highlighting is done in Python for both engines, so it looks the same on each and never lets
a character of the text through unescaped.
"""

import re

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import format_html

from reviews.markup import plain_text
from reviews.models import Article
from reviews.models.search_vector import SEARCH_CONFIG, related_text
from reviews.search.query import Folded, ReaderQuery, _pattern, fold, highlight

SNIPPET_BEFORE = 120
SNIPPET_AFTER = 220
# Footnote markers and back-links would put stray digits and arrows into a snippet.
FOOTNOTE_LINKS = re.compile(
    r'<sup\b[^>]*>.*?</sup>|<a\b[^>]*class="footnote-backref"[^>]*>.*?</a>', re.S
)
# What the SQLite fallback searches, each folded for comparison.
SEARCHED_FIELDS = ("title", "dek", "body", "search_works", "search_people", "search_credits")


def _unaccented_query(text):
    return SearchQuery(Unaccent(Value(text)), search_type="websearch", config=SEARCH_CONFIG)


def _postgres_search(queryset, query):
    # Matched and ranked on each essay's stored vector (reviews.models.search_vector): made of
    # the same text with the same weights, but computed when the essay changes, not per search.
    search_query = _unaccented_query(query.search_text)
    # Ranked without the excluded words: PostgreSQL ranks every match of "film -music" at zero.
    rank_query = _unaccented_query(query.without_exclusions)
    return (
        queryset.filter(search_vector=search_query)
        # F(), not the field's name: SearchRank would wrap a bare name in to_tsvector() again.
        .annotate(rank=SearchRank(F("search_vector"), rank_query))
        .order_by("-rank", "-publish_at", "-pk")
    )


def _fallback_search(queryset, query):
    queryset = queryset.annotate(**related_text(Article))
    if connection.vendor == "sqlite":
        # SQLite's LIKE ignores the case of ASCII letters only, and never accents.
        queryset = queryset.alias(**{f"folded_{name}": Folded(name) for name in SEARCHED_FIELDS})
        lookups = [f"folded_{name}__contains" for name in SEARCHED_FIELDS]
        words = {term: fold(term.stem) for term in query.terms}
    else:
        lookups = [f"{name}__icontains" for name in SEARCHED_FIELDS]
        words = {term: term.stem for term in query.terms}

    def matches(term, lookups=lookups):
        return Q(*((lookup, words[term]) for lookup in lookups), _connector=Q.OR)

    for term in query.wanted:
        queryset = queryset.filter(matches(term))
    for term in query.unwanted:
        queryset = queryset.exclude(matches(term))
    title_hits = sum(
        (
            Case(When(matches(term, lookups[:1]), then=1), default=0, output_field=IntegerField())
            for term in query.wanted
        ),
        Value(0),
    )
    return queryset.annotate(rank=title_hits).order_by("-rank", "-publish_at", "-pk")


def search_articles(query, queryset=None):
    """Published essays matching ``query`` (a ReaderQuery or a string), best first."""
    if not isinstance(query, ReaderQuery):
        query = ReaderQuery(query)
    queryset = Article.objects.published() if queryset is None else queryset
    if not query:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, query)
    return _fallback_search(queryset, query)


def snippet(article, terms):
    """A passage of the essay's text around the first word searched for, highlighted; the
    summary when the words were found only in the title, names or footnotes."""
    text = plain_text(FOOTNOTE_LINKS.sub("", article.body_html))
    pattern = _pattern(terms)
    match = pattern.search(fold(text)) if pattern else None
    if match is None:
        return highlight(article.summary, terms)
    # Cut at spaces so that the passage starts and ends with whole words.
    start = max(0, match.start() - SNIPPET_BEFORE)
    if start > 0 and (space := text.find(" ", start, match.start())) != -1:
        start = space + 1
    end = min(len(text), match.end() + SNIPPET_AFTER)
    if end < len(text) and (space := text.rfind(" ", match.end(), end)) != -1:
        end = space
    passage = highlight(text[start:end].strip(), terms)
    return format_html("{}{}{}", "…" if start > 0 else "", passage, "…" if end < len(text) else "")
