"""Signal receivers that turn comment and essay events into notification tasks.

Connected in ``CommentsConfig.ready()``. Every task is enqueued with
``transaction.on_commit``: the worker must find in the database what the request saved, and a
rolled-back request must send nothing. (The comment signals already arrive after commit; an
``on_commit`` outside a transaction runs at once.)
"""

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from comments import tasks
from comments.models import Comment, Subscription
from comments.signals import comment_approved, comment_held, comment_posted
from reviews.models import Article

logger = logging.getLogger(__name__)


@receiver(comment_posted, dispatch_uid="comments.subscribe_commenter")
def subscribe_commenter(
    sender, comment, notify_followups, notify_new_essays, notify_email="", **kwargs
):
    """Subscribe a commenter who ticked "notify me"; ask an unverified address to confirm by
    email first.

    A signed-in reader whose identity gave no address (X) types one in for the notifications.
    It goes through the same double opt-in as a guest's rather than into the account's
    addresses with allauth's confirmation: the subscription already waits unconfirmed, the
    resend limit already keeps the form from flooding a stranger's inbox, the one link both
    proves the address and says what it subscribes to, and unsubscribing needs no account —
    whereas allauth's route would add an address the reader gave only for these emails and
    need a receiver of its own to confirm the waiting subscriptions.
    """
    if comment.status == Comment.Status.SPAM or not (notify_followups or notify_new_essays):
        return
    user = comment.user
    email = (user.email if user is not None else "") or notify_email or comment.author_email
    if not email:
        return
    wanted = []
    if notify_followups:
        wanted.append((Subscription.Kind.FOLLOWUPS, comment.article))
    if notify_new_essays:
        wanted.append((Subscription.Kind.NEW_ESSAYS, None))
    to_confirm = []
    for kind, article in wanted:
        subscription, needs_confirmation = Subscription.objects.subscribe(
            email=email, kind=kind, article=article, user=user
        )
        if needs_confirmation:
            to_confirm.append(subscription.pk)
    if to_confirm:
        transaction.on_commit(
            partial(tasks.send_subscription_confirmation.enqueue, email, to_confirm)
        )


@receiver(comment_held, dispatch_uid="comments.notify_moderators")
def notify_moderators(sender, comment, **kwargs):
    transaction.on_commit(partial(tasks.notify_moderators.enqueue, comment.pk))


@receiver(comment_approved, dispatch_uid="comments.notify_new_comment")
def notify_new_comment(sender, comment, **kwargs):
    transaction.on_commit(partial(tasks.notify_new_comment.enqueue, comment.pk))


@receiver(post_save, sender=Article, dispatch_uid="comments.schedule_essay_announcement")
def schedule_essay_announcement(sender, instance, raw=False, **kwargs):
    """Enqueue the new-essay email for an essay saved as published or scheduled.

    No cron job: the task is enqueued with ``run_after`` = the publication time, and the
    worker holds it until then. Every save enqueues afresh, because the editor may have moved
    the time; the task checks again when it runs and a sent marker stops a second email.
    """
    if raw or not tasks.is_announceable(instance):
        return
    transaction.on_commit(partial(enqueue_announcement, instance.pk, instance.publish_at))


def enqueue_announcement(article_id, publish_at):
    task = tasks.announce_new_essay
    if publish_at > timezone.now():
        if not task.get_backend().supports_defer:
            # The immediate backend cannot wait: `manage.py announce_due_essays` catches up.
            logger.info(
                "Essay %s is scheduled: this task backend cannot wait, so run "
                "`manage.py announce_due_essays` after its time to email subscribers.",
                article_id,
            )
            return
        task = task.using(run_after=publish_at)
    task.enqueue(article_id)
