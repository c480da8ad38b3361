"""Who wrote a comment, as the moderation rules see it: one key per account or mailbox."""


def normalise_email(email):
    """One spelling per mailbox: trimmed and lower-cased. Dots and ``+tags`` are kept, since on
    many providers they are different mailboxes."""
    return (email or "").strip().lower()


def identity_key(*, user=None, email=""):
    """The key that ban and trust rules and the "approved before" rule use for a commenter.

    ``user:<id>`` for anyone signed in — a social login becomes a local user through allauth,
    so it is covered too — and ``email:<address>`` for a guest.
    """
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"email:{normalise_email(email)}"
