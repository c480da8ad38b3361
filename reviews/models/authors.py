from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models

from reviews.images import CleanImageField
from reviews.markup import render_markdown


class AuthorProfile(models.Model):
    """What readers see of an essayist beyond the name on the byline: a portrait, shown beside
    the byline and on the author's page, and a short biography on that page.

    Kept here rather than on the user: accounts knows nothing of the publication, and most
    accounts (commenters) never write an essay.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="author_profile",
        verbose_name="author",
    )
    bio = models.TextField(
        blank=True, help_text="A few sentences in Markdown, shown on the author’s page."
    )
    bio_html = models.TextField(blank=True, editable=False)
    portrait = CleanImageField(
        upload_to="authors/",
        blank=True,
        width_field="portrait_width",
        height_field="portrait_height",
        help_text="Square works best: bylines show it as a small circle.",
    )
    portrait_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_alt = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "author profile"

    def __str__(self):
        return str(self.user)

    def clean(self):
        if self.portrait and not self.portrait_alt.strip():
            raise ValidationError(
                {"portrait_alt": "Describe the portrait for readers who cannot see it."}
            )

    def save(self, *args, **kwargs):
        self.bio_html = render_markdown(self.bio)
        super().save(*args, **kwargs)


def bylines_with_portraits():
    """Users as a byline with portraits shows them: each with their profile, in one query."""
    return get_user_model().objects.select_related("author_profile")
