from comments.identities import identity_key
from comments.models.comments import Comment, CommentQuerySet
from comments.models.imported import ImportedComment
from comments.models.moderation import IdentityRule, ModerationAction, ModerationSettings
from comments.models.subscriptions import OptOut, SentNotification, Subscription

__all__ = [
    "Comment",
    "CommentQuerySet",
    "IdentityRule",
    "ImportedComment",
    "ModerationAction",
    "ModerationSettings",
    "OptOut",
    "SentNotification",
    "Subscription",
    "identity_key",
]
