from django.contrib import admin, messages
from django.shortcuts import redirect

from comments.models import Comment, IdentityRule, ModerationAction, ModerationSettings

Action = ModerationAction.Action

# What the rules, the request and the moderators recorded: shown, never edited by hand.
MODERATION_FIELDS = [
    "reason_code",
    "reason",
    "identity",
    "submitted_at",
    "ip_address",
    "user_agent",
    "edited_at",
    "approved_by",
    "approved_at",
]


def _moderation_action(action, description):
    @admin.action(description=description, permissions=["moderate"])
    def run(modeladmin, request, queryset):
        comments = list(queryset)
        for comment in comments:
            comment.moderate(action, moderator=request.user)
        modeladmin.message_user(
            request, f"{action.label}: {len(comments)} comment(s).", messages.SUCCESS
        )

    run.__name__ = f"moderate_{action.value}"
    return run


@admin.action(description="Approve one comment and reply to it", permissions=["moderate"])
def approve_and_reply(modeladmin, request, queryset):
    """As the queue's button: approve, then open the essay's reply form under the comment."""
    if queryset.count() != 1:
        modeladmin.message_user(
            request, "Approve and reply works on one comment at a time.", messages.WARNING
        )
        return None
    comment = queryset.select_related("article").get()
    comment.moderate(Action.APPROVE, moderator=request.user)
    return redirect(comment.get_reply_url())


class ModerationActionInline(admin.TabularInline):
    model = ModerationAction
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "moderator", "from_status", "to_status", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "author_name",
        "excerpt",
        "article",
        "status",
        "reason_code",
        "submitted_at",
        "ip_address",
    ]
    list_filter = ["status", "reason_code", "is_deleted", "submitted_at"]
    search_fields = ["author_name", "author_email", "identity", "body", "ip_address"]
    list_select_related = ["article"]
    date_hierarchy = "submitted_at"
    raw_id_fields = ["article", "parent", "user"]
    readonly_fields = MODERATION_FIELDS
    fieldsets = [
        (None, {"fields": ["article", "parent", "body", "status", "is_deleted"]}),
        ("Author", {"fields": ["user", "author_name", "author_email", "author_website"]}),
        ("Moderation", {"fields": MODERATION_FIELDS}),
    ]
    inlines = [ModerationActionInline]
    actions = [
        _moderation_action(Action.APPROVE, "Approve the selected comments"),
        approve_and_reply,
        _moderation_action(Action.SPAM, "Mark the selected comments as spam"),
        _moderation_action(Action.REMOVE, "Remove the selected comments"),
        _moderation_action(Action.TRUST, "Trust the commenters and approve"),
        _moderation_action(Action.BAN, "Ban the commenters and mark as spam"),
    ]

    @admin.display(description="comment")
    def excerpt(self, comment):
        text = " ".join(comment.body.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def save_model(self, request, obj, form, change):
        # A status changed in the form goes through the same path as the queue, so it is
        # recorded and an approval is announced.
        if change and "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            action = {
                Comment.Status.APPROVED: Action.APPROVE,
                Comment.Status.SPAM: Action.SPAM,
                Comment.Status.REMOVED: Action.REMOVE,
                Comment.Status.PENDING: Action.PEND,
            }[new_status]
            obj.moderate(action, moderator=request.user, note="Changed in the admin.")
        else:
            super().save_model(request, obj, form, change)


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "comment", "moderator", "from_status", "to_status"]
    list_filter = ["action", "created_at"]
    search_fields = ["note", "comment__author_name", "moderator__username"]
    list_select_related = ["comment__article", "moderator"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IdentityRule)
class IdentityRuleAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not ModerationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
