"""The comments app's part of a person's data export and erasure (see accounts.personal_data).

A person is an account (``user``) or, for a guest, an email address they proved they own.
"""

from django.db import transaction
from django.db.models import Q

from comments.identities import normalise_email
from comments.models import Comment, Subscription
from comments.notifications import absolute_url, unsubscribe_url

DELETED_READER = "deleted reader"


def _comments(*, user, email):
    if user is not None:
        return Comment.objects.filter(user=user)
    return Comment.objects.filter(user=None, author_email__iexact=normalise_email(email))


def _subscriptions(*, user, email):
    if user is not None:
        # Only addresses the reader has shown to be theirs: anyone can add any address to an
        # account, unverified.
        verified = user.emailaddress_set.filter(verified=True).values_list("email", flat=True)
        emails = {normalise_email(address) for address in verified}
        return Subscription.objects.filter(Q(user=user) | Q(email__in=emails))
    return Subscription.objects.filter(email=normalise_email(email))


def export_comments(*, user=None, email=None):
    comments = _comments(user=user, email=email).select_related("article")
    return [
        {
            "id": comment.pk,
            "essay": comment.article.title,
            "url": absolute_url(comment.get_absolute_url()),
            "submitted_at": comment.submitted_at.isoformat(),
            "status": comment.get_status_display(),
            "deleted": comment.is_deleted,
            "name": comment.author_name,
            "email": comment.author_email,
            "website": comment.author_website,
            "body": comment.body,
        }
        for comment in comments
    ]


def export_subscriptions(*, user=None, email=None):
    subscriptions = _subscriptions(user=user, email=email).select_related("article")
    return [
        {
            "description": subscription.description,
            "email": subscription.email,
            "confirmed": subscription.is_confirmed,
            "created_at": subscription.created_at.isoformat(),
            "cancel_url": unsubscribe_url(subscription.email, [subscription.list_key]),
        }
        for subscription in subscriptions
    ]


@transaction.atomic
def erase(*, user=None, email=None, keep=False):
    """Remove the person's comments, or with ``keep`` leave them signed "deleted reader" with
    nothing that identifies them; subscriptions go either way."""
    for comment in _comments(user=user, email=email).order_by("-submitted_at"):
        # Nothing that identifies the person stays, whether the text is kept or a placeholder
        # remains because others replied.
        comment.user = None
        comment.author_name, comment.author_email, comment.author_website = DELETED_READER, "", ""
        comment.ip_address, comment.user_agent = None, ""
        comment.save()
        if not keep:
            comment.withdraw()
    _subscriptions(user=user, email=email).delete()
