import re
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from reviews.images import CleanImageField, crop_field, focus_field
from reviews.models.external import ExternalIds
from reviews.models.people import YEAR_VALIDATORS, Person

ASPECT_RATIO = re.compile(r"^(\d{1,2}(?:\.\d{1,3})?):(\d{1,2}(?:\.\d{1,3})?)$")


def validate_aspect_ratio(value):
    """Accept ratios written as film people write them: 2.35:1, 1.85:1, 4:3, 16:9."""
    match = ASPECT_RATIO.match(value.strip())
    if not match:
        raise ValidationError(
            "Write the aspect ratio as width:height, for example 2.35:1, 1.85:1 or 4:3.",
            code="invalid_aspect_ratio",
        )
    width, height = (Fraction(part) for part in match.groups())
    if width == 0 or height == 0:
        raise ValidationError("Neither side of an aspect ratio can be zero.", code="zero_ratio")
    if not Fraction(1, 4) <= width / height <= 4:
        raise ValidationError(
            "%(value)s is not a plausible aspect ratio for a moving image.",
            code="implausible_ratio",
            params={"value": value},
        )


class WorkQuerySet(models.QuerySet):
    def with_credits(self, *, by_role=False):
        """Works with their credits and credited people loaded, each role's credits in billing
        order: what ``Work.directors`` and ``Work.artists`` read. ``by_role`` also puts the
        roles in order, directors first, for a page listing every credit (a work's own). Lists
        of works and the essay page do without it: its CASE over the roles cost the ORM more to
        build than the database to run."""
        credits = Credit.objects.select_related("person")
        credits = credits.in_role_order() if by_role else credits.order_by("order", "pk")
        return self.prefetch_related(models.Prefetch("credits", queryset=credits))

    def _published_essays(self):
        # Through the relation rather than an import: the essay model imports this module.
        return self.model._meta.get_field("articles").related_model.objects.published()

    def discussed(self):
        """Works that published essays discuss, the most recently discussed first."""
        return self._discussed_in(self._published_essays())

    def _discussed_in(self, essays):
        return (
            self.filter(articles__in=essays)
            .annotate(last_discussed=models.Max("articles__publish_at"))
            .order_by("-last_discussed", "title")
        )

    def recently_discussed(self, limit):
        """The first ``limit`` of ``discussed()``, as a list, found among the newest essays
        (read from their date index) rather than by ranking every work of the site: a work
        the newest essays discuss was last discussed in one of them. Only when those essays
        discuss fewer works than ``limit`` are all essays asked."""
        newest = self._published_essays().order_by("-publish_at", "-pk")
        # Eight essays a work: plenty for them to discuss ``limit`` different works, even on a
        # site that keeps coming back to the same films, and still a short walk of the index.
        works = list(self._discussed_in(newest.values("pk")[: limit * 8])[:limit])
        if len(works) < limit:
            works = list(self.discussed()[:limit])
        return works

    def with_essay_counts(self):
        """Annotate ``essay_count``: how many published essays discuss each work."""
        published = self._published_essays()
        return self.annotate(
            essay_count=models.Count(
                "articles", filter=models.Q(articles__in=published), distinct=True
            )
        )


