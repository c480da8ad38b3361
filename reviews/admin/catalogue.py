"""The catalogue the essays are about: films and other works, people, series and tags."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from reviews.admin.common import EditingMedia, EssayCountMixin, UploadsChosenAgainMixin, thumbnail
from reviews.models import (
    Article,
    ArticleSlugRedirect,
    Credit,
    Person,
    Series,
    Tag,
    Work,
)


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "order", "credited_as"]


@admin.register(Work)
class WorkAdmin(EssayCountMixin, UploadsChosenAgainMixin, admin.ModelAdmin):
    ordering = ["title", "year"]
    list_display = ["title", "year", "kind", "director_names", "essay_count"]
    list_filter = ["kind", "colour"]
    search_fields = ["title", "original_title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["poster_thumbnail"]
    inlines = [CreditInline]
    fieldsets = [
        (None, {"fields": ["title", "original_title", "slug", "year", "kind", "song"]}),
        (
            "Picture and sound",
            {"fields": ["runtime", "aspect_ratio", "capture_format", "colour", "countries"]},
        ),
        (
            "Synopsis and image",
            {
                "fields": [
                    "synopsis",
                    "poster",
                    "poster_thumbnail",
                    ("poster_crop", "poster_focus_x", "poster_focus_y"),
                    "poster_alt",
                ]
            },
        ),
        (
            "In film databases",
            {
                "fields": ["wikidata_id", "imdb_id", "letterboxd_slug", "tmdb_id"],
                "classes": ["collapse"],
            },
        ),
    ]

    Media = EditingMedia

    def get_queryset(self, request):
        return super().get_queryset(request).with_credits()

    @admin.display(description="directed by")
    def director_names(self, work):
        return ", ".join(person.name for person in work.directors) or "—"

    @admin.display(description="current image")
    def poster_thumbnail(self, work):
        return thumbnail(work.poster, work.poster_alt)


@admin.register(Person)
class PersonAdmin(UploadsChosenAgainMixin, admin.ModelAdmin):
    ordering = ["sort_name", "name"]  # kept explicit: counting credits groups rows
    list_display = ["name", "lifespan", "credit_count"]
    search_fields = ["name", "sort_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["portrait_thumbnail"]
    fieldsets = [
        (None, {"fields": ["name", "sort_name", "slug", "birth_year", "death_year", "bio"]}),
        ("Portrait", {"fields": ["portrait", "portrait_thumbnail", "portrait_alt"]}),
        (
            "In film databases",
            {
                "fields": ["wikidata_id", "imdb_id", "letterboxd_slug", "tmdb_id"],
                "classes": ["collapse"],
            },
        ),
    ]

    Media = EditingMedia

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(credit_total=Count("credits"))

    @admin.display(description="credits", ordering="credit_total")
    def credit_count(self, person):
        return person.credit_total

    @admin.display(description="current portrait")
    def portrait_thumbnail(self, person):
        return thumbnail(person.portrait, person.portrait_alt)


@admin.register(Series)
class SeriesAdmin(EssayCountMixin, admin.ModelAdmin):
    ordering = ["title"]
    list_display = ["title", "essay_count"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["essays_in_order"]
    fields = ["title", "slug", "description", "essays_in_order"]

    @admin.display(description="essays in reading order")
    def essays_in_order(self, series):
        essays = Article.objects.in_series(series) if series.pk else []
        if not essays:
            return "None yet. Choose this series (and a position) on an essay."
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <span class="help">{}</span></li>',
                (
                    (
                        reverse("admin:reviews_article_change", args=[essay.pk]),
                        essay.title,
                        essay.get_status_display(),
                    )
                    for essay in essays
                ),
            ),
        )


@admin.register(Tag)
class TagAdmin(EssayCountMixin, admin.ModelAdmin):
    ordering = ["name"]
    list_display = ["name", "slug", "essay_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ArticleSlugRedirect)
class ArticleSlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title", "article__slug"]
    autocomplete_fields = ["article"]
