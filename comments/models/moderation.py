import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from comments.identities import normalise_email
from comments.markup import count_links, find_word


@dataclass(frozen=True)
class Decision:
    """What a moderation rule decided: a comment status, the rule's code and a sentence."""

    status: str
    code: str
    reason: str

    def __iter__(self):
        return iter((self.status, self.code, self.reason))


def default_block_words():
    return "\n".join(settings.COMMENTS_BLOCK_WORDS)


def default_hold_words():
    return "\n".join(settings.COMMENTS_HOLD_WORDS)


class ModerationSettings(models.Model):
    """The word lists and thresholds moderators may change without a deploy. There is one row;
    ``ModerationSettings.load()`` creates it from the site's defaults on first use."""

    block_words = models.TextField(
        blank=True,
        default=default_block_words,
        help_text="One word or phrase a line. A comment containing one is marked as spam.",
    )
    hold_words = models.TextField(
        blank=True,
        default=default_hold_words,
        help_text="One word or phrase a line. A comment containing one waits for a moderator.",
    )
    max_links = models.PositiveSmallIntegerField(
        "most links",
        null=True,
        blank=True,
        help_text="A comment with more links waits for a moderator. Blank: the site default.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        "close comments after (days)",
        null=True,
        blank=True,
        help_text="Days after publication when an essay stops taking comments. 0: never. "
        "Blank: the site default.",
    )

    class Meta:
        verbose_name = "moderation settings"
        verbose_name_plural = "moderation settings"

    def __str__(self):
        return "Moderation settings"

    @classmethod
    def load(cls):
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj

    @staticmethod
    def _lines(text):
        return [line.strip().lower() for line in text.splitlines() if line.strip()]

    @property
    def block_list(self):
        return self._lines(self.block_words)

    @property
    def hold_list(self):
        return self._lines(self.hold_words)

    @property
    def link_limit(self):
        return settings.COMMENTS_MAX_LINKS if self.max_links is None else self.max_links

    @property
    def close_after(self):
        if self.close_after_days is None:
            return settings.COMMENTS_CLOSE_AFTER_DAYS
        return self.close_after_days

    def judge_edit(self, comment, old_body):
        """The status an author's edit leaves ``comment`` in: spam for a block word, back to
        the queue for a hold word or for more links than before. ``None`` leaves it as it
        was."""
        Status, edited = comment.Status, comment.Reason.EDITED
        texts = [comment.author_name, comment.author_email, comment.author_website, comment.body]
        word = find_word(self.block_list, texts)
        if word:
            return Decision(Status.SPAM, edited, f"An edit added the block word “{word}”.")
        if comment.status != Status.APPROVED:
            return None
        word = find_word(self.hold_list, texts)
        if word and not find_word([word], [old_body]):
            return Decision(Status.PENDING, edited, f"An edit added the hold word “{word}”.")
        before, after = count_links(old_body), count_links(comment.body)
        if after > before:
            return Decision(
                Status.PENDING, edited, f"An edit added links ({before} before, {after} now)."
            )
        return None

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)


class IdentityRuleQuerySet(models.QuerySet):
    def bans(self):
        return self.filter(kind=IdentityRule.Kind.BAN)

    def trusts(self):
        return self.filter(kind=IdentityRule.Kind.TRUST)

    def matching(self, *, identity, email="", ip_address=None):
        """Rules naming this commenter's identity, email address or IP address (an IP rule
        may name a network, e.g. ``ip:203.0.113.0/24``)."""
        keys = {identity}
        if email:
            keys.add(f"email:{normalise_email(email)}")
        candidates = self.filter(models.Q(value__in=keys) | models.Q(value__startswith="ip:"))
        matched = []
        for rule in candidates:
            if rule.value in keys or (ip_address and rule.covers_ip(ip_address)):
                matched.append(rule)
        return matched


class IdentityRule(models.Model):
    """A ban or a trust for one commenter: an account, an email address or an IP address."""

    class Kind(models.TextChoices):
        BAN = "ban", "Ban (always spam)"
        TRUST = "trust", "Trust (approve without waiting)"

    kind = models.CharField(max_length=5, choices=Kind)
    value = models.CharField(
        max_length=320,
        help_text="An account as user:42, an email address, or an IP address or network "
        "(e.g. 203.0.113.7 or 203.0.113.0/24).",
    )
    note = models.CharField(max_length=300, blank=True, help_text="Why, for other moderators.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IdentityRuleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="unique_identity_rule"),
        ]

    def __str__(self):
        return f"{self.get_kind_display().split(' ')[0]} {self.value}"

    @staticmethod
    def normalise(value):
        """``user:7``, ``email:a@b.org`` or ``ip:203.0.113.0/24`` from what a moderator types."""
        value = value.strip()
        prefix, _, rest = value.partition(":")
        if prefix in ("user", "email", "ip") and rest:
            value = rest
        else:
            prefix = ""
        if prefix == "user":
            return f"user:{rest.strip()}"
        if prefix == "email" or (not prefix and "@" in value):
            return f"email:{normalise_email(value)}"
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            return value
        if network.num_addresses == 1:
            return f"ip:{network.network_address}"
        return f"ip:{network}"

    def covers_ip(self, ip_address):
        if not self.value.startswith("ip:"):
            return False
        try:
            return ipaddress.ip_address(ip_address) in ipaddress.ip_network(
                self.value[3:], strict=False
            )
        except ValueError:
            return False

    def clean(self):
        self.value = self.normalise(self.value)
        prefix, _, rest = self.value.partition(":")
        if prefix == "user" and not rest.isdigit():
            raise ValidationError({"value": "Write an account as user: and its number: user:42."})
        if prefix not in ("user", "email", "ip"):
            raise ValidationError(
                {"value": "Give an account (user:42), an email address, or an IP address."}
            )

    def save(self, *args, **kwargs):
        self.value = self.normalise(self.value)
        super().save(*args, **kwargs)


class ModerationAction(models.Model):
    """The audit trail: one row for everything a moderator (or an author) did to a comment."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        SPAM = "spam", "Marked as spam"
        REMOVE = "remove", "Removed"
        PEND = "pend", "Returned to the queue"
        TRUST = "trust", "Trusted the commenter"
        BAN = "ban", "Banned the commenter"
        EDIT = "edit", "Edited by its author"
        DELETE = "delete", "Deleted by its author"

    comment = models.ForeignKey(
        "comments.Comment",
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who acted; empty when the author did it or the account is gone.",
    )
    action = models.CharField(max_length=10, choices=Action)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} #{self.comment_id} by {self.moderator or 'author'}"
