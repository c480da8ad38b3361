"""The rules that decide what happens to a new comment, and the rate limits in front of them.

Before any rule, an essay may refuse comments altogether (:func:`closed_reason`), and a
commenter who posts too often is turned away (:func:`check_rate_limit`); in both cases nothing
is stored. Then the rules run in this order, and the first one that decides is recorded on the
comment (``reason_code`` and a sentence in ``reason``), so every held comment says why:

1. the hidden honeypot field was filled in                        → spam
2. the form came back faster than COMMENTS_MIN_SECONDS, or its
   signed timestamp is missing or altered                           → spam
3. a ban names the commenter's account, email or IP (or network)   → spam
4. a block word appears in the name, email, website or text        → spam
5. a hold word appears                                             → pending
6. more links than the limit (default 2)                           → pending
7. a trust names the commenter, or they moderate comments or
   wrote the essay                                                  → approved
8. the commenter's account has no verified email address, no social
   identity and is not staff                                        → pending
9. the commenter has never commented before                        → pending
10. the commenter has an approved comment                          → approved
11. otherwise (earlier comments still waiting or rejected)          → pending

Trust is checked before "first comment" on purpose: trusting an address is how a moderator
lets a known person's very first comment through.

Rule 8 is why local sign-up still leaves a reader's comments in the queue: anyone can sign up
with anyone's address, so until the address is verified an account is no better known than a
guest. A social identity counts as verified — the provider vouches for the person, and some
(X) give no address at all — and so does staff, whose accounts the site made itself.

Word lists, the link limit and the closing age live in :class:`ModerationSettings`, which
moderators edit; the other thresholds are ``COMMENTS_*`` settings.

Example::

    decision = decide(Submission(article=essay, identity="email:ann@example.org", ...))
    decision.status  # "pending"
    decision.reason  # "First comment from this commenter."
"""

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from comments.markup import count_links, find_word
from comments.models import Comment, IdentityRule, ModerationSettings
from comments.models.moderation import Decision

Status = Comment.Status
Reason = Comment.Reason
FORM_SALT = "comments.form-started"


class CommentsClosed(Exception):
    """The essay takes no comments; the message says why, for the reader."""


class RateLimited(Exception):
    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Submission:
    """What the rules look at: the comment as posted and where it came from."""

    article: object
    identity: str
    body: str
    user: object = None
    name: str = ""
    email: str = ""
    website: str = ""
    ip_address: str | None = None
    honeypot: str = ""
    form_token: str = ""


def form_token(article, *, at=None):
    """A signed note of when the comment form was shown, for the too-fast rule.

    It also carries a random key that the comment posted with it keeps (``Comment.form_key``,
    unique), so each form shown posts at most one comment: a double click, a resent form or a
    robot replaying one token gets the first comment back and stores nothing.
    """
    return signing.dumps(
        {
            "article": article.pk,
            "at": int(at if at is not None else time.time()),
            "key": secrets.token_urlsafe(16),
        },
        salt=FORM_SALT,
    )


