"""The essay admin, with the comment columns the comments app adds to it.

``reviews`` knows nothing of comments, so its essay admin has no comment columns; this module
swaps it for a subclass that shows how many comments each essay has and how many wait for a
moderator. The public count is the stored counter; the waiting count is one subquery for the
whole page, so a list of any length costs the same number of queries.
"""

from django.contrib import admin
from django.db.models.functions import Coalesce

from comments.models import Comment
from reviews.admin.essays import ArticleAdmin
from reviews.models import Article


class ArticleWithCommentsAdmin(ArticleAdmin):
    list_display = [*ArticleAdmin.list_display, "approved_comments", "pending_comments"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(pending_count=Coalesce(Comment.objects.pending().count_per_article(), 0))
        )

    @admin.display(description="comments", ordering="comment_count")
    def approved_comments(self, article):
        return article.comment_count

    @admin.display(description="pending", ordering="pending_count")
    def pending_comments(self, article):
        return article.pending_count


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithCommentsAdmin)
