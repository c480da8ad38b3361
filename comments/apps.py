from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        # Notification email (receivers.py) and the comment counter on essays (counts.py) follow
        # comment and essay signals; the admin modules add comments' parts to other apps' admin.
        from comments import admin_essays, admin_subscriptions, counts, receivers  # noqa: F401
