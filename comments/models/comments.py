from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from comments.identities import identity_key
from comments.markup import has_spoilers, render_comment
from comments.models.moderation import IdentityRule, ModerationAction, ModerationSettings
from comments.signals import comment_approved, comment_held

IDENTICON_SALT = "comments.identicon"


def identicon_digest(identity):
    # Salted: a key derived for this use alone, never the secret key itself.
    return salted_hmac(IDENTICON_SALT, identity, algorithm="sha256").hexdigest()[:20]


class CommentQuerySet(models.QuerySet):
    def public(self):
        """What readers may see and count: approved and not deleted by their author."""
        return self.filter(status=Comment.Status.APPROVED, is_deleted=False)

    def visible_to(self, reader=None, *, own_ids=()):
        """What a thread may need to show ``reader``: approved comments, the reader's own
        (by account or by the ids this browser posted), and hidden comments that have replies,
        which stay as placeholders. Spam and removed comments nobody answered never leave the
        database, however many robots fill it with them."""
        mine = models.Q(pk__in=list(own_ids))
        if reader is not None and reader.is_authenticated:
            mine |= models.Q(user=reader)
        answered = models.Exists(Comment.objects.filter(parent=models.OuterRef("pk")))
        return self.filter(models.Q(status=Comment.Status.APPROVED) | mine | answered)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def on(self, article):
        return self.filter(article=article)

    def by_identity(self, key):
        return self.filter(identity=key)

    def for_thread(self):
        """Without the columns no thread shows (the largest among them). The commenters'
        social identities and pictures come in one more query, from ``comments.avatars``."""
        return self.defer("body", "ip_address", "user_agent", "reason", "author_email")

    def for_queue(self):
        return self.select_related("article", "parent", "user", "approved_by")

    def count_per_article(self):
        """A subquery counting these comments for each row of an Article queryset, for
        ``Article.objects.annotate(n=Comment.objects.public().count_per_article())``."""
        return models.Subquery(
            self.filter(article=models.OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=models.Count("pk"))
            .values("n"),
            output_field=models.IntegerField(),
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    class Reason(models.TextChoices):
        """What set a comment's status: one of the rules in comments.moderation, or a person."""

        HONEYPOT = "honeypot", "Hidden field filled in"
        TOO_FAST = "too_fast", "Posted too fast or with a broken form"
        BANNED = "banned", "Banned commenter"
        BLOCK_WORD = "block_word", "Block word"
        HOLD_WORD = "hold_word", "Hold word"
        LINKS = "links", "Too many links"
        TRUSTED = "trusted", "Trusted commenter"
        UNVERIFIED_EMAIL = "unverified_email", "Email address not verified yet"
        FIRST_COMMENT = "first_comment", "First comment from this commenter"
        APPROVED_BEFORE = "approved_before", "Approved comment before"
        NOT_YET_APPROVED = "not_yet_approved", "No approved comment yet"
        EDITED = "edited", "Changed by an edit"
        MODERATOR = "moderator", "Moderator"

    article = models.ForeignKey(
        "reviews.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one answers; empty for a new thread.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="Empty for a guest.",
    )
    author_name = models.CharField("name", max_length=100)
    author_email = models.EmailField("email", blank=True)
    author_website = models.URLField("website", blank=True, max_length=300)
    identity = models.CharField(
        max_length=320,
        db_index=True,
        editable=False,
        help_text="Who wrote it, for bans and trusts: user:42 for an account, "
        "email:ann@example.org for a guest.",
    )
    body = models.TextField(
        help_text="Plain text with *emphasis*, **strong**, [links](https://…), > quotes, "
        "`code` and ||spoilers||."
    )
    body_html = models.TextField(editable=False, blank=True)
    contains_spoilers = models.BooleanField(default=False, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    reason_code = models.CharField(
        "decided by",
        max_length=20,
        choices=Reason,
        blank=True,
        help_text="The rule or person that set the status.",
    )
    reason = models.CharField(max_length=300, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(
        "deleted by its author",
        default=False,
        help_text="Kept as a “deleted” placeholder because it has replies.",
    )

    # Stored on posting, read by every page view (comments.threads): which thread a comment is
    # in lets a page load only its own threads, and the identicon's keyed hash is not
    # recomputed for every comment shown.
    thread = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        help_text="The comment that started its thread; empty for that comment itself.",
    )
    depth = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="1 for a new thread, 2 for a reply to it, and so on."
    )
    identicon = models.CharField(max_length=20, blank=True, editable=False)

    form_key = models.CharField(
        max_length=40,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The one-post key of the form it was sent with; a resent form finds it here.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status"]),
            # The moderation queue, and the front page's month of comments counted per essay
            # (on PostgreSQL from the index alone).
            models.Index(
                fields=["status", "submitted_at"],
                include=["article", "is_deleted", "id"],
                name="comments_co_status_ca9c7a_idx",
            ),
            # A thread page walks the essay's first comments in order (comments.threads); on
            # PostgreSQL the index alone says whether a reader sees them.
            models.Index(
                fields=["article", "submitted_at", "id"],
                condition=models.Q(thread__isnull=True),
                include=["status", "is_deleted", "user"],
                name="comments_first_in_thread",
            ),
        ]
        permissions = [("moderate_comment", "Can moderate comments")]

    def __str__(self):
        return f"{self.author_name} on “{self.article}”"

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    def get_reply_url(self):
        """The essay's comment form, set to answer this comment."""
        return f"{self.article.get_absolute_url()}?replyto={self.pk}#comment-form"

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED and not self.is_deleted

    @property
    def is_guest(self):
        return self.user_id is None

    @property
    def root_id(self):
        return self.thread_id or self.pk

    @property
    def identicon_digest(self):
        """A keyed hash of the identity: stable per commenter, reveals no address."""
        return self.identicon or identicon_digest(self.identity)

    @property
    def identicon_url(self):
        """The avatar drawn by this site; a thread prefers a social picture when there is one
        (see :mod:`comments.avatars`)."""
        return reverse("comments:identicon", kwargs={"digest": self.identicon_digest})

    def editable_until(self):
        return self.submitted_at + timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)

    @property
    def in_edit_window(self):
        return (
            not self.is_deleted
            and self.status in (self.Status.APPROVED, self.Status.PENDING)
            and timezone.now() <= self.editable_until()
        )

    def can_edit(self, user):
        """Only the account that wrote it, and only for COMMENTS_EDIT_MINUTES."""
        return user.is_authenticated and self.user_id == user.pk and self.in_edit_window

    def can_delete(self, user):
        return (
            user.is_authenticated
            and self.user_id == user.pk
            and not self.is_deleted
            and self.status in (self.Status.APPROVED, self.Status.PENDING)
        )

    def edit_by_author(self, body, *, by):
        """The author's edit: new text, checked again by the rules. A block word sends the
        comment to spam; an approved comment that gains a hold word or links goes back to the
        queue (and moderators are told, as of any held comment). Recorded in the audit trail.
        Returns the rules' ``Decision``, or ``None`` when the status stays as it was."""
        if not self.can_edit(by):
            raise PermissionDenied("This comment can no longer be edited.")
        with transaction.atomic():
            old_body, previous = self.body, self.status
            self.body, self.edited_at = body, timezone.now()
            decision = ModerationSettings.load().judge_edit(self, old_body)
            if decision is not None:
                self.status, self.reason_code, self.reason = decision
            self.save()
            self.moderation_actions.create(
                action=ModerationAction.Action.EDIT,
                from_status=previous,
                to_status=self.status,
                note=decision.reason if decision else "",
            )
            if self.status == self.Status.PENDING and previous != self.status:
                transaction.on_commit(lambda: comment_held.send(sender=Comment, comment=self))
        return decision

    def delete_by_author(self, *, by):
        """The author's delete (see :meth:`withdraw`), for the account that wrote it."""
        if not self.can_delete(by):
            raise PermissionDenied("This comment cannot be deleted.")
        self.withdraw()

    def withdraw(self):
        """Take the comment back on its author's behalf: one with replies stays as an empty
        "deleted" placeholder so the replies still answer something; one without goes.
        Recorded in the audit trail. Callers check the right to do it: the author's own
        delete, or the erasure of a person's data."""
        with transaction.atomic():
            record = ModerationAction(
                action=ModerationAction.Action.DELETE,
                from_status=self.status,
                note=f"Comment #{self.pk} by {self.author_name}",
            )
            if self.replies.exists():
                self.is_deleted, self.body = True, ""
                self.save(update_fields=["is_deleted", "body"])
                record.comment, record.to_status = self, self.status
            else:
                self.delete()
            record.save()

    def moderate(self, action, *, moderator, note="", announce=True):
        """Apply a moderator's ``ModerationAction.Action`` to this comment and record it.

        Trust and ban also add a rule for the commenter's identity; a ban sends their other
        waiting comments to spam too. Becoming approved sends ``comment_approved`` after
        commit, unless ``announce`` is false (back-dated comments, such as the demo's, are
        not news to email anyone about).
        """
        Action = ModerationAction.Action
        action = Action(action)
        targets = {
            Action.APPROVE: self.Status.APPROVED,
            Action.TRUST: self.Status.APPROVED,
            Action.SPAM: self.Status.SPAM,
            Action.BAN: self.Status.SPAM,
            Action.REMOVE: self.Status.REMOVED,
            Action.PEND: self.Status.PENDING,
        }
        with transaction.atomic():
            # Two moderators on one comment at once: the second waits, then starts from the
            # status the first left, so the audit trail reads as one story.
            current = Comment.objects.select_for_update().only("status", "reason").get(pk=self.pk)
            self.status, self.reason = current.status, current.reason
            if action in (Action.TRUST, Action.BAN):
                kind = IdentityRule.Kind.TRUST if action == Action.TRUST else IdentityRule.Kind.BAN
                IdentityRule.objects.get_or_create(
                    kind=kind,
                    value=self.identity,
                    defaults={"note": note or f"From comment #{self.pk}", "created_by": moderator},
                )
            self._set_status(
                targets[action], action=action, moderator=moderator, note=note, announce=announce
            )
            if action == Action.BAN:
                others = Comment.objects.by_identity(self.identity).pending().exclude(pk=self.pk)
                for other in others:
                    other._set_status(
                        self.Status.SPAM, action=action, moderator=moderator, note=note
                    )

    def _set_status(self, status, *, action, moderator, note="", announce=True):
        previous, previous_reason = self.status, self.reason
        self.status = status
        self.reason_code = self.Reason.MODERATOR
        self.reason = f"{action.label} by {moderator.get_display_name()}."[:300]
        fields = ["status", "reason_code", "reason"]
        becomes_approved = status == self.Status.APPROVED and previous != status
        if becomes_approved:
            self.approved_by, self.approved_at = moderator, timezone.now()
            fields += ["approved_by", "approved_at"]
        self.save(update_fields=fields)
        self.moderation_actions.create(
            moderator=moderator,
            action=action,
            from_status=previous,
            to_status=status,
            note=(note or previous_reason)[:300],
        )
        if becomes_approved and announce:
            transaction.on_commit(lambda: comment_approved.send(sender=Comment, comment=self))

    def save(self, *args, **kwargs):
        self.identity = (
            f"user:{self.user_id}" if self.user_id else identity_key(email=self.author_email)
        )
        self.identicon = identicon_digest(self.identity)
        if self._state.adding and self.parent_id is not None:
            self.thread_id = self.parent.root_id
            self.depth = self.parent.depth + 1
        update_fields = kwargs.get("update_fields")
        # A status change saves only its own fields: no need to render the text again.
        if update_fields is None or "body" in update_fields:
            self.body_html = render_comment(self.body)
            self.contains_spoilers = has_spoilers(self.body_html)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "contains_spoilers"}
        super().save(*args, **kwargs)
