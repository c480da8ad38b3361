"""Background tasks that send the site's notification email.

Each task takes ids, not objects, and looks again at the database when it runs: by then a held
comment may have been approved, an approved one marked as spam, a scheduled essay moved to
another day. A task that finds nothing to do returns 0. The one-off notifications (a new
comment, a new essay) claim a :class:`~comments.models.SentNotification` first, so a task that
is enqueued twice still sends once.
"""

import logging
from datetime import timedelta
from itertools import chain

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import mailers
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from comments.identities import normalise_email
from comments.models import Comment, OptOut, SentNotification, Subscription
from comments.notifications import absolute_url, build_email, confirmation_token
from reviews.models import Article

logger = logging.getLogger(__name__)

# Messages are built and handed to the mailer in batches, so a long subscriber list never
# sits in memory whole and one SMTP connection carries many messages.
BATCH_SIZE = 100
MODERATOR_PERMISSION = "comments.moderate_comment"


def send_in_batches(messages):
    sent = 0
    batch = []
    for message in messages:
        batch.append(message)
        if len(batch) == BATCH_SIZE:
            sent += mailers.default.send_messages(batch) or 0
            batch = []
    if batch:
        sent += mailers.default.send_messages(batch) or 0
    return sent


def claim(kind, **subject):
    """Record that a one-off notification is going out; ``None`` if it already went."""
    try:
        with transaction.atomic():
            return SentNotification.objects.create(kind=kind, **subject)
    except IntegrityError:
        return None


def send_claimed(notification, messages):
    """Send, then note how many went. If sending fails the claim is released, so the task can
    be run again rather than leave the notification silently unsent."""
    try:
        count = send_in_batches(messages)
    except Exception:
        notification.delete()
        raise
    notification.recipients = count
    notification.save(update_fields=["recipients"])
    return count


def opted_out(kind):
    return set(OptOut.objects.filter(kind=kind).values_list("email", flat=True))


def moderators():
    """Active accounts that may moderate (the Moderators group, superusers) with an address."""
    return (
        get_user_model()
        .objects.with_perm(
            MODERATOR_PERMISSION, backend="django.contrib.auth.backends.ModelBackend"
        )
        .exclude(email="")
        .order_by("pk")
    )


def commenter_emails(comment):
    emails = {normalise_email(comment.author_email)}
    if comment.user is not None:
        emails.add(normalise_email(comment.user.email))
    return emails - {""}


@task
def notify_moderators(comment_id):
    """Tell moderators a comment is waiting for them, and why it was held."""
    comment = Comment.objects.select_related("article", "parent", "user").filter(pk=comment_id)
    comment = comment.first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    skip = opted_out(OptOut.Kind.HELD_COMMENTS) | commenter_emails(comment)
    context = {
        "comment": comment,
        "article": comment.article,
        "article_url": absolute_url(comment.article.get_absolute_url()),
        "queue_url": absolute_url(reverse("comments:queue")),
        "pending_count": Comment.objects.pending().count(),
    }
    subject = f"Comment held for moderation on “{comment.article}”"
    emails = {normalise_email(user.email) for user in moderators()} - skip
    messages = (
        build_email(
            "held_comment", context, to=email, lists=[OptOut.Kind.HELD_COMMENTS], subject=subject
        )
        for email in sorted(emails)
    )
    return send_in_batches(messages)


