"""The writing desk: essays, and the films, people, series and tags they are about.

Workflow: a contributor writes a draft and submits it for review; an editor (who holds
``reviews.publish_article``) schedules or publishes it. Every save keeps a revision that can be
compared and restored; an unpublished essay can be previewed as readers will see it, and
shared through a signed link that expires.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from comments.models import Comment
from reviews.images import responsive_image_html
from reviews.models import (
    Article,
    ArticleImage,
    ArticleRevision,
    ArticleSlugRedirect,
    Credit,
    Person,
    Series,
    Tag,
    Work,
)
from reviews.models.history import field_label
from reviews.preview import ArticlePreviewView, max_age, preview_link

STATUS_HELP = (
    "Draft: only staff see it. Submitted for review: ready for an editor. "
    "Scheduled: goes public by itself at the publication time. Published: public now."
)
CONTRIBUTOR_STATUS_HELP = (
    "Draft: only you and the editors see it. Submitted for review: finished, for an editor "
    "to schedule or publish."
)
CONTRIBUTOR_STATUS_REFUSED = (
    "Only editors can schedule or publish an essay. Choose “Submitted for review” and an "
    "editor will take it from there."
)


def thumbnail(fieldfile, alt=""):
    if not fieldfile:
        return "—"
    if not fieldfile._committed:
        # A form that failed to save holds the chosen upload, which was never stored.
        return "Not saved: choose the file again."
    return format_html(
        '<div class="admin-thumbnail">{}</div>',
        responsive_image_html(
            fieldfile, alt, sizes="240px", loading="eager", css_class="admin-thumbnail__img"
        ),
    )


class EditingMedia:
    css = {"all": ["css/admin-editing.css"]}
    js = ["js/admin-copy-link.js"]


class UploadsChosenAgainMixin:
    """A save that fails stores none of its uploads, and browsers empty every file input when
    the form comes back; so name the good files that have to be chosen again, or they would
    quietly be left out of the next save. (A refused file has its own error on its field.)"""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # On a POST this only runs when the form is shown again, i.e. when the save failed.
        if request.method == "POST" and request.FILES:
            forms_shown = [context["adminform"].form] + [
                form for inline in context["inline_admin_formsets"] for form in inline.formset
            ]
            refused = {form.add_prefix(name) for form in forms_shown for name in form.errors}
            kept_back = [
                upload.name
                for key, uploads in request.FILES.lists()
                if key not in refused
                for upload in uploads
            ]
            if kept_back:
                self.message_user(
                    request,
                    "Nothing was saved, so no file was kept. Once the problems marked below "
                    f"are fixed, choose {', '.join(kept_back)} again before saving.",
                    messages.WARNING,
                )
        return super().render_change_form(request, context, add, change, form_url, obj)


class EssayCountMixin:
    """An "essays" column counting the essays about (or in) each row, sortable. Such admins
    keep an explicit ``ordering``: counting groups the rows."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(essays=Count("articles", distinct=True))

    @admin.display(description="essays", ordering="essays")
    def essay_count(self, obj):
        return obj.essays


# Films and people ------------------------------------------------------------------------------


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


# Essays ----------------------------------------------------------------------------------------


