"""The site's notification email: signed links and how each message is put together.

Every message goes to one recipient and names the *lists* it belongs to — ``"followups:12"``
(new comments on essay 12), ``"new_essays"``, ``"held_comments"``, ``"essay_comments"``. The
unsubscribe link signs the address and those lists, so one click (or the mail client's own
button, RFC 8058) stops exactly that email and nothing else::

    message = build_email(
        "new_comment", {"comment": comment}, to="reader@example.org",
        lists=["followups:12"], subject="New comment on “Late Spring”",
    )
    mailers.default.send_messages([message])

Tokens never expire: an unsubscribe link in a year-old email must still work, and all it can
do is stop email to the address it names.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from comments.identities import normalise_email
from comments.models import OptOut, Subscription
from reviews.models import Article

UNSUBSCRIBE_SALT = "comments.unsubscribe"
CONFIRM_SALT = "comments.subscription-confirm"
# Long enough for a reader who checks email weekly; an older request is simply made again.
CONFIRM_MAX_AGE = 60 * 60 * 24 * 14


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token(email, lists):
    return signing.dumps({"e": email, "l": sorted(lists)}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(email, lists)`` from a token; raises ``signing.BadSignature`` if it was tampered
    with."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        raise signing.BadSignature("Malformed unsubscribe token.")
    lists = [key for key in data.get("l", []) if isinstance(key, str)]
    return data["e"], lists


def unsubscribe_url(email, lists):
    token = unsubscribe_token(email, lists)
    return absolute_url(reverse("comments:unsubscribe", kwargs={"token": token}))


def confirmation_token(email, subscription_ids):
    return signing.dumps(
        {"e": email, "s": sorted(subscription_ids)}, salt=CONFIRM_SALT, compress=True
    )


def read_confirmation_token(token):
    """``(email, subscription_ids)``; raises ``signing.BadSignature`` (or its subclass
    ``SignatureExpired``) for a tampered or stale token."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        raise signing.BadSignature("Malformed confirmation token.")
    return data["e"], [pk for pk in data.get("s", []) if isinstance(pk, int)]


def describe_list(key):
    """What a list key means, for the unsubscribe page."""
    kind, _, article_id = key.partition(":")
    if kind == Subscription.Kind.FOLLOWUPS:
        title = None
        if article_id.isdigit():
            title = Article.objects.filter(pk=article_id).values_list("title", flat=True).first()
        return f"new comments on “{title}”" if title else "new comments on an essay"
    descriptions = {
        Subscription.Kind.NEW_ESSAYS: "an email for each new essay",
        OptOut.Kind.HELD_COMMENTS: "comments held for moderation",
        OptOut.Kind.ESSAY_COMMENTS: "new comments on your essays",
    }
    return descriptions.get(kind)


def unsubscribe(email, lists):
    """Stop the email ``lists`` for ``email``: delete the subscriptions, record opt-outs."""
    for key in lists:
        if key in OptOut.Kind.values:
            OptOut.objects.get_or_create(email=normalise_email(email), kind=key)
        else:
            Subscription.objects.for_list(email, key).delete()


def build_email(template, context, *, to, lists, subject):
    """One message for one recipient: plain text and HTML from ``comments/email/<template>``,
    with the one-click unsubscribe link in the body and in the ``List-Unsubscribe`` header."""
    link = unsubscribe_url(to, lists)
    context = {
        **context,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "unsubscribe_url": link,
        "recipient": to,
    }
    text = render_to_string(f"comments/email/{template}.txt", context)
    html = render_to_string(f"comments/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: machine-sent, so vacation responders stay quiet.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
