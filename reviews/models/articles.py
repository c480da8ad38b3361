from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from reviews.markup import (
    first_paragraph_excerpt,
    plain_text,
    reading_minutes,
    render_markdown,
    word_count,
)
from reviews.models.people import Person
from reviews.models.works import Work

PULL_QUOTE_MAX = 200


class Series(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reviews:series", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reviews:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see. A scheduled essay joins this set the moment its time comes:
        the query decides, so no job has to flip its status."""
        return self.filter(
            status__in=[Article.Status.SCHEDULED, Article.Status.PUBLISHED],
            publish_at__lte=timezone.now(),
        )

    def for_listing(self):
        """What an essay list shows: series, authors, tags and the works discussed."""
        return self.select_related("series").prefetch_related("authors", "tags", "subject_works")

    def about_work(self, work):
        return self.filter(subject_works=work)

    def about_person(self, person):
        """Essays about a person, or about a work they are credited on."""
        return self.filter(
            Q(subject_people=person) | Q(subject_works__credits__person=person)
        ).distinct()

    def related_to(self, article):
        """Other essays sharing a work or a person with ``article``, most shared first."""
        works = article.subject_works.values("pk")
        people = article.subject_people.values("pk")
        return (
            self.exclude(pk=article.pk)
            .filter(Q(subject_works__in=works) | Q(subject_people__in=people))
            .annotate(shared=models.Count("pk"))
            .order_by("-shared", "-publish_at")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    dek = models.CharField(
        max_length=400, blank=True, help_text="The line under the title that sells the essay."
    )
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="articles")
    body = models.TextField(
        help_text="Markdown. Footnotes: write [^1] in the text and “[^1]: The note.” below."
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
    hero_image = models.ImageField(upload_to="articles/", blank=True)
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
        db_index=True,
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        permissions = [("publish_article", "Can publish and schedule essays")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reviews:article", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return (
            self.status in (self.Status.SCHEDULED, self.Status.PUBLISHED)
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def reading_minutes(self):
        return reading_minutes(self.word_count)

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

    def pull_quote_is_excerpt(self):
        quote = " ".join(self.pull_quote.split())
        body_text = plain_text(render_markdown(self.body))
        # Editors copy either from the rendered page or from the Markdown source.
        return quote in body_text or quote in " ".join(self.body.split())

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        self.word_count = word_count(self.body_html)
        self.summary = self.excerpt.strip() or first_paragraph_excerpt(self.body_html)
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()
        super().save(*args, **kwargs)
