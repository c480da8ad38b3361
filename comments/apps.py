from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        # Notification email: comment and essay signals enqueue tasks (comments/receivers.py).
        from comments import admin_subscriptions, receivers  # noqa: F401
