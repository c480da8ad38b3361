from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from reviews.images import CleanImageField
from reviews.markup import render_markdown
from reviews.models.external import ExternalIds

YEAR_VALIDATORS = [MinValueValidator(1800), MaxValueValidator(2200)]


class Person(ExternalIds):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    sort_name = models.CharField(
        max_length=200, blank=True, help_text="How to alphabetise, e.g. “Anderson, Paul Thomas”."
    )
    bio = models.TextField(blank=True, help_text="A short biography in Markdown.")
    bio_html = models.TextField(blank=True, editable=False)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    death_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    portrait = CleanImageField(
        upload_to="people/",
        blank=True,
        width_field="portrait_width",
        height_field="portrait_height",
    )
    portrait_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_alt = models.CharField(max_length=300, blank=True)

    letterboxd_kind = "director"
    tmdb_kind = "person"

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reviews:person", kwargs={"slug": self.slug})

    @property
    def lifespan(self):
        if self.birth_year and self.death_year:
            return f"{self.birth_year}–{self.death_year}"
        if self.birth_year:
            return f"born {self.birth_year}"
        return ""

    def clean(self):
        errors = {}
        if self.birth_year and self.death_year and self.death_year < self.birth_year:
            errors["death_year"] = "The year of death is before the year of birth."
        if self.portrait and not self.portrait_alt.strip():
            errors["portrait_alt"] = "Describe the portrait for readers who cannot see it."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.sort_name = self.sort_name or self.name
        self.bio_html = render_markdown(self.bio)
        super().save(*args, **kwargs)
