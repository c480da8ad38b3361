"""Who gets which email, and the record that an email went out.

Readers opt in (a :class:`Subscription`, confirmed by email unless the address is already
verified); staff are told by default and may opt out (an :class:`OptOut`). Every email names
its *list* — a short key such as ``"followups:12"`` — so one signed unsubscribe token can say
exactly what to stop (see :mod:`comments.notifications`).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comments.identities import normalise_email
from reviews.models import Article

# A guest can type anyone's address into the comment form: ask that address at most this
# often, so the form cannot be used to flood a stranger's inbox with confirmation requests.
CONFIRMATION_RESEND_AFTER = timedelta(days=1)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def followups(self, article):
        return self.filter(kind=Subscription.Kind.FOLLOWUPS, article=article)

    def new_essays(self):
        return self.filter(kind=Subscription.Kind.NEW_ESSAYS)

    def for_list(self, email, list_key):
        """The subscriptions an unsubscribe link for ``list_key`` (e.g. ``"followups:12"``)
        covers."""
        kind, _, article_id = list_key.partition(":")
        subscriptions = self.filter(email=normalise_email(email), kind=kind)
        if kind == Subscription.Kind.FOLLOWUPS and article_id.isdigit():
            return subscriptions.filter(article_id=article_id)
        if kind == Subscription.Kind.NEW_ESSAYS:
            return subscriptions
        return self.none()

    def subscribe(self, *, email, kind, article=None, user=None):
        """Subscribe ``email`` and return ``(subscription, needs_confirmation)``.

        An address the site has already verified (an account's confirmed email) is trusted at
        once; any other address stays unconfirmed, and ``needs_confirmation`` says whether a
        confirmation email should go out now (not if one went out recently).
        """
        email = normalise_email(email)
        subscription, _ = self.get_or_create(
            email=email,
            kind=kind,
            article=article if kind == Subscription.Kind.FOLLOWUPS else None,
            defaults={"user": user},
        )
        if subscription.is_confirmed:
            return subscription, False
        now = timezone.now()
        if user is not None and user_has_verified_email(user, email):
            subscription.user = user
            subscription.confirmed_at = now
            subscription.save(update_fields=["user", "confirmed_at"])
            return subscription, False
        sent = subscription.confirmation_sent_at
        if sent is not None and now - sent < CONFIRMATION_RESEND_AFTER:
            return subscription, False
        subscription.confirmation_sent_at = now
        subscription.save(update_fields=["confirmation_sent_at"])
        return subscription, True


def user_has_verified_email(user, email):
    """Whether ``email`` is one of ``user``'s addresses that the account system has verified."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


class Subscription(models.Model):
    """A reader's request for email: follow-up comments on one essay, or every new essay."""

    class Kind(models.TextChoices):
        FOLLOWUPS = "followups", "Follow-up comments on an essay"
        NEW_ESSAYS = "new_essays", "New essays"

    email = models.EmailField()
    kind = models.CharField(max_length=20, choices=Kind)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        help_text="The essay whose comments are followed; empty for new essays.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        help_text="The account that subscribed, if the reader was signed in.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Empty until the reader confirms by email; nothing is sent before that.",
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "article"],
                condition=Q(kind="followups"),
                name="unique_followup_subscription",
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(kind="new_essays"),
                name="unique_new_essays_subscription",
            ),
            models.CheckConstraint(
                condition=Q(kind="followups", article__isnull=False)
                | Q(kind="new_essays", article__isnull=True),
                name="subscription_article_matches_kind",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.FOLLOWUPS:
            return f"{self.email}: follow-ups on “{self.article}”"
        return f"{self.email}: new essays"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def list_key(self):
        if self.kind == self.Kind.FOLLOWUPS:
            return f"{self.kind}:{self.article_id}"
        return self.kind

    @property
    def description(self):
        """What the reader signed up for, in words for a confirmation page."""
        if self.kind == self.Kind.FOLLOWUPS:
            return f"new comments on “{self.article}”"
        return "an email when a new essay is published"

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


class OptOut(models.Model):
    """An address that asked to stop a kind of email the site sends without a subscription."""

    class Kind(models.TextChoices):
        HELD_COMMENTS = "held_comments", "Comments held for moderation"
        ESSAY_COMMENTS = "essay_comments", "New comments on my essays"

    email = models.EmailField()
    kind = models.CharField(max_length=20, choices=Kind)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "opt-out"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="unique_opt_out"),
        ]

    def __str__(self):
        return f"{self.email}: no “{self.get_kind_display()}”"

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


class SentNotification(models.Model):
    """The record that a one-off notification went out, so it never goes out twice — even if
    its task is enqueued again (an essay re-saved, its time changed, a comment re-approved)."""

    class Kind(models.TextChoices):
        NEW_ESSAY = "new_essay", "New essay announced"
        NEW_COMMENT = "new_comment", "New comment announced"

    kind = models.CharField(max_length=20, choices=Kind)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "comments.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(kind="new_essay"),
                name="unique_new_essay_notification",
            ),
            models.UniqueConstraint(
                fields=["comment"],
                condition=Q(kind="new_comment"),
                name="unique_new_comment_notification",
            ),
        ]

    def __str__(self):
        subject = self.article if self.kind == self.Kind.NEW_ESSAY else self.comment
        return f"{self.get_kind_display()}: {subject} ({self.recipients} recipients)"
