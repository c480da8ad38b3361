"""Commenters' pictures from the social accounts they signed in with.

A commenter who signed in through a social provider (allauth) shows that provider's picture;
everyone else gets an identicon drawn by this site (:mod:`comments.identicon`), so a guest's
avatar never costs a request to a third party.

allauth resolves a provider — looking its app up in the database — every time an account asks
for its picture. A thread asks for many, so :func:`social_pictures` resolves each provider once
for the whole thread::

    pictures = social_pictures(comment.user for comment in comments if comment.user_id)
    pictures.get(user.pk)  # "https://…/photo.jpg", or None: draw an identicon
"""

import logging

from django.core.exceptions import ImproperlyConfigured, MultipleObjectsReturned, ObjectDoesNotExist

logger = logging.getLogger(__name__)


def social_pictures(users):
    """``{user_id: picture URL}`` for the ``users`` whose social accounts (prefetched as
    ``socialaccount_set``) have one. A provider that is no longer configured is skipped, so
    removing a login option never breaks a page of comments."""
    from allauth.socialaccount.adapter import get_adapter

    providers, pictures = {}, {}
    for user in users:
        if user is None or user.pk in pictures:
            continue
        for account in user.socialaccount_set.all():
            if account.provider not in providers:
                try:
                    providers[account.provider] = get_adapter().get_provider(
                        None, provider=account.provider
                    )
                except (ImproperlyConfigured, ObjectDoesNotExist, MultipleObjectsReturned):
                    logger.warning("Social provider %r is not configured.", account.provider)
                    providers[account.provider] = None
            provider = providers[account.provider]
            url = provider.wrap_account(account).get_avatar_url() if provider else None
            if url:
                pictures[user.pk] = url
                break
    return pictures
