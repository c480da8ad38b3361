"""RSS 2.0 and Atom feeds of published essays: the whole site, and each person, work, series
and tag.

An item carries the essay's summary as its description and the full essay as its content
(``content:encoded`` in RSS, ``<content>`` in Atom): readers of long essays want to read them in
their feed reader. Every author is named, each tag is a category, and the id of an item is a tag
URI built from the essay's primary key, so renaming a slug does not make readers see it twice.

Links are absolute on ``SITE_URL``, the public address, like the rest of the site's metadata.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html

from reviews.metadata import absolute_url, image_url
from reviews.models import Article, Person, Series, Tag, Work

ITEMS_PER_FEED = 30
# Addresses in sanitised HTML, which always has double-quoted attributes.
LINK_ATTRIBUTE = re.compile(r'\b(href|src)="(/(?!/)|#)')
SRCSET_ATTRIBUTE = re.compile(r'\bsrcset="([^"]*)"')


def absolute_links(html, page_url):
    """Make the links of an essay's HTML work outside the site: feed readers resolve relative
    URLs against the feed, not the essay, so footnote and image links would break."""

    def link(match):
        attribute, start = match.groups()
        base = page_url if start == "#" else settings.SITE_URL
        return f'{attribute}="{base}{start}'

    def srcset(match):
        candidates = (candidate.strip() for candidate in match.group(1).split(","))
        return 'srcset="{}"'.format(
            ", ".join(absolute_url(c) if c.startswith("/") else c for c in candidates)
        )

    return SRCSET_ATTRIBUTE.sub(srcset, LINK_ATTRIBUTE.sub(link, html))


class EssayRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full essay in ``content:encoded`` and one ``dc:creator`` per author."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        handler.addQuickElement("content:encoded", item["content"])


class EssayAtomFeed(Atom1Feed):
    """Atom with the full essay in ``<content>`` and one ``<author>`` per author."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            handler.addQuickElement("uri", author["uri"])
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})


class EssayFeed(Feed):
    """The site's latest essays. Subclasses narrow ``essays()`` to one person, work, series or
    tag; each has an Atom twin that only changes the format and its own address."""

    feed_type = EssayRssFeed
    url_name = "reviews:feed-rss"
    model = None  # what a subject's feed follows, found by the slug in its address
    item_guid_is_permalink = False

    def get_object(self, request, slug=None):
        return get_object_or_404(self.model, slug=slug) if self.model else None

    def essays(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.essays(obj).for_listing()[:ITEMS_PER_FEED]

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        # Escaped like an item's description: readers render channel descriptions as HTML too,
        # and a tag, film, person or series name is written by editors.
        return escape(self.describe(obj))

    def describe(self, obj):
        return settings.SITE_DESCRIPTION

    def link(self, obj):
        return absolute_url(obj.get_absolute_url() if obj else reverse("reviews:home"))

    def feed_url(self, obj):
        kwargs = {"slug": obj.slug} if obj else {}
        return absolute_url(reverse(self.url_name, kwargs=kwargs))

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def item_title(self, article):
        # Plain text: Django escapes titles by default for old readers that render them as
        # HTML, but current readers show such a title with "&amp;" in it.
        return article.title

    def item_description(self, article):
        return escape(article.summary)

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_guid(self, article):
        host = urlsplit(settings.SITE_URL).hostname
        return f"tag:{host},{article.created_at:%Y-%m-%d}:essay:{article.pk}"

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.last_modified

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]

    def item_extra_kwargs(self, article):
        return {
            "authors": [
                {
                    "name": author.get_display_name(),
                    "uri": absolute_url(
                        reverse("reviews:author", kwargs={"username": author.username})
                    ),
                }
                for author in article.authors.all()
            ],
            "content": self.item_content(article),
        }

    def item_content(self, article):
        page_url = self.item_link(article)
        parts = []
        if article.hero_image:
            image = format_html(
                '<img src="{}" alt="{}">', image_url(article.hero_image), article.hero_alt
            )
            if article.hero_caption or article.hero_credit:
                image = format_html(
                    "{}<figcaption>{} <small>{}</small></figcaption>",
                    image,
                    article.hero_caption,
                    article.hero_credit,
                )
            parts.append(format_html("<figure>{}</figure>", image))
        if article.contains_spoilers:
            parts.append("<p><strong>Spoiler warning: this essay discusses the plot.</strong></p>")
        # body_html was sanitised when the essay was saved.
        parts.append(absolute_links(article.body_html, page_url))
        return "\n".join(parts)


class EssayAtomMixin:
    feed_type = EssayAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class SiteAtomFeed(EssayAtomMixin, EssayFeed):
    url_name = "reviews:feed-atom"


class PersonFeed(EssayFeed):
    url_name = "reviews:person-feed"
    model = Person

    def essays(self, person):
        return Article.objects.published().about_person(person)

    def title(self, person):
        return f"Essays about {person.name} — {settings.SITE_NAME}"

    def describe(self, person):
        return f"Essays about {person.name} and their films, from {settings.SITE_NAME}."


class PersonAtomFeed(EssayAtomMixin, PersonFeed):
    url_name = "reviews:person-feed-atom"


class WorkFeed(EssayFeed):
    url_name = "reviews:work-feed"
    model = Work

    def essays(self, work):
        return Article.objects.published().about_work(work)

    def title(self, work):
        return f"Essays about {work} — {settings.SITE_NAME}"

    def describe(self, work):
        return f"Essays about {work}, from {settings.SITE_NAME}."


class WorkAtomFeed(EssayAtomMixin, WorkFeed):
    url_name = "reviews:work-feed-atom"


class SeriesFeed(EssayFeed):
    url_name = "reviews:series-feed"
    model = Series

    def essays(self, series):
        return Article.objects.published().filter(series=series)

    def title(self, series):
        return f"{series.title} — {settings.SITE_NAME}"

    def describe(self, series):
        return series.description or f"The essays of {series.title}, from {settings.SITE_NAME}."


class SeriesAtomFeed(EssayAtomMixin, SeriesFeed):
    url_name = "reviews:series-feed-atom"


class TagFeed(EssayFeed):
    url_name = "reviews:tag-feed"
    model = Tag

    def essays(self, tag):
        return Article.objects.published().filter(tags=tag)

    def title(self, tag):
        return f"Essays tagged “{tag.name}” — {settings.SITE_NAME}"

    def describe(self, tag):
        return f"Essays tagged “{tag.name}”, from {settings.SITE_NAME}."


class TagAtomFeed(EssayAtomMixin, TagFeed):
    url_name = "reviews:tag-feed-atom"


class AuthorFeed(EssayFeed):
    """One critic's essays. Like the author page, it exists only for someone with a published
    essay, so the address never confirms that a reader's username exists."""

    url_name = "reviews:author-feed"

    def get_object(self, request, username):
        return get_object_or_404(
            get_user_model().objects.filter(articles__in=Article.objects.published()).distinct(),
            username=username,
        )

    def essays(self, author):
        return Article.objects.published().written_by(author)

    def title(self, author):
        return f"Essays by {author.get_display_name()} — {settings.SITE_NAME}"

    def describe(self, author):
        return f"Essays by {author.get_display_name()}, from {settings.SITE_NAME}."

    def link(self, author):
        return absolute_url(reverse("reviews:author", kwargs={"username": author.username}))

    def feed_url(self, author):
        return absolute_url(reverse(self.url_name, kwargs={"username": author.username}))


class AuthorAtomFeed(EssayAtomMixin, AuthorFeed):
    url_name = "reviews:author-feed-atom"
