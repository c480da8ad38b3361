"""Writing the site as a WordPress export (WXR 1.2) that WordPress's own importer accepts.

Essays become posts (their rendered HTML, figures included), series become categories, tags
stay tags, essay authors become authors, and images (hero images and those in the body)
become attachments with the address of the stored file, which WordPress's importer downloads.
Post ids are the essays' ids; attachments are numbered after them, so no two items share an
id. Other apps add to each post through ``item_hooks`` — ``hook(writer, article)`` — as the
comments app does with the essay's comments.

The file is written as it goes, one essay at a time.
"""

from datetime import UTC

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils.http import http_date

from reviews.models import Article, ArticleImage, Series, Tag

NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
STATUSES = {
    Article.Status.DRAFT: "draft",
    Article.Status.REVIEW: "pending",
    Article.Status.SCHEDULED: "future",
    Article.Status.PUBLISHED: "publish",
}


def escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def as_cdata(text):
    # "]]>" cannot appear inside a CDATA section: split it across two.
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


class WXRWriter:
    def __init__(self, out, *, item_hooks=()):
        self.out = out
        self.item_hooks = list(item_hooks)
        self.site = settings.SITE_URL.rstrip("/")
        self.depth = 0
        self.counts = {"essays": 0, "images": 0, "authors": 0, "tags": 0, "series": 0}

    # Small pieces, also used by hooks.

    def line(self, text):
        self.out.write("\t" * self.depth + text + "\n")

    def open(self, name, attributes=""):
        self.line(f"<{name}{attributes}>")
        self.depth += 1

    def close(self, name):
        self.depth -= 1
        self.line(f"</{name}>")

    def element(self, name, value, *, cdata=False):
        value = "" if value is None else value
        text = as_cdata(value) if cdata else escape(value)
        self.line(f"<{name}>{text}</{name}>")

    def dates(self, name, moment):
        """``name`` in the site's time and ``name_gmt`` in GMT, as WordPress writes them."""
        if moment is None:
            self.element(name, "0000-00-00 00:00:00")
            self.element(f"{name}_gmt", "0000-00-00 00:00:00")
            return
        self.element(name, moment.strftime("%Y-%m-%d %H:%M:%S"))
        self.element(f"{name}_gmt", moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"))

    # The file.

    def write(self):
        self.out.write('<?xml version="1.0" encoding="UTF-8" ?>\n')
        xmlns = "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
        self.open("rss", f' version="2.0"{xmlns}')
        self.open("channel")
        self.element("title", settings.SITE_NAME)
        self.element("link", self.site)
        self.element("description", getattr(settings, "SITE_DESCRIPTION", ""))
        self.element("language", settings.LANGUAGE_CODE)
        self.element("wp:wxr_version", "1.2")
        self.element("wp:base_site_url", self.site)
        self.element("wp:base_blog_url", self.site)
        self._authors()
        self._terms()
        articles = Article.objects.order_by("pk")
        self.image_base = (articles.aggregate(n=Max("pk"))["n"] or 0) + 1
        self.hero_base = self.image_base + (ArticleImage.objects.aggregate(n=Max("pk"))["n"] or 0)
        for article in articles.select_related("series").prefetch_related("authors", "tags"):
            self._essay(article)
        self.close("channel")
        self.close("rss")
        return self.counts

    def _authors(self):
        User = get_user_model()
        for user in User.objects.filter(articles__isnull=False).distinct().order_by("pk"):
            self.open("wp:author")
            self.element("wp:author_id", user.pk)
            self.element("wp:author_login", user.username, cdata=True)
            self.element("wp:author_email", user.email, cdata=True)
            self.element("wp:author_display_name", user.get_display_name(), cdata=True)
            self.element("wp:author_first_name", user.first_name, cdata=True)
            self.element("wp:author_last_name", user.last_name, cdata=True)
            self.close("wp:author")
            self.counts["authors"] += 1

    def _terms(self):
        for series in Series.objects.order_by("pk"):
            self.open("wp:category")
            self.element("wp:term_id", series.pk)
            self.element("wp:category_nicename", series.slug, cdata=True)
            self.element("wp:category_parent", "", cdata=True)
            self.element("wp:cat_name", series.title, cdata=True)
            self.element("wp:category_description", series.description, cdata=True)
            self.close("wp:category")
            self.counts["series"] += 1
        offset = (Series.objects.aggregate(n=Max("pk"))["n"] or 0) + 1
        for tag in Tag.objects.order_by("pk"):
            self.open("wp:tag")
            self.element("wp:term_id", offset + tag.pk)
            self.element("wp:tag_slug", tag.slug, cdata=True)
            self.element("wp:tag_name", tag.name, cdata=True)
            self.close("wp:tag")
            self.counts["tags"] += 1

    def _item_head(self, *, title, link, moment, creator, guid):
        self.open("item")
        self.element("title", title)
        self.element("link", link)
        self.element("pubDate", http_date(moment.timestamp()) if moment else "")
        self.element("dc:creator", creator, cdata=True)
        self.line(f'<guid isPermaLink="false">{escape(guid)}</guid>')
        self.element("description", "")

    def _essay(self, article):
        authors = list(article.authors.all())
        link = self.site + article.get_absolute_url()
        creator = authors[0].username if authors else ""
        self._item_head(
            title=article.title, link=link, moment=article.publish_at, creator=creator, guid=link
        )
        self.element("content:encoded", article.body_html, cdata=True)
        self.element("excerpt:encoded", article.excerpt, cdata=True)
        self.element("wp:post_id", article.pk)
        self.dates("wp:post_date", article.publish_at)
        self.dates("wp:post_modified", article.updated_at)
        self.element("wp:comment_status", "open" if article.comments_open else "closed", cdata=True)
        self.element("wp:ping_status", "closed", cdata=True)
        self.element("wp:post_name", article.slug, cdata=True)
        self.element("wp:status", STATUSES[article.status], cdata=True)
        self.element("wp:post_parent", 0)
        self.element("wp:menu_order", 0)
        self.element("wp:post_type", "post", cdata=True)
        self.element("wp:post_password", "", cdata=True)
        self.element("wp:is_sticky", int(article.featured))
        if article.series is not None:
            self.line(
                f'<category domain="category" nicename="{escape(article.series.slug)}">'
                f"{as_cdata(article.series.title)}</category>"
            )
        for tag in article.tags.all():
            self.line(
                f'<category domain="post_tag" nicename="{escape(tag.slug)}">'
                f"{as_cdata(tag.name)}</category>"
            )
        if article.hero_image:
            self._meta("_thumbnail_id", self.hero_base + article.pk)
        for hook in self.item_hooks:
            hook(self, article)
        self.close("item")
        self.counts["essays"] += 1
        if article.hero_image:
            self._attachment(
                self.hero_base + article.pk, article, article.hero_image, article.hero_alt,
                article.hero_caption, creator,
            )  # fmt: skip
        for image in article.images.all():
            self._attachment(
                self.image_base + image.pk, article, image.image, image.alt, image.caption, creator
            )

    def _meta(self, key, value):
        self.open("wp:postmeta")
        self.element("wp:meta_key", key, cdata=True)
        self.element("wp:meta_value", value, cdata=True)
        self.close("wp:postmeta")

    def _attachment(self, post_id, article, fieldfile, alt, caption, creator):
        url = fieldfile.url
        if not url.startswith(("http://", "https://")):
            url = self.site + url
        title = fieldfile.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        self._item_head(title=title, link=url, moment=article.publish_at, creator=creator, guid=url)
        self.element("content:encoded", "", cdata=True)
        self.element("excerpt:encoded", caption, cdata=True)
        self.element("wp:post_id", post_id)
        self.dates("wp:post_date", article.publish_at or article.created_at)
        self.element("wp:comment_status", "closed", cdata=True)
        self.element("wp:ping_status", "closed", cdata=True)
        self.element("wp:post_name", f"{title}-{post_id}", cdata=True)
        self.element("wp:status", "inherit", cdata=True)
        self.element("wp:post_parent", article.pk)
        self.element("wp:menu_order", 0)
        self.element("wp:post_type", "attachment", cdata=True)
        self.element("wp:post_password", "", cdata=True)
        self.element("wp:is_sticky", 0)
        self.element("wp:attachment_url", url, cdata=True)
        self._meta("_wp_attachment_image_alt", alt)
        self.close("item")
        self.counts["images"] += 1
