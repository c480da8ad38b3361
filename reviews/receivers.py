from functools import partial

from django.db import transaction
from django.dispatch import receiver

from reviews import tasks
from reviews.signals import essay_submitted


@receiver(essay_submitted, dispatch_uid="reviews.email_editors_of_submission")
def email_editors_of_submission(sender, article, by=None, **kwargs):
    # After the commit, so the task finds the essay in its submitted state.
    transaction.on_commit(
        partial(tasks.notify_editors_of_submission.enqueue, article.pk, by.pk if by else None)
    )
