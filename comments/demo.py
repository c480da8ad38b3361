"""Demo comments: a few conversations under three demo essays, and one comment still waiting.

Called by ``load_demo`` after :func:`reviews.demo.ensure_demo_content`. Each comment goes
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
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from comments.models import Comment, ModerationAction, ModerationSettings, identity_key
from comments.moderation import Submission, decide, form_token
from reviews.models import Article

MODERATOR = "moderator"  # the demo account in the Moderators group (accounts.demo)

# ``key`` names a comment for the replies below it; ``parent`` is the key it answers.
# ``user`` is a demo account's username; otherwise ``name``/``email`` (and ``website``) make a
# guest. ``hours``: how long after the essay's publication it was posted. ``ip`` and ``agent``
# are documentation addresses and ordinary browsers, so the queue shows what it would.
COMMENTS = [
    {
        "key": "hal-score",
        "essay": "there-will-be-blood-noise-under-the-ground",
        "name": "Hal Brennan",
        "email": "hal.brennan@example.org",
        "hours": 20,
        "ip": "198.51.100.23",
        "agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Gecko/20100101 Firefox/128.0",
        "body": (
            "The Academy ruling still seems backwards to me. Reusing your own concert music "
            "is exactly what made the score sound like it came from somewhere older than the "
            "film. Would it have counted if he had written it all in 2007 and it sounded "
            "worse?"
        ),
    },
    {
        "key": "ruth-score",
        "parent": "hal-score",
        "essay": "there-will-be-blood-noise-under-the-ground",
        "user": "critic",
        "hours": 23,
        "body": (
            "I think the rule is reasonable on paper: an award for *original* music should "
            "reward music written for the picture. What it can't measure is the fit. "
            "*Popcorn Superhet Receiver* was written as a study in string clusters; laid "
            "over those hills it turns into the sound of wanting."
        ),
    },
    {
        "key": "hal-fit",
        "parent": "ruth-score",
        "essay": "there-will-be-blood-noise-under-the-ground",
        "name": "Hal Brennan",
        "email": "hal.brennan@example.org",
        "hours": 26,
        "ip": "198.51.100.23",
        "agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Gecko/20100101 Firefox/128.0",
        "body": (
            "“The sound of wanting” is good. I went back to the derrick fire after reading "
            "this and you are right that the percussion sounds like the machine is playing "
            "itself."
        ),
    },
    {
        "key": "marisol-ending",
        "essay": "there-will-be-blood-noise-under-the-ground",
        "name": "Marisol Quintero",
        "email": "marisol.q@example.net",
        "hours": 41,
        "ip": "203.0.113.80",
        "agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/126.0 Mobile Safari/537.36",
        "body": (
            "For anyone reading the comments before seeing it: go in cold for the last "
            "scene.\n\n"
            "||When the Brahms starts over the credits, straight after the bowling pin, I "
            "laughed out loud and then felt terrible about laughing.||"
        ),
    },
    {
        "key": "kenji-frame",
        "essay": "in-the-mood-for-love-corridors",
        "name": "Kenji Mori",
        "email": "kenji.mori@example.com",
        "website": "https://stills.example.com/",
        "hours": 30,
        "ip": "203.0.113.17",
        "agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36",
        "body": (
            "The footnote about 1.66:1 is the thing I will take away. I keep a notebook of "
            "frame grabs and had never noticed how often a door jamb takes a third of the "
            "picture. The frame is narrow and then the rooms narrow it again."
        ),
    },
    {
        "key": "mara-doorways",
        "parent": "kenji-frame",
        "essay": "in-the-mood-for-love-corridors",
        "user": "editor",
        "hours": 34,
        "body": (
            "Watch the noodle-stall stairs with that in mind: the wall on the left is "
            "almost always in shot, so they pass each other in about half a frame."
        ),
    },
    {
        "key": "odile-waltz",
        "essay": "in-the-mood-for-love-corridors",
        "name": "Odile Marchand",
        "email": "odile.marchand@example.org",
        "hours": 52,
        "ip": "198.51.100.141",
        "agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1",
        "body": (
            "> Nothing moves forward; everything deepens.\n\n"
            "That is the waltz too. It never develops, it only comes back, and each time "
            "it comes back it means more."
        ),
    },
    {
        "key": "priya-screening",
        "essay": "paul-thomas-anderson-haim-lost-track",
        "name": "Priya Raman",
        "email": "priya.raman@example.net",
        "hours": 9,
        "ip": "203.0.113.52",
        "agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "body": (
            "I saw it before a *Licorice Pizza* screening without knowing it was coming. "
            "Nobody in the room was sure whether it was a trailer, an advert or a short, "
            "and by the time the centrepiece caught fire everyone had stopped whispering."
        ),
    },
    {
        "key": "mara-screening",
        "parent": "priya-screening",
        "essay": "paul-thomas-anderson-haim-lost-track",
        "user": "editor",
        "hours": 11,
        "body": (
            "That uncertainty is a large part of why the wide frame works: in a cinema "
            "there is no little player around it to tell you what kind of thing you are "
            "watching."
        ),
    },
    {
        # Left waiting: a first-time guest, so the moderator's queue is not empty.
        "key": "sam-question",
        "essay": "paul-thomas-anderson-haim-lost-track",
        "name": "Sam Okoro",
        "email": "sam.okoro@example.com",
        "hours": 60,
        "ip": "203.0.113.45",
        "agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15",
        "pending": True,
        "body": (
            "Is the video shot on film like the features? The colour in the luncheon "
            "scenes looks like it, but I could not find anything that says."
        ),
    },
]


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
    usernames = {data["user"] for data in COMMENTS if "user" in data} | {MODERATOR}
    accounts = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    moderator = accounts.get(MODERATOR)
    slugs = {data["essay"] for data in COMMENTS}
    essays = {a.slug: a for a in Article.objects.published().filter(slug__in=slugs)}
    moderation = ModerationSettings.load()

    comments, created = {}, 0
    for data in COMMENTS:
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
    return {"comments": (created, len(COMMENTS))}
