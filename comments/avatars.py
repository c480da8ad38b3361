"""Commenters' pictures: the copy this site keeps of a social identity's picture.

A commenter who signed in through a social provider shows the picture fetched, re-encoded and
stored when they logged in (:mod:`accounts.pictures`); everyone else gets an identicon drawn by
this site (:mod:`comments.identicon`). Either way a reader's browser fetches avatars from this
site only, so showing a thread never tells a third party who is reading it::

    pictures = social_pictures(comment.user for comment in comments if comment.user_id)
    pictures.get(user.pk)  # "/media/avatars/….png", or None: draw an identicon
"""

from accounts.models import SocialPicture


def social_pictures(users):
    """``{user_id: picture URL}`` for the ``users`` with a stored social picture, in one query;
    the most recently used identity's picture wins."""
    user_ids = {user.pk for user in users if user is not None}
    if not user_ids:
        return {}
    pictures = {}
    stored = (
        SocialPicture.objects.filter(account__user__in=user_ids)
        .select_related("account")
        .order_by("account__last_login")
    )
    for picture in stored:
        pictures[picture.account.user_id] = picture.image.url
    return pictures
