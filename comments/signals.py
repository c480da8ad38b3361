"""Signals the comments app sends so other parts of the site can react to comments.

Every signal is sent from ``transaction.on_commit`` — receivers only ever see comments that
are really in the database, and a rolled-back post sends nothing. The sender is always
:class:`comments.models.Comment`.

``comment_posted(comment, notify_followups, notify_new_essays, notify_email, request)``
    A reader's comment was stored as pending or approved (never sent for spam, so nobody is
    subscribed — or sent a confirmation email — on a spammer's say-so). Carries the two
    "notify me" choices from the form so subscriptions can be created, and the address given
    for them by a signed-in reader whose account has none (``""`` otherwise).

``comment_held(comment)``
    A comment waits for a moderator: stored as pending, or sent back to the queue by an
    edit of its author's.

``comment_approved(comment)``
    A comment became approved: at posting time by a rule, or later by a moderator.

Example receiver::

    from django.dispatch import receiver
    from comments.signals import comment_approved

    @receiver(comment_approved)
    def tell_the_author(sender, comment, **kwargs):
        ...
"""

from django.dispatch import Signal

comment_posted = Signal()
comment_held = Signal()
comment_approved = Signal()
