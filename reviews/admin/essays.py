"""The essay admin: writing, the workflow buttons and actions, previews and revisions.

Workflow: a contributor writes a draft and submits it for review; an editor (who holds
``reviews.publish_article``) schedules or publishes it. Every step is a method of
:class:`~reviews.models.Article`, which checks the permission and the publishing rules and
keeps a revision; this admin only offers the steps and reports their outcome.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from reviews.admin.common import EditingMedia, UploadsChosenAgainMixin, thumbnail
from reviews.admin.forms import (
    CONTRIBUTOR_STATUS_HELP,
    CONTRIBUTOR_STATUS_REFUSED,
    STATUS_HELP,
    ArticleAdminForm,
)
from reviews.admin.revisions import EssayHistoryMixin
from reviews.models import (
    Article,
    ArticleImage,
)
from reviews.preview import max_age, preview_link


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
class ArticleAdmin(EssayHistoryMixin, UploadsChosenAgainMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status_label",
        "publish_at",
        "author_names",
        "words",
    ]
    list_filter = [
        "status",
        ("authors", admin.RelatedOnlyFieldListFilter),  # writers, not every reader with a login
        "series",
        "featured",
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
            {
                "fields": [
                    "authors",
                    "status",
                    "publish_at",
                    "featured",
                    "comments_open",
                    "preview",
                ]
            },
        ),
    ]

    Media = EditingMedia

    # Who may do what ----------------------------------------------------------------------

    def has_publish_permission(self, request):
        return request.user.has_perm("reviews.publish_article")

    def get_queryset(self, request):
        articles = super().get_queryset(request).prefetch_related("authors")
        if not self.has_publish_permission(request):
            articles = articles.written_by(request.user)
        return articles

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.may_edit(request.user)

    def get_deleted_objects(self, objs, request):
        # What hangs off an essay (its comments and their audit trail, subscriptions to it,
        # notification markers, images, revisions, old addresses) goes with it. Whoever may
        # delete the essay may delete those, without holding delete rights on each model.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if perms_needed and self.has_delete_permission(request):
            perms_needed = set()
        return to_delete, model_count, perms_needed, protected

    def get_readonly_fields(self, request, obj=None):
        locked = (obj or Article()).fields_locked_for(request.user)
        return [*super().get_readonly_fields(request, obj), *sorted(locked)]

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

    def save_model(self, request, obj, form, change):
        # A new status (or publication time) is a workflow step. The step runs once the
        # relations are saved too (save_related), so that the revision it keeps includes them;
        # until then the essay keeps the status it had.
        stored_status = form.initial.get("status", Article.Status.DRAFT)
        step_asked = obj.status != stored_status or (
            obj.status in Article.PUBLISHING and "publish_at" in form.changed_data
        )
        obj.workflow_step = (obj.status, obj.publish_at) if step_asked else None
        if step_asked:
            # The time is the step's to set too: a refused step leaves the essay as it was.
            obj.status = stored_status
            obj.publish_at = form.initial.get("publish_at", obj.publish_at)
        obj.save(by=request.user, record_revision=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not article.authors.exists():
            article.authors.add(request.user)
        if article.workflow_step:
            self.take_step(request, article, *article.workflow_step)
        else:
            article.record_revision(by=request.user)
        missing = article.missing_images()
        if missing:
            self.message_user(
                request,
                "The body places "
                + ", ".join(f"[[image:{name}]]" for name in missing)
                + " but no image below has that name, so nothing shows there yet.",
                messages.WARNING,
            )

    def take_step(self, request, article, status, at):
        user = request.user
        steps = {
            Article.Status.DRAFT: lambda: article.return_to_draft(by=user),
            Article.Status.REVIEW: lambda: article.submit_for_review(by=user),
            Article.Status.SCHEDULED: lambda: article.schedule(by=user, at=at),
            Article.Status.PUBLISHED: lambda: article.publish(by=user, at=at),
        }
        try:
            steps[status]()
        except (PermissionDenied, ValidationError) as refusal:
            # The form checked the same rules, so this is a race with another editor.
            article.record_revision(by=user)
            reasons = "; ".join(getattr(refusal, "messages", [str(refusal)]))
            self.message_user(request, f"Saved, but not moved on: {reasons}", messages.ERROR)
            return
        if status == Article.Status.REVIEW:
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
            "account (it works until {}, unless you revoke shared links with the button at the "
            "top):"
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

    # Actions: each runs the workflow step on every selected essay and reports refusals ------

    def _apply(self, request, articles, step, *, done, refused_as):
        count = 0
        for article in articles:
            try:
                step(article)
            except (PermissionDenied, ValidationError) as refusal:
                reasons = "; ".join(getattr(refusal, "messages", [str(refusal)]))
                self.message_user(
                    request, f"{refused_as} — “{article.title}”: {reasons}", messages.ERROR
                )
                continue
            count += 1
        if count or not articles:
            self.message_user(request, done(count, "s" if count != 1 else ""))

    @admin.action(description="Publish the selected essays now", permissions=["publish"])
    def publish_now(self, request, queryset):
        articles = [article for article in queryset if not article.is_public]
        self._apply(
            request,
            articles,
            lambda article: article.publish(by=request.user),
            done=lambda n, s: f"Published {n} essay{s}." if n else "Nothing to publish.",
            refused_as="Not published",
        )

    @admin.action(description="Submit the selected drafts for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._apply(
            request,
            list(queryset.filter(status=Article.Status.DRAFT)),
            lambda article: article.submit_for_review(by=request.user),
            done=lambda n, s: f"Submitted {n} draft{s} for review.",
            refused_as="Not submitted",
        )

    @admin.action(description="Take the selected essays back to draft", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        self._apply(
            request,
            list(queryset.exclude(status=Article.Status.DRAFT)),
            lambda article: article.return_to_draft(by=request.user),
            done=lambda n, s: f"{n} essay{s} back to draft.",
            refused_as="Not returned to draft",
        )
