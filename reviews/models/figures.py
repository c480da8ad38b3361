from django.db import models
from django.db.models import Q

from reviews.images import CleanImageField, crop_field, focus_field
from reviews.models.articles import Article


class ArticleImage(models.Model):
    """An image placed inside an essay's body with ``[[image:name]]``."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = CleanImageField(
        upload_to="articles/figures/",
        width_field="width",
        height_field="height",
        crop_field="crop",
        focus_x_field="focus_x",
        focus_y_field="focus_y",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    crop = crop_field()
    focus_x = focus_field("x")
    focus_y = focus_field("y")
    alt = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the image shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="e.g. “© Focus Features”.")
    key = models.SlugField(
        "name",
        max_length=50,
        blank=True,
        help_text="Place the image with [[image:name]] on a line of its own in the body. "
        "Left blank, the image is numbered: 1, 2, 3…",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "image in the body"
        verbose_name_plural = "images in the body"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "key"],
                condition=~Q(key=""),
                name="unique_image_name_per_article",
                violation_error_message="Another image in this essay already has this name.",
            )
        ]

    def __str__(self):
        return self.shortcode

    @property
    def shortcode(self):
        return f"[[image:{self.key}]]"

    def next_key(self):
        numbers = [
            int(key)
            for key in ArticleImage.objects.filter(article=self.article_id).values_list(
                "key", flat=True
            )
            if key.isdigit()
        ]
        return str(max(numbers, default=0) + 1)

    def save(self, *args, refresh_body=True, **kwargs):
        """Save, and render the essay's body again with the image in it. A caller storing
        several images of one essay passes ``refresh_body=False`` and calls the essay's
        ``refresh_body()`` once after the last."""
        if not self.key:
            self.key = self.next_key()
        super().save(*args, **kwargs)
        if refresh_body:
            self.article.refresh_body()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.article.refresh_body()
        return result
