from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        # Notification email (receivers.py) and the comment counter on essays (counts.py) follow
        # comment and essay signals; the admin modules add comments' parts to other apps' admin.
        from accounts.personal_data import register_eraser, register_exporter
        from comments import (  # noqa: F401
            admin_essays,
            admin_subscriptions,
            counts,
            personal_data,
            receivers,
        )

        # A reader's data export and account deletion include their comments and subscriptions.
        register_exporter("comments", personal_data.export_comments)
        register_exporter("subscriptions", personal_data.export_subscriptions)
        register_eraser("comments", personal_data.erase)
