"""Posting a comment: the one workflow that crosses from a reader's form to moderation and on
to notifications.

:func:`post_comment` refuses a closed essay or a commenter over the rate limit (nothing is
stored), runs the moderation rules, saves the comment with the rule that decided, and after
the transaction commits sends the signals in :mod:`comments.signals`.

Posting is idempotent per form: the key in the form's signed token is stored, unique, on the
comment, so the same form sent twice (a double click, a reload, five at once) stores one
comment and gives it back to every later sending, marked ``duplicate``. The database's unique
constraint decides a race, not a look-up before the insert.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from comments.models import Comment, ModerationSettings, identity_key
from comments.moderation import (
    CommentsClosed,
    RateLimited,
    Submission,
    check_rate_limit,
    closed_reason,
    decide,
    form_token_key,
)
from comments.signals import comment_approved, comment_held, comment_posted

__all__ = ["CommentsClosed", "RateLimited", "post_comment"]


def post_comment(
    *,
    article,
    body,
    user=None,
    name="",
    email="",
    website="",
    parent=None,
    ip_address=None,
    user_agent="",
    honeypot="",
    form_token="",
    notify_followups=False,
    notify_new_essays=False,
    notify_email="",
    request=None,
):
    """Store a reader's comment on ``article`` and return it, with its status decided.

    A signed-in ``user`` comments under their account (name and email come from it); otherwise
    ``name`` and ``email`` identify a guest. ``honeypot`` and ``form_token`` come from the form's
    anti-robot fields. ``notify_email`` is where a signed-in reader whose account has no
    address wants the notifications they ticked; it is confirmed before anything else is sent
    to it, and never stored on the comment. Raises :class:`CommentsClosed` or :class:`RateLimited`.
    """
    if parent is not None and parent.article_id != article.pk:
        raise ValueError("A reply must be on the same essay as the comment it answers.")
    moderation = ModerationSettings.load()
    refusal = closed_reason(article, moderation=moderation)
    if refusal:
        raise CommentsClosed(refusal)
    if user is not None and user.is_authenticated:
        name, email, website = user.get_display_name(), user.email, ""
    else:
        user = None
    identity = identity_key(user=user, email=email)
    key = submission_key(form_token_key(form_token, article), identity)
    earlier = _posted_with(key)
    if earlier is not None:
        return earlier
    check_rate_limit(ip_address=ip_address, identity=identity)

    decision = decide(
        Submission(
            article=article,
            identity=identity,
            body=body,
            user=user,
            name=name,
            email=email,
            website=website,
            ip_address=ip_address,
            honeypot=honeypot,
            form_token=form_token,
        ),
        moderation=moderation,
    )
    comment = Comment(
        article=article,
        parent=parent,
        user=user,
        author_name=name.strip()[:100],
        author_email=email.strip(),
        author_website=website.strip(),
        body=body,
        status=decision.status,
        reason_code=decision.code,
        reason=decision.reason[:300],
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
    )
    if comment.status == Comment.Status.APPROVED:
        comment.approved_at = timezone.now()
    comment.form_key = key
    comment.duplicate = False
    try:
        with transaction.atomic():
            comment.save()
            transaction.on_commit(
                lambda: _announce(
                    comment, notify_followups, notify_new_essays, notify_email.strip(), request
                )
            )
    except IntegrityError:
        # The same form, sent at the same moment, won the insert: answer with its comment.
        earlier = _posted_with(key)
        if earlier is None:
            raise
        return earlier
    return comment


def submission_key(form_key, identity):
    """What makes a post one of a kind: the form's key *and* who sends it.

    An essay page is shared from the cache, so every guest who opens the same copy gets the
    same form key; keyed by the form alone, the second reader's comment would be taken for a
    resend of the first's and lost. The same reader sending the same form twice still finds
    their first comment (and the unique column settles two sends at the same moment).
    """
    if not form_key:
        return None
    return hashlib.sha256(f"{form_key}\n{identity}".encode()).hexdigest()[:40]


def _posted_with(key):
    if not key:
        return None
    comment = Comment.objects.select_related("article").filter(form_key=key).first()
    if comment is not None:
        comment.duplicate = True
    return comment


def _announce(comment, notify_followups, notify_new_essays, notify_email, request):
    if comment.status == Comment.Status.SPAM:
        return
    comment_posted.send(
        sender=Comment,
        comment=comment,
        notify_followups=bool(notify_followups),
        notify_new_essays=bool(notify_new_essays),
        notify_email=notify_email,
        request=request,
    )
    if comment.status == Comment.Status.PENDING:
        comment_held.send(sender=Comment, comment=comment)
    elif comment.status == Comment.Status.APPROVED:
        comment_approved.send(sender=Comment, comment=comment)
