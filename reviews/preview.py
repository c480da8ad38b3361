"""Previews: an essay that is not public yet, shown exactly as readers will see it.

Two ways in, both rendering the public article page's own view and template with a
"Preview — not published" banner, ``noindex`` and no comment form:

* ``/admin/reviews/article/<id>/preview/`` for anyone who may see the essay in the admin;
* ``/preview/<token>/``, a signed link to share with someone who has no account. It is
  read-only, shows the essay as it is when opened, stops working after
  ``ARTICLE_PREVIEW_MAX_AGE`` seconds, and once the essay is public sends readers to the real
  page. The token carries only the essay's id, its preview version and the time it was made,
  signed with the site's secret key: changing any character of it makes it worthless.

An editor who shared a link too widely revokes every link given out so far with the essay
admin's "Revoke shared preview links" button: it raises the essay's ``preview_version``, so a
token signed with an older version is refused, while links made afterwards work.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from reviews.metadata import absolute_url
from reviews.models import Article
from reviews.views.essays import ArticleView

SALT = "reviews.preview"


def max_age():
    return getattr(settings, "ARTICLE_PREVIEW_MAX_AGE", 7 * 24 * 60 * 60)


def preview_token(article):
    return signing.TimestampSigner(salt=SALT).sign_object(
        {"article": article.pk, "version": article.preview_version}
    )


def preview_link(article):
    """The absolute address of a fresh shareable preview link."""
    return absolute_url(reverse("reviews:preview", kwargs={"token": preview_token(article)}))


def read_token(token):
    """``(article id, preview version, issued at)`` from a token. Raises
    ``signing.BadSignature`` for a token that was not made here (or was altered),
    ``signing.SignatureExpired`` for an old one."""
    signer = signing.TimestampSigner(salt=SALT)
    data = signer.unsign_object(token)  # the signature first, so a forged date means nothing
    issued_at = datetime.fromtimestamp(signing.b62_decode(token.rsplit(":", 2)[1]), tz=UTC)
    if (timezone.now() - issued_at).total_seconds() > max_age():
        raise signing.SignatureExpired(issued_at)
    # Links made before versions existed count as version 0, so they live until the first
    # revocation rather than dying with the upgrade.
    return int(data["article"]), int(data.get("version", 0)), issued_at


class ArticlePreviewView(ArticleView):
    """The article page for an essay whatever its status, marked as a preview."""

    template_name = "preview/article.html"
    http_method_names = ["get", "head"]
    shared = False  # True when opened through a signed link
    expires_at = None

    def get_queryset(self):
        return Article.objects.for_page()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # Dated and shown as it would be if published now; nobody can comment on a preview.
        article.publish_at = article.publish_at or timezone.now()
        article.comments_open = False
        return article

    def get(self, request, *args, **kwargs):
        # The public view's redirect for old slugs does not apply to previews.
        self.object = self.get_object()
        response = self.render_to_response(self.get_context_data(object=self.object))
        return mark_private(response)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            preview=True,
            preview_shared=self.shared,
            preview_expires_at=self.expires_at,
            structured_data=None,
            edit_url=reverse("admin:reviews_article_change", args=[self.object.pk]),
        )
        return context


def mark_private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    # Links out of a shared preview must not carry its address (and token) to other sites.
    response["Referrer-Policy"] = "no-referrer"
    return response


def shared_preview(request, token):
    """``/preview/<token>/``: a shared preview link."""
    try:
        article_id, version, issued_at = read_token(token)
    except signing.SignatureExpired as expired:
        issued_at = (
            expired.args[0] if expired.args and isinstance(expired.args[0], datetime) else None
        )
        return _invalid(request, "expired", issued_at, status=410)
    except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError, AttributeError):
        return _invalid(request, "invalid", None, status=404)
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return _invalid(request, "gone", None, status=404)
    if article.is_public:
        return redirect(article)  # nothing left to keep from anyone, revoked link or not
    if version != article.preview_version:
        return _invalid(request, "revoked", issued_at, status=410)
    view = ArticlePreviewView.as_view(
        shared=True, expires_at=issued_at + timedelta(seconds=max_age())
    )
    return view(request, pk=article_id)


def _invalid(request, reason, issued_at, *, status):
    response = render(
        request,
        "preview/invalid.html",
        {"reason": reason, "issued_at": issued_at, "max_age_days": round(max_age() / 86400)},
        status=status,
    )
    return mark_private(response)
