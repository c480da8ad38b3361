"""Commenters' social identities and pictures, for a thread.

A commenter who signed in through a social provider shows the picture fetched, re-encoded and
stored when they logged in (:mod:`accounts.pictures`), and the mark of the provider they last
logged in with; everyone else gets an identicon drawn by this site (:mod:`comments.identicon`).
Either way a reader's browser fetches avatars from this site only, so showing a thread never
tells a third party who is reading it::

    identities = social_identities(comment.user_id for comment in comments)
    identities.get(comment.user_id)  # Identity(account, picture) or None: draw an identicon
"""

from typing import NamedTuple

from allauth.socialaccount.models import SocialAccount


class Identity(NamedTuple):
    account: SocialAccount  # the identity last logged in with
    picture: str | None  # the stored picture of the latest identity that has one: its URL


def social_identities(user_ids):
    """``{user_id: Identity}`` for the accounts among ``user_ids`` with a social identity, in
    one query (none when every commenter is a guest)."""
    user_ids = {pk for pk in user_ids if pk is not None}
    if not user_ids:
        return {}
    accounts = (
        SocialAccount.objects.filter(user__in=user_ids)
        .defer("extra_data")  # the provider's whole profile, kilobytes of JSON
        .select_related("picture")
        .order_by("last_login", "pk")
    )
    latest, pictures = {}, {}
    for account in accounts:  # oldest login first, so the latest is written last
        latest[account.user_id] = account
        picture = getattr(account, "picture", None)
        if picture is not None:
            pictures[account.user_id] = picture.image.url
    return {
        user_id: Identity(account, pictures.get(user_id)) for user_id, account in latest.items()
    }
