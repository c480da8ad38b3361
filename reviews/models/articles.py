from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from reviews.images import CleanImageField, crop_field, focus_field
from reviews.markup import (
    first_paragraph_excerpt,
    plain_text,
    reading_minutes,
    render_markdown,
    word_count,
)
from reviews.models.authors import bylines_with_portraits
from reviews.models.groups import Series, Tag
from reviews.models.people import Person
from reviews.models.related import related_essays
from reviews.models.search_vector import refresh as refresh_vectors
from reviews.models.workflow import EssayWorkflow
from reviews.models.works import Work
from reviews.shortcodes import image_names, render_essay

PULL_QUOTE_MAX = 200
# Updated in the database only: the public comment count (by the comments app), the version
# of shared preview links (raised to revoke them) and the search vector (by one UPDATE after the
# essay or its subjects change). An ordinary save leaves them alone.
SAVED_ELSEWHERE = frozenset({"comment_count", "preview_version", "search_vector"})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see. A scheduled essay joins this set the moment its time comes:
        the query decides, so no job has to flip its status."""
        return self.filter(
            status__in=Article.PUBLISHING,
            publish_at__lte=timezone.now(),
        )

    def next_publication(self):
        """When the next scheduled essay goes public, or ``None``: the moment pages change
        without anything being saved (see ``config.pagecache``)."""
        upcoming = self.filter(status__in=Article.PUBLISHING, publish_at__gt=timezone.now())
        return upcoming.aggregate(due=models.Min("publish_at"))["due"]

    def for_listing(self):
        """What an essay list shows: series, authors, tags and the works discussed."""
        return self.select_related("series").prefetch_related("authors", "tags", "subject_works")

    def for_page(self):
        """What an essay's own page shows (the public page and its preview alike)."""
        return self.select_related("series").prefetch_related(
            models.Prefetch("authors", queryset=bylines_with_portraits()),
            "tags",
            "subject_people",
            models.Prefetch("subject_works", queryset=Work.objects.with_credits()),
        )

    def about_work(self, work):
        return self.filter(subject_works=work)

    def about_person(self, person):
        """Essays about a person, or about a work they are credited on."""
        return self.filter(
            Q(subject_people=person) | Q(subject_works__credits__person=person)
        ).distinct()

    def related_to(self, article, limit=4):
        """Up to ``limit`` of these essays sharing a work or a person with ``article``, most
        shared first, then the newest: a list, each essay with ``shared`` set
        (``reviews.models.related``)."""
        return related_essays(self, article, limit)

    def front_page_lead(self):
        """The essay that leads the front page: the latest one editors featured, else the
        latest of all."""
        return self.order_by("-featured", "-publish_at", "-pk").first()

    def in_series(self, series):
        """A series' essays in reading order; unnumbered ones follow by date."""
        return self.filter(series=series).order_by(
            models.F("series_position").asc(nulls_last=True), "publish_at", "pk"
        )

    def month_counts(self):
        """One row per month with essays: ``{"month": datetime, "count": n}``, newest first."""
        return (
            self.annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(count=models.Count("pk"))
            .order_by("-month")
        )

    def formerly_at(self, slug):
        """Essays that used to live at ``slug`` before an editor changed it."""
        return self.filter(slug_redirects__old_slug=slug)

    def written_by(self, user):
        return self.filter(authors=user)

    def refresh_search_vectors(self):
        """Recompute these essays' stored search vectors with one UPDATE (PostgreSQL only; see
        ``reviews.models.search_vector``)."""
        return refresh_vectors(self)


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search vector is for the database to match against: no page reads it, and a long
        # essay's is kilobytes, so it is left in the database unless asked for.
        return super().get_queryset().defer("search_vector")


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML"


