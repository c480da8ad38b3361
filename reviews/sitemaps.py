"""The pages search engines should know about: published essays, people, works, series, and
the lists that lead to them. Addresses are absolute on ``SITE_URL``, the public address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from reviews.models import Article, Person, Series, Tag, Work


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    def items(self):
        return Article.objects.published().order_by("-publish_at", "-pk")

    def lastmod(self, article):
        return article.last_modified


class PersonSitemap(SiteSitemap):
    def items(self):
        return Person.objects.order_by("pk")


class WorkSitemap(SiteSitemap):
    def items(self):
        return Work.objects.order_by("pk")


class SeriesSitemap(SiteSitemap):
    def items(self):
        # A series shows no page until one of its essays is published.
        return Series.objects.with_published_essays().order_by("pk")


class TagSitemap(SiteSitemap):
    def items(self):
        return Tag.objects.with_published_essays().order_by("pk")


class AuthorSitemap(SiteSitemap):
    def items(self):
        # Only critics with a published essay have a page.
        authors = get_user_model().objects.filter(articles__in=Article.objects.published())
        return authors.distinct().order_by("pk")

    def location(self, author):
        return reverse("reviews:author", kwargs={"username": author.username})


class ListSitemap(SiteSitemap):
    def items(self):
        return [
            "reviews:home",
            "reviews:person-list",
            "reviews:work-list",
            "reviews:series-list",
            "reviews:tag-list",
            "reviews:archive",
        ]

    def location(self, url_name):
        return reverse(url_name)


class FlatPageSitemap(SiteSitemap):
    """The About page, the colophon and any other page editors write in the admin."""

    def items(self):
        return FlatPage.objects.filter(
            sites=settings.SITE_ID, registration_required=False
        ).order_by("url")


sitemaps = {
    "pages": ListSitemap,
    "essays": ArticleSitemap,
    "people": PersonSitemap,
    "works": WorkSitemap,
    "series": SeriesSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "flatpages": FlatPageSitemap,
}
