"""What a site moved here from WordPress leaves behind: which record each WordPress object
became (so the same export imported again updates instead of duplicating), and the old
addresses that still answer with a permanent redirect to the new page."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from reviews.models.articles import Article, Series, Tag


class WordPressLink(models.Model):
    """One WordPress author, term or post and the record it was imported as."""

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        POST = "post", "Post"
        PAGE = "page", "Page"

    kind = models.CharField(max_length=10, choices=Kind)
    wordpress_id = models.CharField(
        "WordPress id",
        max_length=200,
        help_text="The post or term id in WordPress; for an author, the login.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="wordpress_links"
    )
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["kind", "wordpress_id"]
        verbose_name = "imported WordPress record"
        constraints = [
            models.UniqueConstraint(fields=["kind", "wordpress_id"], name="unique_wordpress_id")
        ]

    def __str__(self):
        return f"WordPress {self.get_kind_display().lower()} {self.wordpress_id}"

    @property
    def target(self):
        return self.user or self.article or self.tag or self.series


class LegacyAddressQuerySet(models.QuerySet):
    def matching(self, path):
        """Rows for ``path`` as a reader typed it: with or without its trailing slash."""
        bare = path.rstrip("/") or "/"
        return self.filter(path__in={path, bare, bare + "/"}).select_related(
            "article", "tag", "series"
        )


class LegacyAddress(models.Model):
    """An address of the old site, answered with a permanent redirect to where its content
    lives now. A post is found at its old permalink and at ``/?p=<id>``; a category or tag at
    its archive and its feed."""

    path = models.CharField(
        max_length=500,
        unique=True,
        help_text="The old address without the host, e.g. “/2014/03/02/in-the-mood/” or “/?p=42”.",
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="legacy_addresses"
    )
    tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="legacy_addresses"
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="legacy_addresses"
    )
    feed = models.BooleanField(default=False, help_text="Lead to the feed rather than the page.")

    objects = LegacyAddressQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "old WordPress address"
        verbose_name_plural = "old WordPress addresses"
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False) | Q(tag__isnull=False) | Q(series__isnull=False),
                name="legacy_address_has_target",
            )
        ]

    def __str__(self):
        return self.path

    def get_target_url(self):
        """Where the address leads now, or ``None`` while its essay is not public."""
        if self.article is not None:
            return self.article.get_absolute_url() if self.article.is_public else None
        group, name = (self.tag, "tag") if self.tag is not None else (self.series, "series")
        if self.feed:
            return reverse(f"reviews:{name}-feed", kwargs={"slug": group.slug})
        return group.get_absolute_url()
