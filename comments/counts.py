"""The number of comments readers can see under each essay, kept on ``Article.comment_count``.

Essay lists show it for every essay; a stored number costs them nothing, where counting would
cost a join or a subquery per page. It is recounted in the database (one UPDATE) whenever a
comment is saved or deleted, so concurrent moderators cannot leave it off by one.
"""

from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments.models import Comment
from reviews.models import Article

# Saves that change none of these leave the count as it was.
COUNTED_FIELDS = {"status", "is_deleted", "article"}


def recount(articles):
    """Store the public comment count of each essay in the ``articles`` queryset."""
    articles.update(comment_count=Coalesce(Comment.objects.public().count_per_article(), 0))


@receiver(post_save, sender=Comment, dispatch_uid="comments.count_after_save")
def count_after_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not COUNTED_FIELDS & set(update_fields)):
        return
    recount(Article.objects.filter(pk=instance.article_id))


@receiver(post_delete, sender=Comment, dispatch_uid="comments.count_after_delete")
def count_after_delete(sender, instance, **kwargs):
    recount(Article.objects.filter(pk=instance.article_id))
