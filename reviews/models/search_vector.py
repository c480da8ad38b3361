"""What essay search reads on PostgreSQL: each essay's text as a stored, weighted ``tsvector``.

Computing ``to_tsvector(unaccent(…))`` over every essay at query time costs seconds on a few
thousand essays, so each essay keeps its vector in ``Article.search_vector`` (GIN-indexed) and
search only matches against it. ``unaccent()`` is not IMMUTABLE, so PostgreSQL refuses it in a
generated column: the vector is written by an UPDATE instead, whenever what it is made of
changes (``reviews.receivers`` watches the essays, their subjects, names, titles and credits).

The weights: the title (A); the dek, the titles of the works discussed, the names of the people
discussed and of everyone credited on those works (B); the body (C).

On other databases nothing is stored: search there reads the text itself (see
``reviews.search.essays``), so refreshing is a no-op.

Loaders and imports that save essays by the hundred wrap their work in
:func:`refreshed_at_the_end`, so the vectors are written by one UPDATE when they finish instead
of one per essay, per relation.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat

SEARCH_CONFIG = "english"

# The essays waiting for one refresh at the end of a ``refreshed_at_the_end()`` block.
_pending = ContextVar("pending_search_vectors", default=None)


def related_text(model):
    """An essay's text from its related rows, one string each: ``{name: expression}``.

    ``model`` is the essay model (a migration's historical one too). Each expression is a
    subquery correlated on the essay's primary key, usable in an annotation or an UPDATE.
    """

    def joined(expression):
        return Coalesce(
            Subquery(
                model.objects.filter(pk=OuterRef("pk"))
                .order_by()
                .values("pk")
                .annotate(text=StringAgg(expression, delimiter=Value(" ")))
                .values("text")
            ),
            Value(""),
            output_field=TextField(),
        )

    return {
        "search_works": joined(
            Concat("subject_works__title", Value(" "), "subject_works__original_title")
        ),
        "search_people": joined("subject_people__name"),
        "search_credits": joined("subject_works__credits__person__name"),
    }


def _weighted(*expressions, weight):
    return SearchVector(
        *(Unaccent(expression) for expression in expressions), weight=weight, config=SEARCH_CONFIG
    )


def search_vector(model):
    """The expression of an essay's weighted, accent-free vector, as the column stores it."""
    return (
        _weighted("title", weight="A")
        + _weighted("dek", *related_text(model).values(), weight="B")
        + _weighted("body", weight="C")
    )


def stored_on(alias):
    """Whether the database ``alias`` names keeps search vectors (only PostgreSQL does)."""
    return connections[alias].vendor == "postgresql"


def refresh(queryset):
    """Recompute the stored vectors of the essays in ``queryset`` with one UPDATE; returns how
    many were written (none on databases other than PostgreSQL, or when deferred)."""
    if not stored_on(queryset.db):
        return 0
    pending = _pending.get()
    if pending is not None:
        pending.model = queryset.model
        pending.keys.update(queryset.values_list("pk", flat=True))
        return 0
    return queryset.update(search_vector=search_vector(queryset.model))


def refresh_essays(model, keys, *, using):
    """:func:`refresh` for essays known by id. Inside :func:`refreshed_at_the_end` they are
    noted as they are, without asking the database which essays a queryset means: an import
    saves and links every essay several times."""
    if not stored_on(using) or not keys:
        return 0
    pending = _pending.get()
    if pending is not None:
        pending.model = model
        pending.keys.update(keys)
        return 0
    return refresh(model._default_manager.using(using).filter(pk__in=keys))


class _Pending:
    def __init__(self):
        self.model, self.keys = None, set()


@contextmanager
def refreshed_at_the_end():
    """Collect the essays whose vectors go stale inside the block and refresh them all with one
    UPDATE when it ends. A block inside another leaves the refresh to the outer one."""
    if _pending.get() is not None:
        yield
        return
    pending = _Pending()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    # Not after an error: the caller's transaction is being rolled back.
    if pending.keys:
        refresh(pending.model.objects.filter(pk__in=pending.keys))