def _form_data(token, article):
    try:
        data = signing.loads(token, salt=FORM_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("article") != article.pk:
        return None
    return data


def seconds_since_form_shown(token, article):
    """Seconds since the form was shown, or ``None`` when the token is missing, altered or
    from another essay."""
    data = _form_data(token, article)
    if data is None:
        return None
    return time.time() - data.get("at", 0)


def form_token_expired(token, article):
    """Whether a genuine token is older than COMMENTS_FORM_MAX_AGE: the form must be sent
    again (with a fresh token) rather than posted with one that could be saved and reused."""
    seconds = seconds_since_form_shown(token, article)
    return seconds is not None and seconds > settings.COMMENTS_FORM_MAX_AGE


def form_token_key(token, article):
    """The one-post key in a genuine token, or ``None``."""
    data = _form_data(token, article)
    key = data.get("key") if data else None
    return key if isinstance(key, str) and 0 < len(key) <= 40 else None


def closed_reason(article, *, moderation=None):
    """Why ``article`` takes no comments now, or ``None`` when it does."""
    if not article.comments_open:
        return "Comments are closed on this essay."
    days = (moderation or ModerationSettings.load()).close_after
    if days and article.publish_at and article.publish_at < timezone.now() - timedelta(days=days):
        return f"Comments close {days} days after an essay is published; this one is older."
    return None


def _hit(key, limit, window):
    """Count one post in a fixed window; return the seconds to wait when over ``limit``."""
    now = time.time()
    bucket = f"comments:rate:{key}:{window}:{int(now // window)}"
    cache.add(bucket, 0, timeout=window + 5)
    try:
        count = cache.incr(bucket)
    except ValueError:  # the bucket expired between add() and incr()
        cache.set(bucket, 1, timeout=window + 5)
        count = 1
    if count > limit:
        return int(window - now % window) + 1
    return 0


def check_rate_limit(*, ip_address, identity):
    """Count a post against its IP address and its commenter; raise :class:`RateLimited`
    when either has posted more than COMMENTS_RATE_PER_MINUTE or _PER_HOUR."""
    limits = [
        (settings.COMMENTS_RATE_PER_MINUTE, 60, "a minute"),
        (settings.COMMENTS_RATE_PER_HOUR, 3600, "an hour"),
    ]
    keys = [f"identity:{identity}"] + ([f"ip:{ip_address}"] if ip_address else [])
    for limit, window, words in limits:
        waits = [_hit(key, limit, window) for key in keys]
        if any(waits):
            raise RateLimited(
                f"You have posted more than {limit} comments in {words}. "
                f"Please wait {_duration(max(waits))} and try again.",
                retry_after=max(waits),
            )


def _duration(seconds):
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


def _texts(sub):
    return [sub.name, sub.email, sub.website, sub.body]


def _honeypot(sub, ctx):
    if sub.honeypot.strip():
        return Decision(
            Status.SPAM, Reason.HONEYPOT, "The hidden field that only robots fill in was filled in."
        )


def _too_fast(sub, ctx):
    seconds = seconds_since_form_shown(sub.form_token, sub.article)
    if seconds is None:
        return Decision(
            Status.SPAM, Reason.TOO_FAST, "The form's signed timestamp was missing or altered."
        )
    if seconds > settings.COMMENTS_FORM_MAX_AGE:
        return Decision(Status.SPAM, Reason.TOO_FAST, "The form's signed timestamp had expired.")
    if seconds < settings.COMMENTS_MIN_SECONDS:
        return Decision(
            Status.SPAM,
            Reason.TOO_FAST,
            f"Posted {max(seconds, 0):.1f} seconds after the form was shown "
            f"(the minimum is {settings.COMMENTS_MIN_SECONDS}).",
        )


def _banned(sub, ctx):
    bans = [rule for rule in ctx["rules"] if rule.kind == IdentityRule.Kind.BAN]
    if bans:
        rule = bans[0]
        note = f" ({rule.note})" if rule.note else ""
        return Decision(Status.SPAM, Reason.BANNED, f"Banned by the rule “{rule.value}”{note}.")


def _block_word(sub, ctx):
    word = find_word(ctx["moderation"].block_list, _texts(sub))
    if word:
        return Decision(Status.SPAM, Reason.BLOCK_WORD, f"Contains the block word “{word}”.")


def _hold_word(sub, ctx):
    word = find_word(ctx["moderation"].hold_list, _texts(sub))
    if word:
        return Decision(Status.PENDING, Reason.HOLD_WORD, f"Contains the hold word “{word}”.")


def _links(sub, ctx):
    limit = ctx["moderation"].link_limit
    links = count_links(sub.body)
    if links > limit:
        return Decision(
            Status.PENDING, Reason.LINKS, f"Has {links} links; more than {limit} are held."
        )


def _trusted(sub, ctx):
    trusts = [rule for rule in ctx["rules"] if rule.kind == IdentityRule.Kind.TRUST]
    if trusts:
        return Decision(
            Status.APPROVED, Reason.TRUSTED, f"Trusted by the rule “{trusts[0].value}”."
        )
    user = sub.user
    if user is not None and user.is_authenticated:
        if user.has_perm("comments.moderate_comment"):
            return Decision(Status.APPROVED, Reason.TRUSTED, "Posted by a moderator.")
        if sub.article.authors.filter(pk=user.pk).exists():
            return Decision(Status.APPROVED, Reason.TRUSTED, "Posted by the essay's author.")


def is_verified_commenter(user):
    """Whether an account is known beyond the address typed at sign-up (see rule 8)."""
    return (
        user.is_staff
        or EmailAddress.objects.filter(user=user, verified=True).exists()
        or SocialAccount.objects.filter(user=user).exists()
    )


def _unverified(sub, ctx):
    user = sub.user
    if user is not None and user.is_authenticated and not is_verified_commenter(user):
        return Decision(
            Status.PENDING,
            Reason.UNVERIFIED_EMAIL,
            "The commenter's email address is not verified yet.",
        )


def _history(sub, ctx):
    earlier = Comment.objects.by_identity(sub.identity)
    if not earlier.exists():
        return Decision(Status.PENDING, Reason.FIRST_COMMENT, "First comment from this commenter.")
    if earlier.filter(status=Status.APPROVED).exists():
        return Decision(
            Status.APPROVED, Reason.APPROVED_BEFORE, "This commenter has an approved comment."
        )
    return Decision(
        Status.PENDING,
        Reason.NOT_YET_APPROVED,
        "This commenter has commented before, but nothing has been approved yet.",
    )


RULES = [
    _honeypot,
    _too_fast,
    _banned,
    _block_word,
    _hold_word,
    _links,
    _trusted,
    _unverified,
    _history,
]


def decide(submission, *, moderation=None):
    """Run the rules in order and return the first :class:`Decision`."""
    ctx = {
        "moderation": moderation or ModerationSettings.load(),
        "rules": IdentityRule.objects.matching(
            identity=submission.identity,
            email=submission.email,
            ip_address=submission.ip_address,
        ),
    }
    for rule in RULES:
        decision = rule(submission, ctx)
        if decision is not None:
            return decision
    raise AssertionError("the last rule always decides")  # pragma: no cover
