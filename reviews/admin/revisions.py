"""The essay admin's own pages: the preview (and the button that revokes its shared links), the
list of saved versions, and one version compared with the one before it and with the essay as it
is now, with a button to restore it."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from reviews.models.history import field_label
from reviews.preview import ArticlePreviewView


class EssayHistoryMixin:
    """Adds the preview and revision pages to the essay admin."""

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
                "<path:object_id>/revoke-preview-links/",
                view(require_POST(self.revoke_preview_links_view)),
                name="{}_{}_revoke_preview_links".format(*info),
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

    def revoke_preview_links_view(self, request, object_id):
        article = self._article_or_deny(request, object_id)
        # Seeing an essay is enough to share its preview, but withdrawing links is editing it.
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        article.revoke_preview_links()
        self.log_change(request, article, "Revoked the shared preview links.")
        self.message_user(
            request,
            "Every preview link shared so far is revoked. The link below is a new one.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:reviews_article_change", args=[article.pk]))

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
                restored, skipped = revision.restore(by=request.user)
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
