"""The essay admin: writing, the workflow buttons and actions, previews and revisions.

Workflow: a contributor writes a draft and submits it for review; an editor (who holds
``reviews.publish_article``) schedules or publishes it. Every step is a method of
:class:`~reviews.models.Article`, which checks the permission and the publishing rules and
keeps a revision; this admin only offers the steps and reports their outcome.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from comments.models import Comment
from reviews.admin.common import EditingMedia, UploadsChosenAgainMixin, thumbnail
from reviews.admin.revisions import EssayHistoryMixin
from reviews.models import (
    Article,
    ArticleImage,
    ArticleRevision,
)
from reviews.preview import max_age, preview_link
from reviews.signals import essay_submitted

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
class ArticleAdmin(EssayHistoryMixin, UploadsChosenAgainMixin, admin.ModelAdmin):
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
            essay_submitted.send(sender=Article, article=article, by=request.user)
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
                essay_submitted.send(sender=Article, article=article, by=request.user)
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
