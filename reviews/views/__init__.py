"""The reading pages, by what they show: essays, the catalogue of people and works, and the
series and tags that group essays."""

from reviews.views.base import ReadingMixin, essays
from reviews.views.catalogue import PersonListView, PersonView, WorkListView, WorkView
from reviews.views.essays import (
    ArchiveMonthView,
    ArchiveView,
    ArchiveYearView,
    ArticleView,
    AuthorView,
)
from reviews.views.groups import SeriesListView, SeriesView, TagListView, TagView

__all__ = [
    "ArchiveMonthView",
    "ArchiveView",
    "ArchiveYearView",
    "ArticleView",
    "AuthorView",
    "PersonListView",
    "PersonView",
    "ReadingMixin",
    "SeriesListView",
    "SeriesView",
    "TagListView",
    "TagView",
    "WorkListView",
    "WorkView",
    "essays",
]
