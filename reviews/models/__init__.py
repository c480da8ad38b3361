from reviews.models.articles import Article, ArticleQuerySet, ArticleSlugRedirect
from reviews.models.authors import AuthorProfile
from reviews.models.figures import ArticleImage
from reviews.models.groups import Series, Tag
from reviews.models.history import ArticleRevision
from reviews.models.imported import LegacyAddress, WordPressLink
from reviews.models.people import Person
from reviews.models.works import Credit, Work

__all__ = [
    "Article",
    "ArticleImage",
    "ArticleQuerySet",
    "ArticleRevision",
    "ArticleSlugRedirect",
    "AuthorProfile",
    "Credit",
    "LegacyAddress",
    "Person",
    "Series",
    "Tag",
    "Work",
    "WordPressLink",
]
