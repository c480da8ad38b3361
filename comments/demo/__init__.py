"""Demo comments: a few conversations under three demo essays, and one comment still waiting.

The comments themselves are data, in ``comments.toml`` beside this module. Called by
``load_demo`` after :func:`reviews.demo.ensure_demo_content`. Each comment goes
through the real moderation rules (:func:`comments.moderation.decide`), so it records the
reason a reader's comment would; the ones the rules hold are then approved by the demo
moderator, which leaves the same audit record as a click in the queue. It calls ``decide``
rather than :func:`comments.posting.post_comment`, which would refuse essays past the closing
age, count every comment against the rate limits, stamp it with today's date and announce it.
The last comment, a first-time guest's on the newest essay, is left waiting so the
moderator's queue and header badge have something to show.

The demo's comments are history, not news: approving them emails no one, and every time is
set relative to the essay's publication. Running it again changes nothing — a comment is
found again by its essay, author and text, and only a missing one is created.
"""

import time
import tomllib
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from comments.models import Comment, ModerationAction, ModerationSettings, identity_key
from comments.moderation import Submission, decide, form_token
from reviews.models import Article

DATA = Path(__file__).resolve().parent / "comments.toml"
MODERATOR = "moderator"  # the demo account in the Moderators group (accounts.demo)


@cache
def demo_comments():
    """The comments in ``comments.toml``, parents before their replies."""
    with DATA.open("rb") as file:
        return tomllib.load(file)["comments"]


def _author(data, accounts):
    """``(user, name, email, website)`` for a comment: a demo account's or a guest's."""
    if "user" in data:
        user = accounts[data["user"]]
        return user, user.get_display_name(), user.email, ""
    return None, data["name"], data["email"], data.get("website", "")


def _existing(article, user, name, body):
    found = Comment.objects.filter(article=article, body=body)
    if user is not None:
        return found.filter(user=user).first()
    return found.filter(user__isnull=True, author_name=name).first()


def _create(data, article, parent, *, accounts, moderator, moderation, now):
    user, name, email, website = _author(data, accounts)
    submitted = min(article.publish_at + timedelta(hours=data["hours"]), now)
    # The rules see the comment as if the form had been open for a few minutes.
    # (Measured from now: a token dated back to the comment's own time would have expired.)
    shown = time.time() - 300
    decision = decide(
        Submission(
            article=article,
            identity=identity_key(user=user, email=email),
            body=data["body"],
            user=user,
            name=name,
            email=email,
            website=website,
            ip_address=data.get("ip"),
            form_token=form_token(article, at=shown),
        ),
        moderation=moderation,
    )
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        user=user,
        author_name=name,
        author_email=email,
        author_website=website,
        body=data["body"],
        status=decision.status,
        reason_code=decision.code,
        reason=decision.reason,
        submitted_at=submitted,
        ip_address=data.get("ip"),
        user_agent=data.get("agent", ""),
        approved_at=submitted if decision.status == Comment.Status.APPROVED else None,
    )
    if comment.status == Comment.Status.PENDING and not data.get("pending"):
        approved_at = min(submitted + timedelta(minutes=40), now)
        comment.moderate(ModerationAction.Action.APPROVE, moderator=moderator, announce=False)
        # Approved back then, not when the demo was loaded.
        Comment.objects.filter(pk=comment.pk).update(approved_at=approved_at)
        comment.moderation_actions.update(created_at=approved_at)
    return comment


def ensure_demo_comments(now=None):
    """Create the demo comments that are missing. Returns ``{"comments": (created, total)}``.

    Expects the demo accounts and essays (``ensure_demo_content``); an essay that has been
    deleted or unpublished since simply gets no comments.
    """
    now = now or timezone.now()
    comments_data = demo_comments()
    usernames = {data["user"] for data in comments_data if "user" in data} | {MODERATOR}
    accounts = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    moderator = accounts.get(MODERATOR)
    slugs = {data["essay"] for data in comments_data}
    essays = {a.slug: a for a in Article.objects.published().filter(slug__in=slugs)}
    moderation = ModerationSettings.load()

    comments, created = {}, 0
    for data in comments_data:
        article = essays.get(data["essay"])
        if article is None or moderator is None or data.get("user", MODERATOR) not in accounts:
            continue
        parent = comments.get(data.get("parent"))
        if "parent" in data and parent is None:
            continue
        user, name, _, _ = _author(data, accounts)
        comment = _existing(article, user, name, data["body"])
        if comment is None:
            comment = _create(
                data,
                article,
                parent,
                accounts=accounts,
                moderator=moderator,
                moderation=moderation,
                now=now,
            )
            created += 1
        comments[data["key"]] = comment
    return {"comments": (created, len(comments_data))}
