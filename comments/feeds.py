"""RSS feeds of the latest approved comments: the whole site, and one essay.

Only comments readers can see, on essays readers can see. Links point at each comment's
permalink, which finds the right page of the thread. Addresses are absolute on ``SITE_URL``,
like the rest of the site's feeds.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from comments.models import Comment
from reviews.models import Article

ITEMS_PER_FEED = 30
SPOILER = re.compile(r'<span class="spoiler">.*?</span>', re.S)


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def without_spoilers(html):
    """Feed readers cannot hide a spoiler until it is clicked, so the feed leaves it out."""
    return SPOILER.sub("<em>[spoiler: read it on the site]</em>", html)


class LatestCommentsFeed(Feed):
    def title(self):
        return f"{settings.SITE_NAME}: latest comments"

    def link(self):
        return absolute(reverse("reviews:home"))

    def feed_url(self):
        return absolute(reverse("comments:feed"))

    def description(self):
        return f"The latest comments from readers of {settings.SITE_NAME}."

    def comments(self):
        return Comment.objects.public().filter(article__in=Article.objects.published())

    def items(self):
        return (
            self.comments()
            .select_related("article")
            .order_by("-submitted_at", "-pk")[:ITEMS_PER_FEED]
        )

    def item_title(self, comment):
        return f"{comment.author_name} on “{comment.article.title}”"

    def item_description(self, comment):
        return without_spoilers(comment.body_html)

    def item_link(self, comment):
        return absolute(comment.get_absolute_url())

    def item_guid(self, comment):
        return absolute(comment.get_absolute_url())

    def item_author_name(self, comment):
        return comment.author_name

    def item_pubdate(self, comment):
        return comment.submitted_at

    def item_updateddate(self, comment):
        return comment.edited_at or comment.submitted_at


class ArticleCommentsFeed(LatestCommentsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article):
        return f"Comments on “{article.title}”"

    def link(self, article):
        return absolute(article.get_absolute_url()) + "#comments"

    def feed_url(self, article):
        return absolute(reverse("comments:article-feed", kwargs={"slug": article.slug}))

    def description(self, article):
        # Escaped as the items are: an essay title may hold "<", and readers render this as HTML.
        return escape(f"The latest comments on “{article.title}” at {settings.SITE_NAME}.")

    def items(self, article):
        return (
            self.comments()
            .filter(article=article)
            .select_related("article")
            .order_by("-submitted_at", "-pk")[:ITEMS_PER_FEED]
        )
