"""Search over published essays: titles, deks, bodies, the titles of the works they discuss and
the names of the people in them.

One interface, two engines, chosen by the database:

- PostgreSQL: full-text search. Title weighs most, then dek, work titles and names, then the
  body; the reader's words are read as a web search (``"exact phrase"``, ``-without``, ``or``)
  and the results are ranked.
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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    Func,
    IntegerField,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape, format_html, format_html_join
from django.views.generic import ListView

from reviews.markup import plain_text
from reviews.models import Article
from reviews.views.base import ReadingMixin

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
SEARCH_CONFIG = "english"
RESULTS_PER_PAGE = 10
SNIPPET_BEFORE = 120
SNIPPET_AFTER = 220

# Words too common to require (SQLite) or to highlight; PostgreSQL's english configuration
# drops them as well.
STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have",
        "in", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their", "then",
        "there", "these", "this", "to", "was", "were", "which", "who", "with",
    }
)  # fmt: skip
# Endings removed so that "directed" also finds and highlights "director" and "directs".
SUFFIXES = ("ing", "ed", "es", "s")
# Footnote markers and back-links would put stray digits and arrows into a snippet.
FOOTNOTE_LINKS = re.compile(
    r'<sup\b[^>]*>.*?</sup>|<a\b[^>]*class="footnote-backref"[^>]*>.*?</a>', re.S
)
# Typographic quotes, which phones type for plain ones, and dashes other than the minus.
DOUBLE_QUOTES = frozenset("“”„‟〝〞ʺ")
OTHER_DASHES = frozenset("−˗")
# A minus that starts no word, as in "Cléo - Varda", is punctuation too.
LONE_MINUS = re.compile(r'-(?![\w"])')
# What the SQLite fallback searches, each folded for comparison.
SEARCHED_FIELDS = ("title", "dek", "body", "search_works", "search_people", "search_credits")


@lru_cache(maxsize=4096)
def _fold_character(character):
    base = "".join(
        c for c in unicodedata.normalize("NFD", character) if not unicodedata.combining(c)
    )
    for candidate in (base.lower(), character.lower()):
        if len(candidate) == 1:
            return candidate
    return character


def fold(text):
    """``text`` in lower case without accents: "Cléo" → "cleo", "AGNÈS" → "agnes".

    One character for each character of ``text``, so that a match found in the folded text is
    at the same place in the original.
    """
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_character, text))


def register_sqlite_functions(sender=None, *, connection, **kwargs):
    """Give a new SQLite connection ``reviews_fold()``; connected to ``connection_created``."""
    # A connection not yet open is skipped: connection_created brings it back here when it opens.
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_function(
            "reviews_fold",
            1,
            lambda value: fold(value) if isinstance(value, str) else value,
            deterministic=True,
        )


class Folded(Func):
    """SQLite: a text column folded like :func:`fold`, to compare without case or accents."""

    function = "reviews_fold"
    output_field = TextField()


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False

    @property
    def stem(self):
        """The part of the word to look for. Phrases are looked for whole."""
        word = self.text.lower()
        if " " in word:
            return word
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word[: -len(suffix)]
        return word

    def pattern(self):
        """A regular expression for the term at the start of a word, in folded text."""
        parts = [re.escape(part) for part in fold(self.stem).split()]
        return r"(?<!\w)" + r"\s+".join(parts) + r"\w*"


class ReaderQuery:
    """What a reader typed, made safe to search with whatever it contains.

    Control characters are removed, compatibility characters folded (NFKC), the length capped.
    ``text`` is shown back to the reader; ``search_text`` is what is searched, with plain quotes
    and minus signs only where they are operators. ``terms`` are the words and "quoted
    phrases" to look for; a ``-`` at the start of a word excludes it.
    """

    def __init__(self, raw):
        text = unicodedata.normalize("NFKC", str(raw or "")[: MAX_QUERY_LENGTH * 4])
        text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
        self.text = " ".join(text.split())[:MAX_QUERY_LENGTH]
        self.search_text = self._plain_punctuation(self.text)
        self.terms = self._terms(self.search_text)[:MAX_TERMS]

    def __str__(self):
        return self.text

    def __bool__(self):
        return any(not term.negated for term in self.terms)

    @property
    def without_exclusions(self):
        return re.sub(r'(?:^|\s)-(?:"[^"]*"|\S+)', " ", self.search_text).strip()

    @property
    def wanted(self):
        return [term for term in self.terms if not term.negated]

    @property
    def unwanted(self):
        return [term for term in self.terms if term.negated]

    @staticmethod
    def _plain_punctuation(text):
        def plain(ch):
            if ch in DOUBLE_QUOTES:
                return '"'
            if ch in OTHER_DASHES or (ch != "-" and unicodedata.category(ch) == "Pd"):
                return " "
            return ch

        text = text if text.isascii() else "".join(map(plain, text))
        return " ".join(LONE_MINUS.sub(" ", text).split())

    @staticmethod
    def _terms(text):
        terms = []
        for phrase, word in re.findall(r'(-?"[^"]*")|(\S+)', text):
            token = phrase or word
            negated = token.startswith("-")
            words = re.findall(r"\w+", token)
            if phrase:
                if words:
                    terms.append(Term(" ".join(words), negated))
                continue
            # "Haim's" → "Haim": a lone letter left over from punctuation would find everything.
            words = [w for w in words if len(w) > 1] or words
            terms.extend(Term(w, negated) for w in words if w.lower() not in STOP_WORDS)
        return list(dict.fromkeys(terms))


def _related_text(expression):
    """One string of an essay's related rows (the titles of its works, names), for matching."""
    return Coalesce(
        Subquery(
            Article.objects.filter(pk=OuterRef("pk"))
            .order_by()
            .values("pk")
            .annotate(text=StringAgg(expression, delimiter=Value(" ")))
            .values("text")
        ),
        Value(""),
        output_field=TextField(),
    )


