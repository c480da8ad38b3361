"""Search across the site: essays (:mod:`.essays`), and the films and people they discuss
(:mod:`.catalogue`), all read through one :class:`~.query.ReaderQuery`."""

from reviews.search.essays import search_articles, snippet
from reviews.search.query import ReaderQuery, fold, highlight, register_sqlite_functions

__all__ = [
    "ReaderQuery",
    "fold",
    "highlight",
    "register_sqlite_functions",
    "search_articles",
    "snippet",
]
