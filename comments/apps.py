from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        # Notification email: comment and essay signals enqueue tasks (comments/receivers.py).
        from accounts.personal_data import register_eraser, register_exporter
        from comments import admin_subscriptions, personal_data, receivers  # noqa: F401

        # A reader's data export and account deletion include their comments and subscriptions.
        register_exporter("comments", personal_data.export_comments)
        register_exporter("subscriptions", personal_data.export_subscriptions)
        register_eraser("comments", personal_data.erase)
