"""The essay form of the admin: its fields, widgets and the workflow's checks shown on it."""

from django import forms
from django.core.exceptions import ValidationError

from reviews.models import (
    Article,
)

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
        # The workflow's own checks (see reviews.models.workflow), run here too so that the
        # editor sees them on the form; the step itself runs when the form is saved.
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in Article.PUBLISHING and not self.may_publish:
            self.add_error("status", CONTRIBUTOR_STATUS_REFUSED)
        rescheduled = status == Article.Status.SCHEDULED and bool(
            {"status", "publish_at"} & set(self.changed_data)
        )
        if rescheduled and cleaned.get("publish_at"):
            try:
                Article.validate_schedule(cleaned["publish_at"])
            except ValidationError as error:
                self.add_error(None, error)
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