class Work(ExternalIds):
    class Kind(models.TextChoices):
        FEATURE = "feature", "Feature film"
        SHORT = "short", "Short film"
        DOCUMENTARY = "documentary", "Documentary"
        MUSIC_VIDEO = "music_video", "Music video"
        TV_EPISODE = "tv_episode", "TV episode"
        TV_SERIES = "tv_series", "TV series"
        COMMERCIAL = "commercial", "Commercial"
        OTHER = "other", "Other"

    class Colour(models.TextChoices):
        COLOUR = "colour", "Colour"
        BLACK_AND_WHITE = "bw", "Black and white"
        MIXED = "mixed", "Colour and black and white"

    title = models.CharField(max_length=300)
    original_title = models.CharField(
        max_length=300, blank=True, help_text="The title in its original language, if different."
    )
    slug = models.SlugField(max_length=200, unique=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.FEATURE)
    runtime = models.PositiveSmallIntegerField(
        "runtime (minutes)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    aspect_ratio = models.CharField(
        max_length=12, blank=True, validators=[validate_aspect_ratio], help_text="e.g. 2.35:1"
    )
    capture_format = models.CharField(
        max_length=100, blank=True, help_text="e.g. 35 mm, 65 mm, VistaVision, digital (ARRI)."
    )
    colour = models.CharField(max_length=10, choices=Colour, default=Colour.COLOUR)
    countries = models.CharField(
        max_length=200, blank=True, help_text="Countries of production, separated by commas."
    )
    song = models.CharField(
        max_length=200, blank=True, help_text="For a music video: the song's title."
    )
    synopsis = models.TextField(blank=True)
    poster = CleanImageField(
        upload_to="works/",
        blank=True,
        width_field="poster_width",
        height_field="poster_height",
        crop_field="poster_crop",
        focus_x_field="poster_focus_x",
        focus_y_field="poster_focus_y",
        help_text="A poster or a still: shown whole, unless you choose a crop.",
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_crop = crop_field()
    poster_focus_x = focus_field("x")
    poster_focus_y = focus_field("y")
    poster_alt = models.CharField(max_length=300, blank=True)
    people = models.ManyToManyField(Person, through="Credit", related_name="works")

    objects = WorkQuerySet.as_manager()

    letterboxd_kind = "film"
    tmdb_kind = "movie"

    class Meta:
        ordering = ["title", "year"]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self):
        return reverse("reviews:work", kwargs={"slug": self.slug})

    @property
    def is_music_video(self):
        return self.kind == self.Kind.MUSIC_VIDEO

    @property
    def country_list(self):
        return [c.strip() for c in self.countries.split(",") if c.strip()]

    def credits_in_role(self, role):
        """Credits for one role, using prefetched credits when a view has loaded them."""
        return [credit for credit in self.credits.all() if credit.role == role]

    @property
    def directors(self):
        return [credit.person for credit in self.credits_in_role(Credit.Role.DIRECTOR)]

    @property
    def artists(self):
        return [credit.person for credit in self.credits_in_role(Credit.Role.MUSICAL_ARTIST)]

    def clean(self):
        if self.kind == self.Kind.MUSIC_VIDEO and not self.song:
            raise ValidationError({"song": "A music video needs the song's title."})
        if self.poster and not self.poster_alt:
            raise ValidationError(
                {"poster_alt": "Describe the image for readers who cannot see it."}
            )


class CreditQuerySet(models.QuerySet):
    def _role_order(self):
        return models.Case(
            *(models.When(role=role, then=position) for position, role in enumerate(Credit.Role)),
            default=len(Credit.Role),
        )

    def in_role_order(self):
        """Directors first, then writers and so on down the roles, each in billing order."""
        return self.alias(role_order=self._role_order()).order_by("role_order", "order", "pk")

    def filmography(self):
        """A person's credits grouped by role (in role order), each role's works by year."""
        return (
            self.select_related("work")
            .alias(role_order=self._role_order())
            .order_by(
                "role_order",
                models.F("work__year").asc(nulls_last=True),
                "work__title",
                "pk",
            )
        )


class Credit(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        CINEMATOGRAPHER = "cinematographer", "Cinematographer"
        EDITOR = "editor", "Editor"
        COMPOSER = "composer", "Composer"
        PRODUCTION_DESIGNER = "production_designer", "Production designer"
        PRODUCER = "producer", "Producer"
        PERFORMER = "performer", "Performer"
        MUSICAL_ARTIST = "musical_artist", "Musical artist"

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=30, choices=Role)
    order = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(999)])
    credited_as = models.CharField(
        max_length=200,
        blank=True,
        help_text="The name on screen when it differs, or a performer's character.",
    )

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "person", "role"], name="unique_credit_per_role"
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} — {self.work}"
