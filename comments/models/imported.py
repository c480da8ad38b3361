from django.db import models

from comments.models.comments import Comment


class ImportedComment(models.Model):
    """The WordPress comment a comment was imported from, so importing the same export again
    updates it instead of adding it twice."""

    comment = models.OneToOneField(
        Comment, primary_key=True, on_delete=models.CASCADE, related_name="wordpress"
    )
    wordpress_id = models.CharField("WordPress id", max_length=20, unique=True)

    class Meta:
        ordering = ["comment"]
        verbose_name = "imported WordPress comment"

    def __str__(self):
        return f"WordPress comment {self.wordpress_id}"