@task
def notify_new_comment(comment_id):
    """Send a newly approved comment to the essay's authors and its follow-up subscribers —
    never to the commenter, never twice."""
    comment = (
        Comment.objects.select_related("article", "parent", "user").filter(pk=comment_id).first()
    )
    if comment is None or not comment.is_public:
        return 0
    notification = claim(SentNotification.Kind.NEW_COMMENT, comment=comment)
    if notification is None:
        return 0
    article = comment.article
    context = {
        "comment": comment,
        "article": article,
        "comment_url": absolute_url(comment.get_absolute_url()),
        "article_url": absolute_url(article.get_absolute_url()),
    }
    skip = commenter_emails(comment)

    author_emails = {
        normalise_email(author.email)
        for author in article.authors.filter(is_active=True).exclude(email="")
        if author.pk != comment.user_id
    }
    author_emails -= skip
    to_authors = (
        build_email(
            "new_comment",
            {**context, "to_author": True},
            to=email,
            lists=[OptOut.Kind.ESSAY_COMMENTS],
            subject=f"New comment on your essay “{article}”",
        )
        for email in sorted(author_emails - opted_out(OptOut.Kind.ESSAY_COMMENTS))
    )
    # An author who also follows the thread gets one email, not two.
    skip |= author_emails
    subscribers = Subscription.objects.confirmed().followups(article).order_by("pk")
    if comment.user_id is not None:
        subscribers = subscribers.exclude(user_id=comment.user_id)
    to_subscribers = (
        build_email(
            "new_comment",
            {**context, "to_author": False},
            to=subscription.email,
            lists=[subscription.list_key],
            subject=f"New comment on “{article}”",
        )
        for subscription in subscribers.iterator()
        if subscription.email not in skip
    )
    return send_claimed(notification, chain(to_authors, to_subscribers))


def announcement_window():
    return timedelta(days=settings.COMMENTS_ANNOUNCE_WITHIN_DAYS)


def is_announceable(article):
    """Whether ``article`` should (still) be announced: public or scheduled, not back-dated
    beyond the window, not announced already."""
    return (
        article.status in Article.PUBLISHING
        and article.publish_at is not None
        and article.publish_at >= timezone.now() - announcement_window()
        and not SentNotification.objects.filter(
            kind=SentNotification.Kind.NEW_ESSAY, article=article
        ).exists()
    )


def essays_due_for_announcement():
    """Public essays inside the window that no announcement has gone out for."""
    announced = SentNotification.objects.filter(kind=SentNotification.Kind.NEW_ESSAY)
    return (
        Article.objects.published()
        .filter(publish_at__gte=timezone.now() - announcement_window())
        .exclude(pk__in=announced.values("article_id"))
    )


@task
def announce_new_essay(article_id):
    """Email new-essay subscribers once an essay is public.

    Enqueued when an essay is saved as published or scheduled, with ``run_after`` set to its
    publication time where the task backend can wait. The task decides nothing from what it
    was given: it asks ``Article.objects.published()`` again, so a task for an essay that was
    unpublished or moved later does nothing (the save that moved it enqueued another).
    """
    article = (
        Article.objects.published()
        .filter(pk=article_id, publish_at__gte=timezone.now() - announcement_window())
        .prefetch_related("authors")
        .first()
    )
    if article is None:
        return 0
    notification = claim(SentNotification.Kind.NEW_ESSAY, article=article)
    if notification is None:
        return 0
    context = {"article": article, "article_url": absolute_url(article.get_absolute_url())}
    subscribers = Subscription.objects.confirmed().new_essays().order_by("pk")
    messages = (
        build_email(
            "new_essay",
            context,
            to=subscription.email,
            lists=[subscription.list_key],
            subject=f"New on {settings.SITE_NAME}: {article}",
        )
        for subscription in subscribers.iterator()
    )
    return send_claimed(notification, messages)


@task
def send_subscription_confirmation(email, subscription_ids):
    """Ask ``email`` to confirm subscriptions made in its name (double opt-in)."""
    subscriptions = list(
        Subscription.objects.unconfirmed()
        .filter(pk__in=subscription_ids, email=normalise_email(email))
        .select_related("article")
        .order_by("kind", "pk")
    )
    if not subscriptions:
        return 0
    token = confirmation_token(subscriptions[0].email, [s.pk for s in subscriptions])
    context = {
        "subscriptions": subscriptions,
        "confirm_url": absolute_url(reverse("comments:subscription-confirm", args=[token])),
    }
    message = build_email(
        "confirm_subscription",
        context,
        to=subscriptions[0].email,
        lists=[s.list_key for s in subscriptions],
        subject=f"Please confirm your subscription to {settings.SITE_NAME}",
    )
    return send_in_batches([message])
