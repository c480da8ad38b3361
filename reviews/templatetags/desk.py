"""The editors' desk on the admin's front page: what waits for an editor, what is scheduled,
the reader's own drafts and what changed lately. Comments waiting for moderation come from the
comments app's ``moderation_waiting`` tag, since reviews does not know about comments."""

from django import template
from django.utils import timezone

from reviews.models import Article, ArticleRevision

register = template.Library()

LIST_LENGTH = 10


@register.simple_tag(takes_context=True)
def editors_desk(context):
    """A dict of short lists for the desk, a fixed number of queries. Editors see every
    essay; a contributor sees only their own."""
    user = context["request"].user
    essays = Article.objects.prefetch_related("authors").order_by()
    activity = ArticleRevision.objects.select_related("article", "saved_by")
    if not user.has_perm("reviews.publish_article"):
        essays = essays.filter(authors=user)
        activity = activity.filter(article__authors=user)
    return {
        "submitted": essays.filter(status=Article.Status.REVIEW).order_by("updated_at")[
            :LIST_LENGTH
        ],
        "scheduled": essays.filter(
            status=Article.Status.SCHEDULED, publish_at__gt=timezone.now()
        ).order_by("publish_at")[:LIST_LENGTH],
        "my_drafts": essays.filter(status=Article.Status.DRAFT, authors=user).order_by(
            "-updated_at"
        )[:LIST_LENGTH],
        "activity": activity.order_by("-saved_at", "-pk")[:LIST_LENGTH],
    }
