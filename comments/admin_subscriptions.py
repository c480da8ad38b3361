"""Admin for who gets email (subscriptions, opt-outs) and what went out. Imported by
``CommentsConfig.ready()`` so it stays beside, not inside, the comments admin."""

from django.contrib import admin
from django.utils import timezone

from comments.models import OptOut, SentNotification, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "article", "user", "created_at", "confirmed_at"]
    list_filter = ["kind", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "article__title", "user__username"]
    raw_id_fields = ["article", "user"]
    readonly_fields = ["created_at", "confirmation_sent_at"]
    date_hierarchy = "created_at"
    actions = ["confirm"]

    @admin.action(
        description="Confirm the selected subscriptions (the reader asked by other means)"
    )
    def confirm(self, request, queryset):
        count = queryset.unconfirmed().update(confirmed_at=timezone.now())
        self.message_user(request, f"Confirmed {count} subscription(s).")


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["email"]


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    """A log: rows are written by the notification tasks, never by hand."""

    list_display = ["kind", "article", "comment", "recipients", "sent_at"]
    list_filter = ["kind"]
    date_hierarchy = "sent_at"
    list_select_related = ["article", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