class ArticleAdminForm(forms.ModelForm):
    may_publish = False  # set per request by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = [
            "title", "slug", "dek", "body", "hero_image", "hero_crop", "hero_focus_x",
            "hero_focus_y", "hero_alt", "hero_caption", "hero_credit", "pull_quote", "excerpt",
            "subject_works", "subject_people", "tags", "contains_spoilers", "series",
            "series_position", "authors", "status", "publish_at",
            "comments_open",
        ]  # fmt: skip
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField essay-title"}),
            "slug": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "dek": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "body": forms.Textarea(attrs={"rows": 30, "class": "vLargeTextField essay-source"}),
            "hero_alt": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "hero_caption": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "hero_credit": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "pull_quote": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "excerpt": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authors" in self.fields:
            self.fields["authors"].required = False
            self.fields["authors"].help_text = "Leave empty to sign the essay yourself."

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in Article.PUBLISHING and not self.may_publish:
            self.add_error("status", CONTRIBUTOR_STATUS_REFUSED)
        publish_at = cleaned.get("publish_at")
        rescheduled = status == Article.Status.SCHEDULED and bool(
            {"status", "publish_at"} & set(self.changed_data)
        )
        if rescheduled and publish_at and publish_at < timezone.now() - timedelta(minutes=1):
            self.add_error(
                "publish_at",
                "This time has already passed. Choose a later time to schedule the essay, "
                "or set the status to Published to publish it now.",
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The model refuses a hero image without alt text or a pull quote not in the body at
        # any status; when the editor meant to publish, say so above the form as well.
        status = self.cleaned_data.get("status")
        blocking = [name for name in ("hero_alt", "pull_quote") if name in self.errors]
        if status in Article.PUBLISHING and blocking:
            reasons = {
                "hero_alt": "the hero image has no alt text",
                "pull_quote": "the pull quote is not an exact excerpt of the body",
            }
            self.add_error(
                None,
                "Not published: " + " and ".join(reasons[name] for name in blocking) + ".",
            )


class ArticleImageInline(admin.StackedInline):
    model = ArticleImage
    extra = 0
    fields = [
        ("image", "current"),
        ("crop", "focus_x", "focus_y"),
        "alt",
        ("caption", "credit"),
        ("key", "placement"),
    ]
    readonly_fields = ["current", "placement"]

    @admin.display(description="current image")
    def current(self, image):
        return thumbnail(image.image, image.alt)

    @admin.display(description="place it with")
    def placement(self, image):
        if not image.pk:
            return "Save to get the line that places this image."
        return format_html("<code>{}</code>", image.shortcode)


@admin.register(Article)
class ArticleAdmin(UploadsChosenAgainMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status_label",
        "publish_at",
        "author_names",
        "words",
        "approved_comments",
        "pending_comments",
    ]
    list_filter = [
        "status",
        ("authors", admin.RelatedOnlyFieldListFilter),  # writers, not every reader with a login
        "series",
        "contains_spoilers",
        "tags",
    ]
    search_fields = [
        "title",
        "dek",
        "slug",
        "body",
        "authors__display_name",
        "authors__first_name",
        "authors__last_name",
        "authors__username",
        "subject_works__title",
        "subject_works__original_title",
    ]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["authors", "subject_works", "subject_people", "tags", "series"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["length", "hero_thumbnail", "preview"]
    inlines = [ArticleImageInline]
    actions = ["publish_now", "submit_for_review", "return_to_draft"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body", "length"]}),
        (
            "Hero image",
            {
                "fields": [
                    "hero_image",
                    "hero_thumbnail",
                    ("hero_crop", "hero_focus_x", "hero_focus_y"),
                    "hero_alt",
                    "hero_caption",
                    "hero_credit",
                ]
            },
        ),
        ("Pull quote and excerpt", {"fields": ["pull_quote", "excerpt"]}),
        (
            "What the essay discusses",
            {"fields": ["subject_works", "subject_people", "tags", "contains_spoilers"]},
        ),
        ("Series", {"fields": ["series", "series_position"]}),
        (
            "Publication",
            {"fields": ["authors", "status", "publish_at", "comments_open", "preview"]},
        ),
    ]

    Media = EditingMedia

    # Who may do what ----------------------------------------------------------------------

    def has_publish_permission(self, request):
        return request.user.has_perm("reviews.publish_article")

    def get_queryset(self, request):
        articles = (
            super()
            .get_queryset(request)
            .prefetch_related("authors")
            .annotate(
                approved_comment_count=Comment.objects.public().count_per_article(),
                pending_comment_count=Comment.objects.pending().count_per_article(),
            )
        )
        if not self.has_publish_permission(request):
            articles = articles.written_by(request.user)
        return articles

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self.has_publish_permission(request):
            return True
        # Contributors edit their own essays until an editor has scheduled or published them.
        return obj.status not in Article.PUBLISHING and request.user in obj.authors.all()

    def get_deleted_objects(self, objs, request):
        # What hangs off an essay (its comments and their audit trail, subscriptions to it,
        # notification markers, images, revisions, old addresses) goes with it. Whoever may
        # delete the essay may delete those, without holding delete rights on each model.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if perms_needed and self.has_delete_permission(request):
            perms_needed = set()
        return to_delete, model_count, perms_needed, protected

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["authors", "publish_at"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.may_publish = self.has_publish_permission(request)
        return form

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            kwargs.setdefault("help_text", STATUS_HELP)
            if not self.has_publish_permission(request):
                kwargs["help_text"] = CONTRIBUTOR_STATUS_HELP
                kwargs["choices"] = [
                    (value, label)
                    for value, label in Article.Status.choices
                    if value not in Article.PUBLISHING
                ]
                kwargs["error_messages"] = {"invalid_choice": CONTRIBUTOR_STATUS_REFUSED}
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # Saving ----------------------------------------------------------------------------------

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not article.authors.exists():
            article.authors.add(request.user)
        ArticleRevision.record(article, user=request.user)
        missing = article.missing_images()
        if missing:
            self.message_user(
                request,
                "The body places "
                + ", ".join(f"[[image:{name}]]" for name in missing)
                + " but no image below has that name, so nothing shows there yet.",
                messages.WARNING,
            )
        if article.status == Article.Status.REVIEW and "status" in form.changed_data:
            self.message_user(request, "Submitted for review: an editor will take it from here.")

    # Columns and read-only fields --------------------------------------------------------------

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        # A scheduled essay whose time has come is what readers see: published. The time
        # itself is in the next column.
        if article.is_public:
            return Article.Status.PUBLISHED.label
        return article.get_status_display()

    @admin.display(description="authors")
    def author_names(self, article):
        return ", ".join(author.get_display_name() for author in article.authors.all())

    @admin.display(description="words", ordering="word_count")
    def words(self, article):
        return f"{article.word_count:,}"

    @admin.display(description="comments", ordering="approved_comment_count")
    def approved_comments(self, article):
        return article.approved_comment_count or 0

    @admin.display(description="pending", ordering="pending_comment_count")
    def pending_comments(self, article):
        return article.pending_comment_count or 0

    @admin.display(description="length")
    def length(self, article):
        if not article.pk:
            return "Counted when you save."
        return f"{article.word_count:,} words · about {article.reading_minutes} min to read"

    @admin.display(description="current image")
    def hero_thumbnail(self, article):
        return thumbnail(article.hero_image, article.hero_alt)

    @admin.display(description="preview")
    def preview(self, article):
        if not article.pk:
            return "Save the essay to preview it."
        if article.is_public:
            return format_html(
                'Public at <a href="{}">{}</a>',
                article.get_absolute_url(),
                article.get_absolute_url(),
            )
        link = preview_link(article)
        until = date_format(
            timezone.localtime(timezone.now() + timedelta(seconds=max_age())), "j M Y"
        )
        return format_html(
            '<a href="{}">Open the preview</a> — or share this link with someone without an '
            "account (it works until {}):"
            '<span class="copy-link"><input type="text" readonly id="preview-link" value="{}" '
            'aria-label="Shareable preview link" class="vLargeTextField">'
            '<button type="button" class="button" data-copy-target="preview-link" hidden>'
            "Copy preview link</button></span>",
            reverse("admin:reviews_article_preview", args=[article.pk]),
            until,
            link,
        )

    def view_on_site(self, article):
        if article.is_public:
            return article.get_absolute_url()
        return reverse("admin:reviews_article_preview", args=[article.pk])

    # Actions ---------------------------------------------------------------------------------

    @admin.action(description="Publish the selected essays now", permissions=["publish"])
    def publish_now(self, request, queryset):
        published, refused = 0, []
        for article in queryset:
            if article.is_public:
                continue
            article.status = Article.Status.PUBLISHED
            article.publish_at = timezone.now()
            try:
                article.full_clean()
            except ValidationError as error:
                reasons = "; ".join(error.messages)
                refused.append(f"“{article.title}”: {reasons}")
                continue
            article.save()
            ArticleRevision.record(article, user=request.user)
            published += 1
        if published:
            self.message_user(
                request, f"Published {published} essay{'s' if published != 1 else ''}."
            )
        for refusal in refused:
            self.message_user(request, f"Not published — {refusal}", messages.ERROR)

    @admin.action(description="Submit the selected drafts for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.DRAFT):
            if self.has_change_permission(request, article):
                article.status = Article.Status.REVIEW
                article.save()
                ArticleRevision.record(article, user=request.user)
                count += 1
        self.message_user(
            request, f"Submitted {count} draft{'s' if count != 1 else ''} for review."
        )

    @admin.action(description="Take the selected essays back to draft", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.DRAFT):
            article.status = Article.Status.DRAFT
            article.save()
            ArticleRevision.record(article, user=request.user)
            count += 1
        self.message_user(request, f"{count} essay{'s' if count != 1 else ''} back to draft.")

    # Preview and revisions -------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name="{}_{}_revisions".format(*info),
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/",
                view(self.revision_view),
                name="{}_{}_revision".format(*info),
            ),
            *super().get_urls(),
        ]

    def _article_or_deny(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request, object_id):
        article = self._article_or_deny(request, object_id)
        return ArticlePreviewView.as_view()(request, pk=article.pk)

    def _context(self, request, article, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "object": article,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "can_restore": self.has_change_permission(request, article),
            **extra,
        }

    def revisions_view(self, request, object_id):
        article = self._article_or_deny(request, object_id)
        revisions = article.revisions.with_previous()
        for revision in revisions:
            revision.changes = (
                [field_label(name) for name in revision.previous.changed_fields(revision.snapshot)]
                if revision.previous
                else None
            )
        context = self._context(
            request, article, f"Revisions of “{article.title}”", revisions=revisions
        )
        return TemplateResponse(request, "admin/reviews/article/revisions.html", context)

    def revision_view(self, request, object_id, revision_id):
        article = self._article_or_deny(request, object_id)
        # Through the relation, so the revision knows its (already checked) essay.
        revision = get_object_or_404(article.revisions, pk=revision_id)
        if request.method == "POST":
            if not self.has_change_permission(request, article):
                raise PermissionDenied
            try:
                restored, skipped = revision.restore(user=request.user)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, f"Not restored: {message}", messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(request, f"{restored.note}. The previous text is kept as a revision.")
            for what in skipped:
                self.message_user(request, f"Not restored: {what}.", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:reviews_article_change", args=[article.pk]))
        previous = revision.preceding()
        saved = date_format(timezone.localtime(revision.saved_at), "j M Y, H:i")
        context = self._context(
            request,
            article,
            f"Version of “{article.title}” saved {saved}",
            revision=revision,
            made_changes=previous.diff(revision.snapshot) if previous else None,
            to_current=revision.restore_diff(),
        )
        return TemplateResponse(request, "admin/reviews/article/revision.html", context)
