"""Films and people found by their titles and names, for the groups above the essays on the
search page.

Every word the reader typed must appear in a film's title (or original title) or a person's
name, ignoring case and accents; a film is also found through its director, so "reichardt"
lists Kelly Reichardt and the films she directed. Exact titles and names come first: "first
cow" puts *First Cow* before *First Reformed*.

On PostgreSQL, a misspelt title or name is found as well, by trigram word similarity (the
``pg_trgm`` extension, created by a migration): "reichart" finds Reichardt and "licorice piza"
finds *Licorice Pizza*, when nothing matches word for word; the closest is offered back as "did
you mean …". SQLite, used in development, matches words only.

>>> search_catalogue(ReaderQuery("reichardt")).people  # [<Person: Kelly Reichardt>]
>>> search_catalogue(ReaderQuery("licorice piza")).suggestion  # "Licorice Pizza" (PostgreSQL)
"""

from dataclasses import dataclass, field

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Greatest, Lower

from reviews.models import Credit, Person, Work
from reviews.search.query import Folded, ReaderQuery, fold

MAX_FILMS = 8
MAX_PEOPLE = 6
# How close a misspelling must be (pg_trgm's word_similarity, 0–1) to count as a near miss: at
# 0.5 "reichart" finds "Reichardt" and "licorice piza" finds "Licorice Pizza".
SIMILARITY = 0.5


def _folded(name):
    """``name`` without case or accents, as each database can compare it."""
    if connection.vendor == "sqlite":
        return Folded(name)
    if connection.vendor == "postgresql":
        return Lower(Unaccent(name))
    return Lower(name)


def _words_match(fields, query):
    """Every wanted word of ``query`` in one of ``fields``, and no unwanted one in any."""
    aliases = {field: f"folded_{field}" for field in fields}

    def anywhere(term):
        return Q(
            *((f"{aliases[field]}__contains", fold(term.stem)) for field in fields), _connector=Q.OR
        )

    condition = Q()
    for term in query.wanted:
        condition &= anywhere(term)
    for term in query.unwanted:
        condition &= ~anywhere(term)
    return aliases, condition


def _typed(query):
    """What the reader typed, without exclusions or quotes, folded: to compare whole titles."""
    return fold(" ".join(query.without_exclusions.replace('"', " ").split()))


def _rank(queryset, fields, query, *, extra=None, near=False):
    """``queryset`` narrowed to what matches ``query`` in ``fields`` (or ``extra``), with
    ``exact`` (1 when a field is exactly what was typed) and ``similarity`` annotated. With
    ``near`` (PostgreSQL only), what is close to the typed text instead of every word."""
    aliases, words = _words_match(fields, query)
    queryset = queryset.alias(**{alias: _folded(field) for field, alias in aliases.items()})
    typed = _typed(query)
    exact = Case(
        When(Q(*((alias, typed) for alias in aliases.values()), _connector=Q.OR), then=1),
        default=0,
        output_field=IntegerField(),
    )
    if near:
        similarity = Greatest(
            *(TrigramWordSimilarity(Unaccent(Value(typed)), Unaccent(field)) for field in fields),
            Value(0.0),
            output_field=FloatField(),
        )
        found = Q(similarity__gte=SIMILARITY)
    else:
        similarity = Value(0.0, output_field=FloatField())
        found = words
    if extra is not None:
        found |= extra
    return queryset.annotate(exact=exact, similarity=similarity).filter(found)


def search_people(query, *, near=False):
    """People whose names match ``query``: exact names first, then the closest."""
    people = _rank(Person.objects.all(), ("name",), query, near=near)
    return people.order_by("-exact", "-similarity", "sort_name", "pk")


def search_works(query, *, near=False):
    """Films whose titles match ``query``, or whose director's name does: exact titles first."""
    directors = _rank(Person.objects.all(), ("name",), query, near=near).values("pk")
    by_director = Q(
        pk__in=Credit.objects.filter(role=Credit.Role.DIRECTOR, person__in=directors).values("work")
    )
    works = _rank(
        Work.objects.all(), ("title", "original_title"), query, extra=by_director, near=near
    )
    return works.order_by("-exact", "-similarity", "-year", "title", "pk")


@dataclass
class Catalogue:
    """The films and people found, and what the reader probably meant when they were found
    only by being close to what was typed."""

    films: list = field(default_factory=list)
    people: list = field(default_factory=list)
    suggestion: str | None = None


def search_catalogue(query):
    """The films and people matching ``query``, each a short list ready to show: three queries
    however many are found (the films' directors come prefetched), three more on PostgreSQL
    when nothing matches word for word and near misses are looked for."""
    if not isinstance(query, ReaderQuery):
        query = ReaderQuery(query)
    if not query:
        return Catalogue()
    found = _catalogue(query, near=False)
    if found.films or found.people or connection.vendor != "postgresql":
        return found
    found = _catalogue(query, near=True)
    closest = [(film.similarity, film.title) for film in found.films]
    closest += [(person.similarity, person.name) for person in found.people]
    if closest:
        best = max(closest)[1]
        found.suggestion = None if fold(best) == _typed(query) else best
    return found


def _catalogue(query, *, near):
    return Catalogue(
        films=list(search_works(query, near=near).with_credits()[:MAX_FILMS]),
        people=list(search_people(query, near=near)[:MAX_PEOPLE]),
    )
