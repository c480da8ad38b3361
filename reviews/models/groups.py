"""The ways essays are grouped: series (read in order) and tags."""

from django.db import models
from django.urls import reverse


class EssayGroupQuerySet(models.QuerySet):
    """For the ways essays are grouped (series and tags)."""

    def with_published_essays(self):
        """Groups readers can open (one published essay at least), each with ``essay_count``."""
        # The count reuses the filter's join, so only published essays are counted.
        # The essay model is reached through the relation: it imports this module.
        essays = self.model._meta.get_field("articles").related_model.objects.published()
        return self.filter(articles__in=essays).annotate(essay_count=models.Count("articles"))


class Series(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    objects = EssayGroupQuerySet.as_manager()

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

    objects = EssayGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reviews:tag", kwargs={"slug": self.slug})