class Article(EssayWorkflow, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "Submitted for review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    # Statuses that make an essay public once its publication time has come; only holders of
    # ``publish_article`` may choose them.
    PUBLISHING = (Status.SCHEDULED, Status.PUBLISHED)

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    dek = models.CharField(
        max_length=400, blank=True, help_text="The line under the title that sells the essay."
    )
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="articles")
    body = models.TextField(
        help_text=(
            "Markdown. Footnotes: write [^1] in the text and “[^1]: The note.” below. "
            "Place an attached image with [[image:name]] and a YouTube or Vimeo video with "
            "[[video:address]], each on a line of its own."
        )
    )
    body_format = models.CharField(
        max_length=10,
        choices=BodyFormat,
        default=BodyFormat.MARKDOWN,
        help_text="HTML for essays imported from WordPress, which were written as HTML.",
    )
    body_html = models.TextField(editable=False, blank=True)
    excerpt = models.TextField(
        blank=True,
        help_text="For lists, feeds and search engines. Leave blank to use the opening words.",
    )
    summary = models.TextField(editable=False, blank=True)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    pull_quote = models.CharField(
        max_length=PULL_QUOTE_MAX,
        blank=True,
        help_text="An exact excerpt of the body, shown large beside the text.",
    )
    hero_image = CleanImageField(
        upload_to="articles/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
        crop_field="hero_crop",
        focus_x_field="hero_focus_x",
        focus_y_field="hero_focus_y",
        help_text="A still from the film, shown above the essay: whole, unless you choose a crop.",
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_crop = crop_field()
    hero_focus_x = focus_field("x")
    hero_focus_y = focus_field("y")
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Required with an image.",
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="When the essay goes public. Required to schedule; set on publishing.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    subject_works = models.ManyToManyField(Work, blank=True, related_name="articles")
    subject_people = models.ManyToManyField(Person, blank=True, related_name="articles")
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    series_position = models.PositiveSmallIntegerField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    contains_spoilers = models.BooleanField(default=False)
    comments_open = models.BooleanField(default=True)
    comment_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Comments readers can see. Kept up to date by the comments app.",
    )
    featured = models.BooleanField(
        "lead the front page",
        default=False,
        help_text="The latest published essay with this ticked leads the front page; with none "
        "ticked, the latest essay does.",
    )
    # Signed into every shared preview link; raising it makes every link given out so far
    # worthless, without waiting for them to expire.
    preview_version = models.PositiveIntegerField(default=0, editable=False)
    # What search matches on PostgreSQL, kept fresh by ``refresh_search_vectors``; GIN-indexed
    # by a migration that runs on PostgreSQL only (0014). A plain, empty column elsewhere.
    # Not in backups or fixtures either: it is derived, and written again after a restore.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        indexes = [
            # Lists of essays, newest first (the front page, archives, feeds): the database
            # reads this from the newest end and stops when a page is full.
            models.Index(fields=["publish_at", "id"], name="reviews_essays_by_date"),
            # Which essays are public, and how many, from the index alone.
            models.Index(fields=["status", "publish_at", "id"], name="reviews_essays_public"),
            # The front page's lead: the latest featured essay, else the latest.
            models.Index(fields=["featured", "publish_at", "id"], name="reviews_essays_lead"),
        ]
        # The site calls them essays; permission codenames still say "article".
        verbose_name = "essay"
        verbose_name_plural = "essays"
        permissions = [("publish_article", "Can publish and schedule essays")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reviews:article", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return (
            self.status in self.PUBLISHING
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    def revoke_preview_links(self):
        """Refuse every shared preview link made so far; links made afterwards work."""
        # An update rather than save(), so that two editors revoking at once both count and no
        # other field of the essay is written back.
        type(self).objects.filter(pk=self.pk).update(
            preview_version=models.F("preview_version") + 1
        )
        self.refresh_from_db(fields=["preview_version"])

    @property
    def reading_minutes(self):
        return reading_minutes(self.word_count)

    @property
    def last_modified(self):
        """When readers' copy last changed: an essay saved before its scheduled time changes
        when it goes public."""
        return max(self.updated_at, self.publish_at) if self.publish_at else self.updated_at

    @property
    def was_updated(self):
        """Whether an update after publication is worth telling readers about."""
        return bool(self.publish_at and (self.updated_at - self.publish_at).total_seconds() > 3600)

    def clean(self):
        errors = {}
        if self.pull_quote and not self.pull_quote_is_excerpt():
            errors["pull_quote"] = "The pull quote must be copied exactly from the body."
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = "Describe the hero image for readers who cannot see it."
        if self.status == self.Status.SCHEDULED and not self.publish_at:
            errors["publish_at"] = "Choose when the scheduled essay goes public."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        article = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        # Remember where the essay lived, so a new slug can leave a redirect behind.
        loaded = set(field_names)
        article._stored_slug = article.slug if "slug" in loaded else None
        article._stored_public = {"status", "publish_at"} <= loaded and article.is_public
        return article

    def pull_quote_is_excerpt(self):
        quote = " ".join(self.pull_quote.split())
        body_text = plain_text(render_markdown(self.body))
        # Editors copy either from the rendered page or from the Markdown source.
        return quote in body_text or quote in " ".join(self.body.split())

    def missing_images(self):
        """Image names the body places that no attached image carries."""
        names = set(self.images.values_list("key", flat=True)) if self.pk else set()
        return [name for name in image_names(self.body) if name not in names]

    def render_body(self):
        """Render ``body_html`` (with its figures), ``word_count`` and ``summary``."""
        images = {image.key: image for image in self.images.all()} if self.pk else {}
        self.body_html, text_html = render_essay(
            self.body, images, html=self.body_format == BodyFormat.HTML
        )
        self.word_count = word_count(text_html)
        self.summary = self.excerpt.strip() or first_paragraph_excerpt(text_html)

    def refresh_body(self):
        """Re-render after the attached images changed (they are saved after the essay)."""
        self.render_body()
        Article.objects.filter(pk=self.pk).update(
            body_html=self.body_html, word_count=self.word_count, summary=self.summary
        )

    def save(self, *args, by=None, record_revision=True, **kwargs):
        """Save, and keep a revision (saved by ``by``) if the writing changed. A caller that
        changes the relations after saving (the admin's form) passes ``record_revision=False``
        and calls :meth:`record_revision` once they are saved."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # Fields kept up to date in the database by other code (see SAVED_ELSEWHERE): an
            # essay loaded earlier must not write back the value it was loaded with.
            kwargs["update_fields"] = self._fields_to_save()
        self.render_body()
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()
        old_slug = getattr(self, "_stored_slug", None)
        moved = old_slug and old_slug != self.slug
        super().save(*args, **kwargs)
        if moved or old_slug is None:
            # A live slug always wins over a redirect that used to point elsewhere.
            ArticleSlugRedirect.objects.filter(old_slug=self.slug).delete()
        if moved and getattr(self, "_stored_public", False):
            ArticleSlugRedirect.objects.update_or_create(
                old_slug=old_slug, defaults={"article": self}
            )
        self._stored_slug = self.slug
        self._stored_public = self.is_public
        writes_content = update_fields is None or set(update_fields) - {"comment_count"}
        if record_revision and writes_content:
            self.record_revision(by=by)

    def _fields_to_save(self):
        skipped = self.get_deferred_fields() | SAVED_ELSEWHERE
        return [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key and field.attname not in skipped
        ]


class ArticleSlugRedirect(models.Model):
    """An address a published essay used to have. The article page redirects it (301) to the
    essay's current address, so links and search results keep working after a slug change."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = "old essay address"
        verbose_name_plural = "old essay addresses"

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"

    def get_absolute_url(self):
        return reverse("reviews:article", kwargs={"slug": self.old_slug})
