from reviews.models.articles import Article, ArticleQuerySet, Series, Tag
from reviews.models.people import Person
from reviews.models.works import Credit, Work

__all__ = ["Article", "ArticleQuerySet", "Credit", "Person", "Series", "Tag", "Work"]
