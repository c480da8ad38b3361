"""Email the essay workflow sends: editors hear when a contributor submits an essay."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, mailers
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from reviews.models import Article

EDITOR_PERMISSION = "reviews.publish_article"


def editors():
    """Active accounts that may publish (the Editors group, superusers) with an address."""
    return (
        get_user_model()
        .objects.with_perm(EDITOR_PERMISSION, backend="django.contrib.auth.backends.ModelBackend")
        .exclude(email="")
        .order_by("pk")
    )


@task
def notify_editors_of_submission(article_id, submitted_by_id=None):
    """Tell editors an essay waits for them. Nothing is sent if, by the time this runs, it
    has gone back to draft or been published; the submitter is not told of their own essay."""
    article = (
        Article.objects.filter(pk=article_id, status=Article.Status.REVIEW)
        .prefetch_related("authors")
        .first()
    )
    if article is None:
        return 0
    submitter = get_user_model().objects.filter(pk=submitted_by_id).first()
    context = {
        "article": article,
        "submitter": submitter,
        "authors": list(article.authors.all()),
        "edit_url": settings.SITE_URL + reverse("admin:reviews_article_change", args=[article.pk]),
        "desk_url": settings.SITE_URL + reverse("admin:index"),
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = f"Submitted for review: “{article.title}”"
    text = render_to_string("reviews/email/essay_submitted.txt", context)
    html = render_to_string("reviews/email/essay_submitted.html", context)
    messages = []
    for editor in editors().exclude(pk=submitted_by_id):
        message = EmailMultiAlternatives(subject, text, to=[editor.email])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    if not messages:
        return 0
    return mailers.default.send_messages(messages) or 0