def _with_searchable_text(queryset):
    return queryset.annotate(
        search_works=_related_text(
            Concat("subject_works__title", Value(" "), "subject_works__original_title")
        ),
        search_people=_related_text("subject_people__name"),
        search_credits=_related_text("subject_works__credits__person__name"),
    )


def _unaccented_vector(*names, weight):
    return SearchVector(*(Unaccent(name) for name in names), weight=weight, config=SEARCH_CONFIG)


def _unaccented_query(text):
    return SearchQuery(Unaccent(Value(text)), search_type="websearch", config=SEARCH_CONFIG)


def _postgres_search(queryset, query):
    vector = (
        _unaccented_vector("title", weight="A")
        + _unaccented_vector("dek", "search_works", "search_people", "search_credits", weight="B")
        + _unaccented_vector("body", weight="C")
    )
    search_query = _unaccented_query(query.search_text)
    # Ranked without the excluded words: PostgreSQL ranks every match of "film -music" at zero.
    rank_query = _unaccented_query(query.without_exclusions)
    return (
        _with_searchable_text(queryset)
        .annotate(search=vector, rank=SearchRank(vector, rank_query))
        .filter(search=search_query)
        .order_by("-rank", "-publish_at", "-pk")
    )


def _fallback_search(queryset, query):
    queryset = _with_searchable_text(queryset)
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


def _pattern(terms):
    patterns = [term.pattern() for term in terms if not term.negated]
    return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


def highlight(text, terms):
    """``text`` escaped, with each word that starts like one of ``terms`` inside ``<mark>``."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(fold(text)):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", text[match.start() : match.end()]))
        position = match.end()
    pieces.append(escape(text[position:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


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


@dataclass
class Result:
    """An essay found, with its title, dek, works and a passage of its text highlighted."""

    article: Article
    title: str
    dek: str
    works: list[str]
    excerpt: str


class SearchView(ReadingMixin, ListView):
    """GET /search/?q=…. Whatever a reader types (or a crawler invents) gives a normal page."""

    template_name = "reviews/search.html"
    context_object_name = "essays"
    paginate_by = RESULTS_PER_PAGE

    def get_queryset(self):
        self.query = ReaderQuery(self.request.GET.get("q", ""))
        return search_articles(self.query).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        context["results"] = [
            Result(
                article=article,
                title=highlight(article.title, self.query.terms),
                dek=highlight(article.dek, self.query.terms),
                works=[
                    highlight(str(work), self.query.terms) for work in article.subject_works.all()
                ],
                excerpt=snippet(article, self.query.terms),
            )
            for article in context["page_obj"]
        ]
        return context

    def get_meta(self):
        if self.query:
            return {"title": f"Search results for “{self.query}”"}
        return {"title": "Search", "description": f"Search the essays of {settings.SITE_NAME}."}

    def get_breadcrumbs(self):
        return [("Search", self.request.path)]
